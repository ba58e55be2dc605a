// SPDX-License-Identifier: MIT
/*
 * Event generation: the slow paths of the hooks in <umka/fsnotify.h>,
 * reached only when a watch may be interested.
 *
 * Who hears what, as on Linux:
 *  - a watch on an inode gets that inode's events without a name;
 *  - a watch on a directory also gets its children's file events
 *    (open, access, modify, attrib, close) with the child's name, and
 *    name events (create, delete, moves) in it;
 *  - IN_ISDIR is set when the subject is a directory (except on
 *    IN_DELETE_SELF and IN_MOVE_SELF, as Linux 6.x reports); a rename's
 *    IN_MOVED_FROM and IN_MOVED_TO share a cookie;
 *  - IN_ONESHOT ends a watch after its first event, IN_EXCL_UNLINK
 *    mutes file events on names already unlinked;
 *  - IN_DELETE_SELF then IN_IGNORED when the last name of an inode goes
 *    (or, when it is still open, its last user), IN_IGNORED when a
 *    watch ends for any other reason.
 * A child's event goes to its directory's watches first, then to its
 * own, as Linux orders them.
 */
#include "internal.h"

static u32 fsnotify_cookie;	/* atomic: last rename cookie handed out */

/* Under fsnotify_lock: deliver to every watch on @inode that wants it. */
static void send_to_marks(struct inode *inode, u32 mask, u32 cookie,
			  const char *name, size_t len, bool unlinked)
{
	struct inotify_mark *m, *next;

	for (m = inode->i_notify; m; m = next) {
		next = m->i_next;
		if (!(m->mask & mask & IN_ALL_EVENTS))
			continue;
		if (unlinked && (m->mask & IN_EXCL_UNLINK))
			continue;
		inotify_queue_event(m->group, m->wd, mask, cookie, name, len);
		if (m->mask & IN_ONESHOT)
			inotify_destroy_mark(m, true);
	}
}

static u32 isdir(struct inode *inode, u32 mask)
{
	return S_ISDIR(inode->i_mode) ? mask | IN_ISDIR : mask;
}

void __fsnotify_dentry(struct dentry *d, u32 mask, bool file_event)
{
	struct inode *inode = d->d_inode;
	unsigned long flags;
	bool unlinked;

	mask = isdir(inode, mask);
	flags = spin_lock_irqsave(&fsnotify_lock);
	/* Only file events honour IN_EXCL_UNLINK, as on Linux. */
	unlinked = file_event && READ_ONCE(d->d_unhashed);
	/* d_move() changes parent and name under the lock when set. */
	if (READ_ONCE(d->d_notify_parent) && d->d_parent != d) {
		struct inode *dir = d->d_parent->d_inode;

		if (dir && dir->i_notify)
			send_to_marks(dir, mask, 0, d->d_name, d->d_len,
				      unlinked);
	}
	if (inode->i_notify)
		send_to_marks(inode, mask, 0, NULL, 0, unlinked);
	spin_unlock_irqrestore(&fsnotify_lock, flags);
}

void __fsnotify_name(struct dentry *dir, u32 mask, u32 cookie,
		     const char *name, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&fsnotify_lock);

	if (dir->d_inode->i_notify)
		send_to_marks(dir->d_inode, mask, cookie, name, len, false);
	spin_unlock_irqrestore(&fsnotify_lock, flags);
}

void __fsnotify_inode(struct inode *inode, u32 mask)
{
	unsigned long flags = spin_lock_irqsave(&fsnotify_lock);

	/* Linux flags a directory's IN_ATTRIB but not its IN_MOVE_SELF. */
	if (!(mask & IN_MOVE_SELF))
		mask = isdir(inode, mask);
	if (inode->i_notify)
		send_to_marks(inode, mask, 0, NULL, 0, false);
	spin_unlock_irqrestore(&fsnotify_lock, flags);
}

/* Under fsnotify_lock: end every watch on @inode with IN_IGNORED. */
static void destroy_inode_marks(struct inode *inode)
{
	while (inode->i_notify)
		inotify_destroy_mark(inode->i_notify, true);
}

void __fsnotify_inoderemove(struct inode *inode)
{
	unsigned long flags = spin_lock_irqsave(&fsnotify_lock);

	if (inode->i_notify)
		send_to_marks(inode, IN_DELETE_SELF, 0, NULL, 0, false);
	destroy_inode_marks(inode);
	spin_unlock_irqrestore(&fsnotify_lock, flags);
}

void __fsnotify_evict(struct inode *inode)
{
	unsigned long flags = spin_lock_irqsave(&fsnotify_lock);

	destroy_inode_marks(inode);
	spin_unlock_irqrestore(&fsnotify_lock, flags);
}

unsigned long fsnotify_name_lock(void)
{
	return spin_lock_irqsave(&fsnotify_lock);
}

void fsnotify_name_unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&fsnotify_lock, flags);
}

void fsnotify_create(struct dentry *dir, struct dentry *d)
{
	fsnotify_name(dir, isdir(d->d_inode, IN_CREATE), 0, d->d_name,
		      d->d_len);
}

void fsnotify_link(struct dentry *dir, struct dentry *d)
{
	/* The inode's link count changed, then a name appeared. */
	fsnotify_inode(d->d_inode, IN_ATTRIB);
	fsnotify_name(dir, IN_CREATE, 0, d->d_name, d->d_len);
}

void fsnotify_unlink(struct dentry *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;

	if (!S_ISDIR(inode->i_mode))
		fsnotify_inode(inode, IN_ATTRIB);
	/*
	 * Linux reports the inode's end when its dentry is detached: now,
	 * if the tree holds the only reference, else at the last dput().
	 */
	if (!inode->i_nlink && __atomic_load_n(&d->d_count,
					       __ATOMIC_ACQUIRE) == 1)
		fsnotify_inoderemove(inode);
	fsnotify_name(dir, isdir(inode, IN_DELETE), 0, d->d_name, d->d_len);
}

void fsnotify_move(struct dentry *odir, const char *oname, size_t olen,
		   struct dentry *ndir, const char *nname, size_t nlen,
		   struct inode *src, struct inode *target)
{
	u32 cookie;

	if (!READ_ONCE(odir->d_inode->i_notify) &&
	    !READ_ONCE(ndir->d_inode->i_notify) && !READ_ONCE(src->i_notify) &&
	    !(target && READ_ONCE(target->i_notify)))
		return;
	cookie = __atomic_add_fetch(&fsnotify_cookie, 1, __ATOMIC_RELAXED);
	fsnotify_name(odir, isdir(src, IN_MOVED_FROM), cookie, oname, olen);
	fsnotify_name(ndir, isdir(src, IN_MOVED_TO), cookie, nname, nlen);
	if (target)
		fsnotify_inode(target, IN_ATTRIB);
	fsnotify_inode(src, IN_MOVE_SELF);
}
