// SPDX-License-Identifier: MIT
/*
 * fadvise64 and readahead: hints about future access.  Every file here
 * lives in memory (tmpfs, or a disk read straight through), so there is
 * nothing to prefetch or drop; the calls check their arguments as Linux
 * does and then succeed, as they do on Linux for tmpfs.
 *
 * Errors: EBADF (not open; readahead: not open for reading), ESPIPE
 * (fadvise on a pipe or FIFO), EINVAL (bad advice, negative length,
 * readahead on something that is not a regular file).
 */
#include <umka/fdtable.h>
#include <umka/file.h>
#include <umka/fs.h>
#include <umka/syscall.h>
#include <umka/errno.h>

#define POSIX_FADV_NOREUSE 5	/* the highest advice value */

SYSCALL_DEFINE4(fadvise64, int, fd, loff_t, offset, loff_t, len, int, advice)
{
	struct file *f = fget(fd);
	long err = 0;

	(void)offset;
	if (!f)
		return -EBADF;
	if (S_ISFIFO(f->f_inode->i_mode))
		err = -ESPIPE;
	else if (advice < 0 || advice > POSIX_FADV_NOREUSE || len < 0)
		err = -EINVAL;
	fput(f);
	return err;
}

SYSCALL_DEFINE3(readahead, int, fd, loff_t, offset, size_t, count)
{
	struct file *f = fget(fd);
	long err = 0;

	(void)offset, (void)count;
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_READ))
		err = -EBADF;
	else if (!S_ISREG(f->f_inode->i_mode))
		err = -EINVAL;
	fput(f);
	return err;
}
