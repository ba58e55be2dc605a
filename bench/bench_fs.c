// SPDX-License-Identifier: MIT
/*
 * Files, in BENCH_TMPDIR (the tmpfs on /tmp in the benchmark
 * initramfs): open+close and stat of an existing file, create+write
 * 1 KiB+close+unlink of a new one, and a 64 MiB file written and then
 * read in 64 KiB calls (MB/s, 10^6 bytes a second).
 */
#include "bench.h"

#include <fcntl.h>
#include <sys/stat.h>

#define CHUNK (64 * 1024)
#define BIG (64L << 20)

static char path_a[256], path_new[256], path_big[256];
static char buf[CHUNK];

static int op_open_close(void *arg, long iters)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		int fd = open(path_a, O_RDONLY);

		if (fd < 0)
			return bench_fail("open");
		if (close(fd))
			return bench_fail("close");
	}
	return 0;
}

static int op_stat(void *arg, long iters)
{
	struct stat st;

	(void)arg;
	for (long i = 0; i < iters; i++)
		if (stat(path_a, &st))
			return bench_fail("stat");
	return 0;
}

static int op_create_unlink(void *arg, long iters)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		int fd = open(path_new, O_WRONLY | O_CREAT | O_EXCL, 0644);

		if (fd < 0)
			return bench_fail("open O_CREAT");
		if (write(fd, buf, 1024) != 1024) {
			close(fd);
			return bench_fail("write");
		}
		if (close(fd))
			return bench_fail("close");
		if (unlink(path_new))
			return bench_fail("unlink");
	}
	return 0;
}

/* Makes path_a, a small existing file for open and stat. */
static int make_small_file(void)
{
	int fd = open(path_a, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return bench_fail("open O_CREAT");
	if (bench_write_all(fd, buf, 100)) {
		close(fd);
		return -1;
	}
	return close(fd) ? bench_fail("close") : 0;
}

static void b_small(const char *name, bench_op_fn op)
{
	if (make_small_file()) {
		bench_report_error(name);
		return;
	}
	bench_ops(name, op, NULL, 1);
	unlink(path_a);
}

static void b_open_close(const char *name)
{
	b_small(name, op_open_close);
}

static void b_stat(const char *name)
{
	b_small(name, op_stat);
}

static void b_create_unlink(const char *name)
{
	unlink(path_new);
	bench_ops(name, op_create_unlink, NULL, 1);
}

/* Writes the 64 MiB file; returns its ns in *ns. */
static int write_big(u64 *ns)
{
	u64 t0 = bench_now_ns();
	int fd = open(path_big, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return bench_fail("open O_CREAT");
	for (long done = 0; done < BIG; done += CHUNK) {
		if (bench_write_all(fd, buf, CHUNK)) {
			close(fd);
			return -1;
		}
	}
	if (close(fd))
		return bench_fail("close");
	*ns = bench_now_ns() - t0;
	return 0;
}

/* Each sample writes a new file: the old one is unlinked first, not
 * timed, so that the write allocates its pages. */
static int sample_write(void *arg, double *value)
{
	u64 ns;

	(void)arg;
	if (unlink(path_big) && errno != ENOENT)
		return bench_fail("unlink");
	if (write_big(&ns))
		return -1;
	*value = bench_mbps(BIG, ns);
	return 0;
}

static int sample_read(void *arg, double *value)
{
	u64 t0 = bench_now_ns();
	int fd = open(path_big, O_RDONLY);

	(void)arg;
	if (fd < 0)
		return bench_fail("open");
	for (long done = 0; done < BIG; done += CHUNK) {
		if (bench_read_all(fd, buf, CHUNK)) {
			close(fd);
			return -1;
		}
	}
	if (close(fd))
		return bench_fail("close");
	*value = bench_mbps(BIG, bench_now_ns() - t0);
	return 0;
}

static void b_write(const char *name)
{
	bench_samples(name, "MB/s", sample_write, NULL, bench_nsamples_heavy,
		      BIG / CHUNK);
	unlink(path_big);
}

static void b_read(const char *name)
{
	u64 ns;

	if (write_big(&ns)) {
		bench_report_error(name);
		return;
	}
	bench_samples(name, "MB/s", sample_read, NULL, bench_nsamples_heavy,
		      BIG / CHUNK);
	unlink(path_big);
}

static const struct bench_case cases[] = {
	{"open_close", "ns/op", b_open_close},
	{"stat", "ns/op", b_stat},
	{"create_unlink_1k", "ns/op", b_create_unlink},
	{"tmpfs_write_64m", "MB/s", b_write},
	{"tmpfs_read_64m", "MB/s", b_read},
};

int main(int argc, char **argv)
{
	const char *dir = bench_env("BENCH_TMPDIR", "/tmp");
	pid_t pid = getpid();

	memset(buf, 'f', sizeof(buf));
	snprintf(path_a, sizeof(path_a), "%s/bench-a.%d", dir, (int)pid);
	snprintf(path_new, sizeof(path_new), "%s/bench-new.%d", dir, (int)pid);
	snprintf(path_big, sizeof(path_big), "%s/bench-big.%d", dir, (int)pid);
	return bench_main(argc, argv, cases,
			  (int)(sizeof(cases) / sizeof(cases[0])));
}
