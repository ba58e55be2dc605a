// SPDX-License-Identifier: MIT
/*
 * truncate, ftruncate.
 *
 * Errors:
 *   EINVAL   negative length; not a regular file; ftruncate of an fd
 *            not open for writing
 *   EISDIR   truncate of a directory
 *   EACCES   no write permission (truncate)
 *   EFBIG    longer than the largest file, or than RLIMIT_FSIZE (with
 *            SIGXFSZ)
 *   EBADF    fd not open
 *   ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EFAULT: see fs/namei.c
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/fsnotify.h>
#include <umka/syscall.h>
#include <umka/vm.h>

int vfs_truncate_inode(struct inode *inode, loff_t size)
{
	loff_t old;
	int err;

	if (!inode->i_op->setsize)
		return -EINVAL;
	err = fsize_limit_check(size, 0);
	if (err)
		return err;

	mutex_lock(&inode->i_mutex);
	old = inode->i_size;
	err = inode->i_op->setsize(inode, size);
	mutex_unlock(&inode->i_mutex);
	/* Mappings give back their pages past the new end. */
	if (!err && size < old)
		unmap_file_past_eof(inode, size);
	return err;
}

SYSCALL_DEFINE2(truncate, const char __user *, name, long, length)
{
	struct inode *inode;
	struct path p;
	long err;

	if (length < 0)
		return -EINVAL;
	err = user_path_at(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	inode = p.dentry->d_inode;
	if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode))
		err = -EINVAL;
	else
		err = inode_permission(inode, MAY_WRITE);
	if (!err)
		err = vfs_truncate_inode(inode, length);
	if (!err)
		fsnotify_change(p.dentry, IN_MODIFY);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, long, length)
{
	struct file *f;
	long err;

	if (length < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_WRITE) || !S_ISREG(f->f_inode->i_mode))
		err = -EINVAL;
	else
		err = vfs_truncate_inode(f->f_inode, length);
	if (!err)
		fsnotify_change(f->f_path.dentry, IN_MODIFY);
	fput(f);
	return err;
}

/*
 * fallocate(2): mode 0 (allocate, growing the file) and
 * FALLOC_FL_KEEP_SIZE, where the filesystem can (tmpfs); hole punching,
 * collapsing, zeroing and inserting ranges give EOPNOTSUPP for now.
 * Errors, in Linux's order: EINVAL (offset, length), EOPNOTSUPP (mode),
 * EBADF (not open for writing), ESPIPE (pipe), EISDIR, ENODEV (not a
 * regular file), EFBIG, ENOSPC.
 */
#define FALLOC_FL_KEEP_SIZE 0x01

SYSCALL_DEFINE4(fallocate, int, fd, int, mode, loff_t, offset, loff_t, len)
{
	struct file *f;
	struct inode *inode;
	long err;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	f = fget(fd);
	if (!f)
		return -EBADF;
	inode = f->f_inode;
	if (!(f->f_mode & FMODE_WRITE))
		err = -EBADF;
	else if (S_ISFIFO(inode->i_mode))
		err = -ESPIPE;
	else if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode))
		err = -ENODEV;
	else if (!inode->i_op->allocate)
		err = -EOPNOTSUPP;
	else if (offset > (loff_t)(~0ULL >> 1) - len)
		err = -EFBIG;
	else
		err = fsize_limit_check(offset + len, 0);
	if (!err) {
		mutex_lock(&inode->i_mutex);
		err = inode->i_op->allocate(inode, offset, len,
					    mode & FALLOC_FL_KEEP_SIZE);
		mutex_unlock(&inode->i_mutex);
	}
	fput(f);
	return err;
}
