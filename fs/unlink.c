// SPDX-License-Identifier: MIT
/*
 * unlink, unlinkat, rmdir: calls that remove one name.
 *
 * Errors:
 *   ENOENT     no such name
 *   EISDIR     unlink of a directory (or of "." / "..")
 *   ENOTDIR    rmdir of a non-directory; unlink "file/"
 *   ENOTEMPTY  rmdir of a directory with entries, or of ".."
 *   EINVAL     rmdir("."); unlinkat flags other than AT_REMOVEDIR
 *   EBUSY      something is mounted on it, or it is "/"
 *   EACCES     no write or search permission on the parent
 *   EPERM      sticky parent and the caller owns neither
 *   ELOOP, ENAMETOOLONG, EFAULT: see fs/namei.c
 */
#include "internal.h"
#include <umka/fsnotify.h>
#include <umka/syscall.h>

int do_unlinkat(int dfd, const char *name)
{
	struct parent_lookup pl;
	struct inode *dir;
	struct dentry *d;
	int err;

	err = parent_lookup_locked(dfd, name, 0, &pl);
	if (err)
		return err;
	if (pl.last_type != LAST_NORM) {
		err = pl.last_type == LAST_ROOT ? -EBUSY : -EISDIR;
		goto out;
	}
	dir = pl.parent.dentry->d_inode;
	d = d_lookup(pl.parent.dentry, pl.last, pl.last_len);
	if (!d)
		err = -ENOENT;
	else if (S_ISDIR(d->d_inode->i_mode))
		err = -EISDIR;
	else if (pl.trailing_slash)
		err = -ENOTDIR;
	else if (d->d_mounted)
		err = -EBUSY;
	else
		err = may_delete(dir, d->d_inode);
	if (!err)
		err = dir->i_op->unlink ? dir->i_op->unlink(dir, d) : -EPERM;
	if (!err) {
		fsnotify_unlink(pl.parent.dentry, d);
		d_delete(d);
	}
out:
	parent_unlock(&pl);
	return err;
}

int do_rmdir(int dfd, const char *name)
{
	struct parent_lookup pl;
	struct inode *dir;
	struct dentry *d;
	int err;

	err = parent_lookup_locked(dfd, name, 0, &pl);
	if (err)
		return err;
	switch (pl.last_type) {
	case LAST_DOT:
		err = -EINVAL;
		goto out;
	case LAST_DOTDOT:
		err = -ENOTEMPTY;
		goto out;
	case LAST_ROOT:
		err = -EBUSY;
		goto out;
	}
	dir = pl.parent.dentry->d_inode;
	d = d_lookup(pl.parent.dentry, pl.last, pl.last_len);
	if (!d)
		err = -ENOENT;
	else if (!S_ISDIR(d->d_inode->i_mode))
		err = -ENOTDIR;
	else if (d->d_mounted)
		err = -EBUSY;
	else if (!d_dir_empty(d))
		err = -ENOTEMPTY;
	else
		err = may_delete(dir, d->d_inode);
	if (!err)
		err = dir->i_op->rmdir ? dir->i_op->rmdir(dir, d) : -EPERM;
	if (!err) {
		fsnotify_unlink(pl.parent.dentry, d);
		d_delete(d);
	}
out:
	parent_unlock(&pl);
	return err;
}

static long user_remove(int dfd, const char __user *uname, bool dir)
{
	char *name = getname(uname);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = dir ? do_rmdir(dfd, name) : do_unlinkat(dfd, name);
	putname(name);
	return err;
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, name, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return user_remove(dfd, name, flags & AT_REMOVEDIR);
}

SYSCALL_DEFINE1(unlink, const char __user *, name)
{
	return user_remove(AT_FDCWD, name, false);
}

SYSCALL_DEFINE1(rmdir, const char __user *, name)
{
	return user_remove(AT_FDCWD, name, true);
}
