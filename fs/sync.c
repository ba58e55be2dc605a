// SPDX-License-Identifier: MIT
/*
 * sync, syncfs, fsync, fdatasync.  Every filesystem is in memory so far,
 * so there is nothing to write back and each call is a true no-op once
 * its descriptor is checked.
 *
 * Errors:
 *   EBADF    fd not open (or O_PATH)
 *   EINVAL   fsync on a file that cannot be synced (pipes, devices)
 */
#include <umka/fdtable.h>
#include <umka/syscall.h>

SYSCALL_DEFINE0(sync)
{
	return 0;
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

static long do_fsync(unsigned int fd, int datasync)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		r = 0;
	else
		r = f->f_op->fsync ? f->f_op->fsync(f, datasync) : -EINVAL;
	fput(f);
	return r;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd, 0);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd, 1);
}
