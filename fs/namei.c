// SPDX-License-Identifier: MIT
/*
 * Path walk.  One resolution runs entirely under vfs_ns_lock, so every
 * dentry it passes stays put; the result is referenced before the lock
 * is dropped.  Symlinks are followed by recursion on their target, at
 * most MAXSYMLINKS times per resolution (-ELOOP beyond).
 *
 * Errors any lookup can return:
 *   ENOENT       a component is missing, or the name is empty
 *   ENOTDIR      a non-final component (or one with a trailing slash,
 *                or a LOOKUP_DIRECTORY result) is not a directory
 *   EACCES       a directory on the way is not searchable
 *   ENAMETOOLONG a component longer than NAME_MAX, or a name of
 *                PATH_MAX or more
 *   ELOOP        too many symlinks, or any with RESOLVE_NO_SYMLINKS
 *   EXDEV        RESOLVE_NO_XDEV crossed a mount, RESOLVE_BENEATH escaped
 *   EBADF        dirfd is not open; ENOTDIR if it is not a directory
 *   EFAULT       (getname) a bad user pointer
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/fs_struct.h>
#include <umka/path.h>
#include <umka/slab.h>
#include <umka/sched.h>
#include <umka/string.h>

char *getname(const char __user *name)
{
	char *buf = kmalloc(PATH_MAX);
	long len;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(buf, name, PATH_MAX);
	if (len < 0) {
		kfree(buf);
		return ERR_PTR(len);
	}
	return buf;
}

void putname(char *name)
{
	if (!IS_ERR_OR_NULL(name))
		kfree(name);
}

int nd_start(struct nameidata *nd, int dfd, const char *name,
	     unsigned int flags)
{
	memset(nd, 0, sizeof(*nd));
	nd->flags = flags;
	get_fs_root(&nd->root);
	if (name[0] == '/' && !(flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT))) {
		nd->start = nd->root;
		path_get(&nd->start);
		return 0;
	}
	if (dfd == AT_FDCWD) {
		get_fs_pwd(&nd->start);
	} else {
		struct file *f = fget_raw(dfd);

		if (!f) {
			path_put(&nd->root);
			return -EBADF;
		}
		/* Only a name relative to it needs a directory. */
		if (name[0] && !S_ISDIR(f->f_inode->i_mode)) {
			fput(f);
			path_put(&nd->root);
			return -ENOTDIR;
		}
		nd->start = f->f_path;
		path_get(&nd->start);
		fput(f);
	}
	if (flags & LOOKUP_IN_ROOT) {
		path_put(&nd->root);
		nd->root = nd->start;
		path_get(&nd->root);
	}
	return 0;
}

void nd_end(struct nameidata *nd)
{
	path_put(&nd->start);
	path_put(&nd->root);
	if (nd->pinned.dentry)
		path_put(&nd->pinned);
}

static bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* Step onto whatever is mounted here, topmost first. */
static int follow_mount(struct nameidata *nd)
{
	struct vfsmount *m;

	while ((m = lookup_mnt(nd->path.mnt, nd->path.dentry))) {
		if (nd->flags & LOOKUP_NO_XDEV)
			return -EXDEV;
		nd->path.mnt = m;
		nd->path.dentry = m->mnt_root;
	}
	return 0;
}

static int follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		if (path_equal(&nd->path, &nd->root))
			return 0;	/* ".." of the root is the root */
		if ((nd->flags & LOOKUP_BENEATH) &&
		    path_equal(&nd->path, &nd->start))
			return -EXDEV;
		if (nd->path.dentry != nd->path.mnt->mnt_root) {
			nd->path.dentry = nd->path.dentry->d_parent;
			break;
		}
		if (nd->path.mnt->mnt_parent == nd->path.mnt)
			return 0;	/* the namespace root */
		if (nd->flags & LOOKUP_NO_XDEV)
			return -EXDEV;
		nd->path.dentry = nd->path.mnt->mnt_mountpoint;
		nd->path.mnt = nd->path.mnt->mnt_parent;
	}
	return follow_mount(nd);
}

/* Move nd->path (a directory) to its child @name. */
static int step(struct nameidata *nd, const char *name, size_t len)
{
	struct inode *dir = nd->path.dentry->d_inode;
	struct dentry *d;
	int err;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	err = inode_permission(dir, MAY_EXEC);
	if (err)
		return err;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (name_is_dot(name, len))
		return 0;
	if (name_is_dotdot(name, len))
		return follow_dotdot(nd);
	d = d_lookup(nd->path.dentry, name, len);
	if (d && dir->i_op->revalidate && !dir->i_op->revalidate(dir, d)) {
		d_prune(d);
		d = NULL;
	}
	if (!d && dir->i_op->lookup) {
		d = d_alloc(nd->path.dentry, name, len);
		if (!d)
			return -ENOMEM;
		err = dir->i_op->lookup(dir, d);
		if (err || !d->d_inode) {
			dput(d);
			return err ? err : -ENOENT;
		}
		d_add(d);
		dput(d);	/* the tree holds it now */
	}
	if (!d)
		return -ENOENT;
	nd->path.dentry = d;
	return follow_mount(nd);
}

static int walk(struct nameidata *nd, const char *s, bool follow_last);

int nd_follow_link(struct nameidata *nd, struct inode *link)
{
	const char *target;
	char *buf;
	int err;

	if (nd->flags & LOOKUP_NO_SYMLINKS)
		return -ELOOP;
	if (++nd->total_links > MAXSYMLINKS)
		return -ELOOP;
	if (link->i_op && link->i_op->get_path) {
		struct path p;

		err = link->i_op->get_path(link, &p);
		if (err)
			return err;
		/* nd->path is borrowed; this object may be closed meanwhile. */
		if (nd->pinned.dentry)
			path_put(&nd->pinned);
		nd->pinned = p;
		nd->path = p;
		return 0;
	}
	target = vfs_get_link(link, &buf);
	if (IS_ERR(target))
		return PTR_ERR(target);
	if (!target || !*target)
		err = -ENOENT;
	else
		err = walk(nd, target, true);
	kfree(buf);
	return err;
}

/*
 * Resolve @s from nd->path.  Every symlink before the last component is
 * followed; the last one only with @follow_last or a trailing slash.
 */
static int walk(struct nameidata *nd, const char *s, bool follow_last)
{
	const char *name, *rest;
	size_t len;
	int err;

	if (*s == '/') {
		if (nd->flags & LOOKUP_BENEATH)
			return -EXDEV;
		nd->path = nd->root;
	}
	rest = path_next(s, &name, &len);
	while (rest) {
		const char *nname;
		size_t nlen;
		const char *next = path_next(rest, &nname, &nlen);
		bool last = !next, slash = last && *rest == '/';
		struct path dir = nd->path;
		struct inode *inode;

		err = step(nd, name, len);
		if (err)
			return err;
		inode = nd->path.dentry->d_inode;
		if (S_ISLNK(inode->i_mode) && (!last || slash || follow_last)) {
			nd->path = dir;
			err = nd_follow_link(nd, inode);
			if (err)
				return err;
			inode = nd->path.dentry->d_inode;
		}
		if ((!last || slash) && !S_ISDIR(inode->i_mode))
			return -ENOTDIR;
		name = nname;
		len = nlen;
		rest = next;
	}
	return 0;
}

int nd_walk(struct nameidata *nd, const char *name)
{
	int err;

	if (!*name && !(nd->flags & LOOKUP_EMPTY))
		return -ENOENT;
	nd->path = nd->start;
	err = walk(nd, name, nd->flags & LOOKUP_FOLLOW);
	if (err)
		return err;
	if ((nd->flags & LOOKUP_DIRECTORY) &&
	    !S_ISDIR(nd->path.dentry->d_inode->i_mode))
		return -ENOTDIR;
	return 0;
}

int nd_walk_parent(struct nameidata *nd, const char *s,
		   struct parent_lookup *pl)
{
	const char *name, *rest;
	size_t len;
	int err;

	if (!*s)
		return -ENOENT;
	if (nd->path.dentry == NULL)
		nd->path = nd->start;
	if (*s == '/') {
		if (nd->flags & LOOKUP_BENEATH)
			return -EXDEV;
		nd->path = nd->root;
	}
	pl->last = "";
	pl->last_len = 0;
	pl->last_type = LAST_ROOT;
	pl->trailing_slash = false;
	rest = path_next(s, &name, &len);
	while (rest) {
		const char *nname;
		size_t nlen;
		const char *next = path_next(rest, &nname, &nlen);
		struct path dir = nd->path;
		struct inode *inode;

		if (!next) {
			if (len > NAME_MAX)
				return -ENAMETOOLONG;
			pl->last = name;
			pl->last_len = len;
			pl->trailing_slash = *rest == '/';
			pl->last_type = name_is_dot(name, len) ? LAST_DOT :
					name_is_dotdot(name, len) ? LAST_DOTDOT :
					LAST_NORM;
			break;
		}
		err = step(nd, name, len);
		if (err)
			return err;
		inode = nd->path.dentry->d_inode;
		if (S_ISLNK(inode->i_mode)) {
			nd->path = dir;
			err = nd_follow_link(nd, inode);
			if (err)
				return err;
			inode = nd->path.dentry->d_inode;
		}
		if (!S_ISDIR(inode->i_mode))
			return -ENOTDIR;
		name = nname;
		len = nlen;
		rest = next;
	}
	if (!S_ISDIR(nd->path.dentry->d_inode->i_mode))
		return -ENOTDIR;
	pl->parent = nd->path;
	return 0;
}

int kern_path_at(int dfd, const char *name, unsigned int flags,
		 struct path *path)
{
	struct nameidata nd;
	int err;

	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	err = nd_start(&nd, dfd, name, flags);
	if (err)
		return err;
	mutex_lock(&vfs_ns_lock);
	err = nd_walk(&nd, name);
	if (!err) {
		*path = nd.path;
		path_get(path);
	}
	mutex_unlock(&vfs_ns_lock);
	nd_end(&nd);
	return err;
}

int user_path_at(int dfd, const char __user *uname, unsigned int flags,
		 struct path *path)
{
	char *name = getname(uname);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path_at(dfd, name, flags, path);
	putname(name);
	return err;
}

/* The nameidata rides in the private buffer so the caller sees one struct. */
int parent_lookup_locked(int dfd, const char *name, unsigned int flags,
			 struct parent_lookup *pl)
{
	struct nameidata *nd;
	int err;

	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	nd = kmalloc(sizeof(*nd));
	if (!nd)
		return -ENOMEM;
	err = nd_start(nd, dfd, name, flags);
	if (err) {
		kfree(nd);
		return err;
	}
	mutex_lock(&vfs_ns_lock);
	err = nd_walk_parent(nd, name, pl);
	if (err) {
		mutex_unlock(&vfs_ns_lock);
		nd_end(nd);
		kfree(nd);
		return err;
	}
	pl->buf = (char *)nd;
	return 0;
}

void parent_unlock(struct parent_lookup *pl)
{
	struct nameidata *nd = (struct nameidata *)pl->buf;

	mutex_unlock(&vfs_ns_lock);
	nd_end(nd);
	kfree(nd);
}

struct dentry *lookup_or_alloc(struct dentry *dir, const char *name,
			       size_t len)
{
	struct dentry *d = d_lookup(dir, name, len);

	if (d && dir->d_inode->i_op->revalidate &&
	    !dir->d_inode->i_op->revalidate(dir->d_inode, d)) {
		d_prune(d);
		d = NULL;
	}
	if (d)
		return dget(d);
	d = d_alloc(dir, name, len);
	if (!d)
		return ERR_PTR(-ENOMEM);
	if (dir->d_inode->i_op->lookup) {
		int err = dir->d_inode->i_op->lookup(dir->d_inode, d);

		if (err) {
			dput(d);
			return ERR_PTR(err);
		}
		if (d->d_inode)
			d_add(d);
	}
	return d;
}

int may_create(struct inode *dir)
{
	if (!dir->i_nlink)
		return -ENOENT;		/* a removed directory */
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

int may_delete(struct inode *dir, struct inode *victim)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	uid_t uid = current->cred.fsuid;

	if (err)
		return err;
	/* Sticky directories: only the owners (or root) may remove. */
	if ((dir->i_mode & S_ISVTX) && uid != 0 && uid != dir->i_uid &&
	    uid != victim->i_uid)
		return -EPERM;
	return 0;
}
