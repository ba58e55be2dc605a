// SPDX-License-Identifier: MIT
/*
 * link, linkat: a second name for an existing inode.
 *
 * Errors:
 *   EEXIST   the new name exists (also "." and "..")
 *   ENOENT   the old name is missing or was just removed; the new
 *            name's parent is missing; "" without AT_EMPTY_PATH
 *   EPERM    the old name is a directory
 *   EXDEV    the names are on different mounts
 *   EINVAL   linkat flags other than AT_SYMLINK_FOLLOW, AT_EMPTY_PATH
 *   EACCES   no write or search permission on the new parent
 *   ENOTDIR, ELOOP, ENAMETOOLONG, EFAULT: see fs/namei.c
 */
#include "internal.h"
#include <umka/fsnotify.h>
#include <umka/syscall.h>

int do_linkat(int odfd, const char *oldname, int ndfd, const char *newname,
	      int flags)
{
	struct parent_lookup pl;
	struct path old;
	struct inode *dir, *inode;
	struct dentry *d;
	unsigned int lf = 0;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		lf |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	err = kern_path_at(odfd, oldname, lf, &old);
	if (err)
		return err;
	inode = old.dentry->d_inode;
	if (S_ISDIR(inode->i_mode)) {
		path_put(&old);
		return -EPERM;
	}
	err = parent_lookup_locked(ndfd, newname, 0, &pl);
	if (err) {
		path_put(&old);
		return err;
	}
	dir = pl.parent.dentry->d_inode;
	if (pl.last_type != LAST_NORM) {
		err = -EEXIST;
		goto out;
	}
	if (pl.parent.mnt->mnt_sb != old.mnt->mnt_sb) {
		err = -EXDEV;
		goto out;
	}
	d = lookup_or_alloc(pl.parent.dentry, pl.last, pl.last_len);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto out;
	}
	if (d->d_inode)
		err = -EEXIST;
	else if (pl.trailing_slash || !inode->i_nlink)
		err = -ENOENT;
	else
		err = may_create(dir);
	if (!err)
		err = dir->i_op->link ? dir->i_op->link(old.dentry, dir, d) :
					-EPERM;
	if (!err) {
		d_add(d);
		fsnotify_link(pl.parent.dentry, d);
	}
	dput(d);
out:
	parent_unlock(&pl);
	path_put(&old);
	return err;
}

SYSCALL_DEFINE5(linkat, int, odfd, const char __user *, uold, int, ndfd,
		const char __user *, unew, int, flags)
{
	char *oldname = getname(uold), *newname;
	long err;

	if (IS_ERR(oldname))
		return PTR_ERR(oldname);
	newname = getname(unew);
	if (IS_ERR(newname)) {
		putname(oldname);
		return PTR_ERR(newname);
	}
	err = do_linkat(odfd, oldname, ndfd, newname, flags);
	putname(newname);
	putname(oldname);
	return err;
}

SYSCALL_DEFINE2(link, const char __user *, oldname,
		const char __user *, newname)
{
	return __do_sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}
