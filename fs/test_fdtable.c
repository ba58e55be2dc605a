// SPDX-License-Identifier: MIT
/* Self-tests: descriptor tables, dup/fcntl/close_range, close-on-exec. */
#include <umka/ktest.h>
#include <uapi/ioctls.h>
#include "test_util.h"

#define NOARGS 0, 0, 0

KTEST(fdtable_dup_cloexec_close_range)
{
	struct files_struct *copy;
	int fd, fd2;

	kt_ctx_enter();
	fd = kt_open("/dev/null", O_RDWR, 0);
	KT_ASSERT_EQ(fd, 0);
	KT_ASSERT_EQ(SYS(dup, fd, 0, NOARGS, 0), 1);
	KT_ASSERT_EQ(SYS(dup, fd, 0, NOARGS, 0), 2);
	KT_ASSERT_EQ(SYS(close, 1, 0, NOARGS, 0), 0);
	KT_ASSERT_EQ(SYS(close, 1, 0, NOARGS, 0), -EBADF);
	KT_ASSERT_EQ(SYS(dup, fd, 0, NOARGS, 0), 1);	/* lowest free */
	KT_ASSERT_EQ(SYS(dup2, fd, 10, NOARGS, 0), 10);
	KT_ASSERT_EQ(SYS(dup2, 10, 10, NOARGS, 0), 10);
	KT_ASSERT_EQ(SYS(dup2, 55, 10, NOARGS, 0), -EBADF);
	KT_ASSERT_EQ(SYS(dup3, 10, 10, 0, NOARGS), -EINVAL);
	KT_ASSERT_EQ(SYS(dup3, 10, 11, O_NONBLOCK, NOARGS), -EINVAL);
	KT_ASSERT_EQ(SYS(dup3, 10, 11, O_CLOEXEC, NOARGS), 11);
	KT_ASSERT_EQ(SYS(fcntl, 11, F_GETFD, 0, NOARGS), FD_CLOEXEC);
	KT_ASSERT_EQ(SYS(fcntl, 10, F_GETFD, 0, NOARGS), 0);
	KT_ASSERT_EQ(SYS(fcntl, 10, F_SETFD, FD_CLOEXEC, NOARGS), 0);
	KT_ASSERT_EQ(SYS(fcntl, 10, F_GETFD, 0, NOARGS), FD_CLOEXEC);
	KT_ASSERT_EQ(SYS(ioctl, 10, FIONCLEX, 0, NOARGS), 0);
	KT_ASSERT_EQ(SYS(fcntl, 10, F_GETFD, 0, NOARGS), 0);
	KT_ASSERT_EQ(SYS(ioctl, 10, FIOCLEX, 0, NOARGS), 0);
	KT_ASSERT_EQ(SYS(fcntl, 0, F_DUPFD, 20, NOARGS), 20);
	KT_ASSERT_EQ(SYS(fcntl, 0, F_DUPFD_CLOEXEC, 20, NOARGS), 21);
	KT_ASSERT_EQ(SYS(fcntl, 21, F_GETFD, 0, NOARGS), FD_CLOEXEC);
	KT_ASSERT_EQ(SYS(fcntl, 0, F_DUPFD, 5000, NOARGS), -EINVAL);
	KT_ASSERT_EQ(SYS(fcntl, 0, 9999, 0, NOARGS), -EINVAL);
	KT_ASSERT_EQ(SYS(fcntl, 77, F_GETFD, 0, NOARGS), -EBADF);
	/* Status flags. */
	KT_ASSERT_EQ(SYS(fcntl, 0, F_GETFL, 0, NOARGS), O_RDWR | O_LARGEFILE);
	KT_ASSERT_EQ(SYS(fcntl, 0, F_SETFL, O_NONBLOCK | O_RDONLY, NOARGS), 0);
	KT_ASSERT_EQ(SYS(fcntl, 1, F_GETFL, 0, NOARGS),
		     O_RDWR | O_LARGEFILE | O_NONBLOCK);
	/* fork-like copy: independent afterwards. */
	copy = files_dup(current->files);
	KT_ASSERT(copy);
	KT_ASSERT(get_close_on_exec(copy, 11));
	/* exec: the close-on-exec ones go. */
	files_close_on_exec(current->files);
	KT_ASSERT_EQ(SYS(close, 11, 0, NOARGS, 0), -EBADF);
	KT_ASSERT_EQ(SYS(close, 21, 0, NOARGS, 0), -EBADF);
	KT_ASSERT_EQ(SYS(close, 20, 0, NOARGS, 0), 0);
	KT_ASSERT(copy->fd[11] && copy->fd[21]);
	files_put(copy);
	/* close_range: bad ranges, CLOEXEC marking, then closing. */
	KT_ASSERT_EQ(SYS(close_range, 5, 4, 0, NOARGS), -EINVAL);
	KT_ASSERT_EQ(SYS(close_range, 0, 10, 8, NOARGS), -EINVAL);
	KT_ASSERT_EQ(SYS(close_range, 1, ~0U, CLOSE_RANGE_CLOEXEC, NOARGS), 0);
	KT_ASSERT_EQ(SYS(fcntl, 2, F_GETFD, 0, NOARGS), FD_CLOEXEC);
	KT_ASSERT_EQ(SYS(fcntl, 0, F_GETFD, 0, NOARGS), 0);
	KT_ASSERT_EQ(SYS(close_range, 1, ~0U, 0, NOARGS), 0);
	KT_ASSERT_EQ(SYS(close, 2, 0, NOARGS, 0), -EBADF);
	KT_ASSERT_EQ(SYS(close, 10, 0, NOARGS, 0), -EBADF);
	KT_ASSERT_EQ(SYS(close, 0, 0, NOARGS, 0), 0);
	/* RLIMIT_NOFILE: 1024 descriptors, then EMFILE; the table grows. */
	fd = kt_open("/dev/zero", O_RDONLY, 0);
	KT_ASSERT_EQ(fd, 0);
	for (int i = 1; i < 1024; i++)
		KT_ASSERT_EQ(SYS(dup, 0, 0, NOARGS, 0), i);
	KT_ASSERT_EQ(SYS(dup, 0, 0, NOARGS, 0), -EMFILE);
	KT_ASSERT_EQ(SYS(dup2, 0, 1024, NOARGS, 0), -EBADF);
	fd2 = kt_open("/dev/zero", O_RDONLY, 0);
	KT_ASSERT_EQ(fd2, -EMFILE);
	KT_ASSERT_EQ(SYS(close, 500, 0, NOARGS, 0), 0);
	KT_ASSERT_EQ(SYS(dup, 0, 0, NOARGS, 0), 500);
	kt_ctx_leave();
}

KTEST(fdtable_o_path)
{
	int fd;

	kt_ctx_enter();
	fd = kt_open("/dev", O_PATH, 0);
	KT_ASSERT(fd >= 0);
	/* An O_PATH descriptor names a file but does no I/O. */
	KT_ASSERT_EQ(SYS(read, fd, 0, 0, NOARGS), -EBADF);
	KT_ASSERT_EQ(SYS(fcntl, fd, F_GETFL, 0, NOARGS), O_PATH);
	KT_ASSERT_EQ(SYS(fchdir, fd, 0, NOARGS, 0), 0);
	{
		char buf[16];

		KT_ASSERT_EQ(vfs_getcwd(buf, sizeof(buf)), 5);
		KT_ASSERT(!strcmp(buf, "/dev"));
		KT_ASSERT_EQ(vfs_getcwd(buf, 4), -ERANGE);
	}
	KT_ASSERT_EQ(SYS(close, fd, 0, NOARGS, 0), 0);
	kt_ctx_leave();
}
