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

/*
 * sync_file_range: start or wait for writeback of a byte range.  With
 * WAIT_AFTER it is the range's fsync (on a disk, the file's own); the
 * other flags only start writeback, which files in memory do not need.
 * Errors: EINVAL (flags, negative offset or length, or a range that
 * wraps), EBADF, ESPIPE (a pipe), EINVAL (not a regular file or
 * directory), and whatever fsync reports.
 */
#define S64_LIMIT (~0ULL >> 1)
#define SYNC_FILE_RANGE_WAIT_BEFORE 1
#define SYNC_FILE_RANGE_WRITE 2
#define SYNC_FILE_RANGE_WAIT_AFTER 4

SYSCALL_DEFINE4(sync_file_range, int, fd, loff_t, offset, loff_t, nbytes,
		unsigned int, flags)
{
	struct file *f;
	mode_t mode;
	long r = 0;

	if (flags & ~(SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
		      SYNC_FILE_RANGE_WAIT_AFTER))
		return -EINVAL;
	if (offset < 0 || nbytes < 0 || (u64)offset + (u64)nbytes > (u64)S64_LIMIT)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	mode = f->f_inode->i_mode;
	if (S_ISFIFO(mode))
		r = -ESPIPE;
	else if (!S_ISREG(mode) && !S_ISDIR(mode) && !S_ISBLK(mode))
		r = -EINVAL;
	else if ((flags & SYNC_FILE_RANGE_WAIT_AFTER) && S_ISREG(mode) &&
		 f->f_op->fsync)
		r = f->f_op->fsync(f, 1);
	fput(f);
	return r;
}
