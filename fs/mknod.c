// SPDX-License-Identifier: MIT
/*
 * mknod, mknodat, mkdir, mkdirat, symlink, symlinkat: calls that add one
 * new name.
 *
 * Errors:
 *   EEXIST   the name exists (also ".", ".." and "/"), even as a
 *            dangling symlink
 *   ENOENT   a parent is missing or was removed; symlink target ""; a
 *            trailing slash on a new non-directory
 *   EACCES   no write or search permission on the parent
 *   EPERM    mknod of a directory, or of a device without privilege
 *   EINVAL   mknod of an unknown file type
 *   ENOTDIR, ELOOP, ENAMETOOLONG, EFAULT: see fs/namei.c
 */
#include "internal.h"
#include <umka/sched.h>
#include <umka/fsnotify.h>
#include <umka/syscall.h>

enum node_kind { NODE_MKNOD, NODE_MKDIR, NODE_SYMLINK };

static int create_node(int dfd, const char *name, mode_t mode, dev_t dev,
		       enum node_kind kind, const char *target)
{
	struct parent_lookup pl;
	struct inode *dir;
	struct dentry *d;
	int err;

	err = parent_lookup_locked(dfd, name, 0, &pl);
	if (err)
		return err;
	if (pl.last_type != LAST_NORM) {
		err = -EEXIST;
		goto out;
	}
	dir = pl.parent.dentry->d_inode;
	d = lookup_or_alloc(pl.parent.dentry, pl.last, pl.last_len);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto out;
	}
	if (d->d_inode)
		err = -EEXIST;
	else if (pl.trailing_slash && kind != NODE_MKDIR)
		err = -ENOENT;
	else
		err = may_create(dir);
	if (err)
		goto put;
	mode &= ~current->cred.umask;
	switch (kind) {
	case NODE_MKDIR:
		err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, d, mode) : -EPERM;
		break;
	case NODE_SYMLINK:
		err = dir->i_op->symlink ? dir->i_op->symlink(dir, d, target) :
					   -EPERM;
		break;
	default:
		if (S_ISREG(mode))
			err = dir->i_op->create ?
				      dir->i_op->create(dir, d, mode) : -EPERM;
		else
			err = dir->i_op->mknod ?
				      dir->i_op->mknod(dir, d, mode, dev) :
				      -EPERM;
		break;
	}
	if (!err) {
		d_add(d);
		fsnotify_create(pl.parent.dentry, d);
	}
put:
	dput(d);
out:
	parent_unlock(&pl);
	return err;
}

int do_mknodat(int dfd, const char *name, mode_t mode, dev_t dev)
{
	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (!capable_fowner())
			return -EPERM;	/* CAP_MKNOD */
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	return create_node(dfd, name, mode & (S_IFMT | S_IALLUGO), dev,
			   NODE_MKNOD, NULL);
}

int do_mkdirat(int dfd, const char *name, mode_t mode)
{
	return create_node(dfd, name, mode & (S_IALLUGO & ~(S_ISUID | S_ISGID)),
			   0, NODE_MKDIR, NULL);
}

int do_symlinkat(const char *target, int dfd, const char *name)
{
	if (!*target)
		return -ENOENT;
	return create_node(dfd, name, S_IFLNK | 0777, 0, NODE_SYMLINK, target);
}

static long user_create(int dfd, const char __user *uname, mode_t mode,
			unsigned int dev, enum node_kind kind)
{
	char *name = getname(uname);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (kind == NODE_MKDIR)
		err = do_mkdirat(dfd, name, mode);
	else
		err = do_mknodat(dfd, name, mode, new_decode_dev(dev));
	putname(name);
	return err;
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, name, mode_t, mode,
		unsigned int, dev)
{
	return user_create(dfd, name, mode, dev, NODE_MKNOD);
}

SYSCALL_DEFINE3(mknod, const char __user *, name, mode_t, mode,
		unsigned int, dev)
{
	return user_create(AT_FDCWD, name, mode, dev, NODE_MKNOD);
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, name, mode_t, mode)
{
	return user_create(dfd, name, mode, 0, NODE_MKDIR);
}

SYSCALL_DEFINE2(mkdir, const char __user *, name, mode_t, mode)
{
	return user_create(AT_FDCWD, name, mode, 0, NODE_MKDIR);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, utarget, int, dfd,
		const char __user *, uname)
{
	char *target = getname(utarget), *name;
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	name = getname(uname);
	if (IS_ERR(name)) {
		putname(target);
		return PTR_ERR(name);
	}
	err = do_symlinkat(target, dfd, name);
	putname(name);
	putname(target);
	return err;
}

SYSCALL_DEFINE2(symlink, const char __user *, target,
		const char __user *, name)
{
	return __do_sys_symlinkat(target, AT_FDCWD, name);
}
