// SPDX-License-Identifier: MIT
/*
 * The cheapest kernel entries: a null system call, the clock, and one
 * byte from /dev/zero and to /dev/null.
 */
#include "bench.h"

#include <fcntl.h>
#include <sys/syscall.h>

static int op_getpid(void *arg, long iters)
{
	(void)arg;
	for (long i = 0; i < iters; i++)
		if (syscall(SYS_getpid) <= 0)
			return bench_fail("getpid");
	return 0;
}

static void b_getpid(const char *name)
{
	bench_ops(name, op_getpid, NULL, 1);
}

/* Through the C library, as programs call it: the vDSO where the
 * kernel offers one, else the system call. */
static int op_clock(void *arg, long iters)
{
	struct timespec ts;

	(void)arg;
	for (long i = 0; i < iters; i++)
		if (clock_gettime(CLOCK_MONOTONIC, &ts))
			return bench_fail("clock_gettime");
	return 0;
}

static void b_clock(const char *name)
{
	bench_ops(name, op_clock, NULL, 1);
}

static int op_read1(void *arg, long iters)
{
	int fd = *(int *)arg;
	char c;

	for (long i = 0; i < iters; i++)
		if (read(fd, &c, 1) != 1)
			return bench_fail("read /dev/zero");
	return 0;
}

static int op_write1(void *arg, long iters)
{
	int fd = *(int *)arg;
	char c = 'x';

	for (long i = 0; i < iters; i++)
		if (write(fd, &c, 1) != 1)
			return bench_fail("write /dev/null");
	return 0;
}

static void b_dev(const char *name, const char *path, int flags, bench_op_fn op)
{
	int fd = open(path, flags);

	if (fd < 0) {
		char what[64];

		snprintf(what, sizeof(what), "open %s", path);
		bench_fail(what);
		bench_report_error(name);
		return;
	}
	bench_ops(name, op, &fd, 1);
	close(fd);
}

static void b_read_zero(const char *name)
{
	b_dev(name, "/dev/zero", O_RDONLY, op_read1);
}

static void b_write_null(const char *name)
{
	b_dev(name, "/dev/null", O_WRONLY, op_write1);
}

static const struct bench_case cases[] = {
	{"getpid_syscall", "ns/op", b_getpid},
	{"clock_gettime_mono", "ns/op", b_clock},
	{"read_devzero_1b", "ns/op", b_read_zero},
	{"write_devnull_1b", "ns/op", b_write_null},
};

BENCH_MAIN(cases)
