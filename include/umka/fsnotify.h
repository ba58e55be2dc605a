/* SPDX-License-Identifier: MIT */
/*
 * Filesystem change notification: the hooks the VFS calls so inotify
 * (fs/notify/) can report what happened.  Each hook first tests a
 * pointer in the inode (its watches) or a flag in the dentry (its
 * directory is watched), so an unwatched file costs one load; only then
 * does it call into fs/notify.  Queueing an event takes spinlocks above
 * every VFS lock and allocates without sleeping, so hooks may run with
 * vfs_ns_lock, i_mutex or f_pos_lock held; they never call into the VFS.
 */
#ifndef UMKA_FSNOTIFY_H
#define UMKA_FSNOTIFY_H

#include <umka/file.h>
#include <uapi/inotify.h>

/* The dentry's directory, or the inode itself, has a watch. */
static inline bool fsnotify_watched(struct dentry *d)
{
	return READ_ONCE(d->d_notify_parent) ||
	       READ_ONCE(d->d_inode->i_notify) != NULL;
}

/* Slow paths (fs/notify/fsnotify.c). */
void __fsnotify_dentry(struct dentry *d, u32 mask, bool file_event);
void __fsnotify_name(struct dentry *dir, u32 mask, u32 cookie,
		     const char *name, size_t len);
void __fsnotify_inode(struct inode *inode, u32 mask);
void __fsnotify_inoderemove(struct inode *inode);
void __fsnotify_evict(struct inode *inode);
unsigned long fsnotify_name_lock(void);
void fsnotify_name_unlock(unsigned long flags);

/* Events on an open file: open, read, write, last close. */
static inline void fsnotify_file(struct file *f, u32 mask)
{
	if (!(f->f_mode & FMODE_PATH) && fsnotify_watched(f->f_path.dentry))
		__fsnotify_dentry(f->f_path.dentry, mask, true);
}

static inline void fsnotify_open(struct file *f)
{
	fsnotify_file(f, IN_OPEN);
}

static inline void fsnotify_access(struct file *f)
{
	fsnotify_file(f, IN_ACCESS);
}

static inline void fsnotify_modify(struct file *f)
{
	fsnotify_file(f, IN_MODIFY);
}

static inline void fsnotify_close(struct file *f)
{
	fsnotify_file(f, (f->f_mode & FMODE_WRITE) ? IN_CLOSE_WRITE
						  : IN_CLOSE_NOWRITE);
}

/* Metadata or size changed (chmod, chown, utimes, truncate). */
static inline void fsnotify_change(struct dentry *d, u32 mask)
{
	if (mask && fsnotify_watched(d))
		__fsnotify_dentry(d, mask, false);
}

/* Only the inode's own watches (a link count changed, it moved). */
static inline void fsnotify_inode(struct inode *inode, u32 mask)
{
	if (READ_ONCE(inode->i_notify))
		__fsnotify_inode(inode, mask);
}

/* A name appeared in or left @dir (under vfs_ns_lock). */
static inline void fsnotify_name(struct dentry *dir, u32 mask, u32 cookie,
				 const char *name, size_t len)
{
	if (READ_ONCE(dir->d_inode->i_notify))
		__fsnotify_name(dir, mask, cookie, name, len);
}

/* @d was created in @dir (open O_CREAT, mknod, mkdir, symlink). */
void fsnotify_create(struct dentry *dir, struct dentry *d);
/* A new name @d in @dir for an existing inode (link). */
void fsnotify_link(struct dentry *dir, struct dentry *d);
/* @d is about to be removed from @dir (unlink, rmdir), after ->unlink. */
void fsnotify_unlink(struct dentry *dir, struct dentry *d);
/*
 * A rename moved @src from @odir/@oname to @ndir/@nname, replacing
 * @target (or NULL).  Called before the dentries move.
 */
void fsnotify_move(struct dentry *odir, const char *oname, size_t olen,
		   struct dentry *ndir, const char *nname, size_t nlen,
		   struct inode *src, struct inode *target);

/* The dcache: a dentry was linked or moved (under vfs_ns_lock). */
static inline void fsnotify_d_instantiate(struct dentry *d)
{
	struct inode *dir = d->d_parent->d_inode;

	WRITE_ONCE(d->d_notify_parent,
		   d->d_parent != d && dir && READ_ONCE(dir->i_notify));
}

/* The last dentry of an inode with no links is going away. */
static inline void fsnotify_inoderemove(struct inode *inode)
{
	if (READ_ONCE(inode->i_notify))
		__fsnotify_inoderemove(inode);
}

/* The inode is being freed: its remaining watches end. */
static inline void fsnotify_evict(struct inode *inode)
{
	if (READ_ONCE(inode->i_notify))
		__fsnotify_evict(inode);
}

#endif
