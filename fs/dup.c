// SPDX-License-Identifier: MIT
/*
 * dup, dup2, dup3.
 *
 * Errors:
 *   EBADF    oldfd not open; newfd negative or not below RLIMIT_NOFILE
 *   EINVAL   dup3 with oldfd == newfd, or flags other than O_CLOEXEC
 *   EMFILE   dup: no free descriptor
 */
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/syscall.h>

SYSCALL_DEFINE1(dup, unsigned int, oldfd)
{
	struct file *f = fget_raw(oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install_new(f, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	struct file *f;
	long r;

	if (flags & ~O_CLOEXEC || oldfd == newfd)
		return -EINVAL;
	f = fget_raw(oldfd);
	if (!f)
		return -EBADF;
	r = replace_fd(current->files, newfd, f, flags);
	if (r < 0)
		fput(f);
	return r;
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	/* dup2 of a descriptor onto itself only checks that it is open. */
	if (oldfd == newfd) {
		struct file *f = fget_raw(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return __do_sys_dup3(oldfd, newfd, 0);
}
