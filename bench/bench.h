/* SPDX-License-Identifier: MIT */
/*
 * bench.h: timing, statistics and output shared by the benchmark
 * programs in bench/.  Header-only so that each program is one .c file
 * built with `musl-gcc -static`.  The output format is defined in
 * docs/performance.md:
 *
 *   BENCH name=<name> unit=<unit> median=<x> p10=<x> p90=<x>
 *         spread=<p90-p10 in % of the median>% reps=<samples> iters=<ops>
 *   BENCH name=<name> error=<what failed>: <strerror text>
 *
 * (one line each).  A program is a table of cases; each case prints at
 * least one line, and a case that fails prints an error line and the
 * program moves on to the next case.
 *
 * Environment (all optional):
 *   BENCH_QUICK=1      few, short samples: for smoke tests, not figures
 *   BENCH_TMPDIR=dir   where the file benchmarks work (default /tmp)
 *   BENCH_NOP=path     the static do-nothing program exec'd by the
 *                      process benchmarks (default /bin/nop)
 * Arguments: --list prints the measurements, one a line: the name and the
 * unit; any other arguments select cases by name.
 */
#ifndef BENCH_H
#define BENCH_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef uint64_t u64;

/* One measurement: its name, unit and the function that measures it and
 * prints its line. */
struct bench_case {
	const char *name;
	const char *unit; /* what its line reports: ns/op, ns/page, MB/s */
	void (*run)(const char *name);
};

/* Tunables, set by bench_main() from the environment. */
static int bench_quick;
static int bench_nsamples = 11;	       /* samples per measurement */
static int bench_nsamples_heavy = 7;   /* for the 64 MiB measurements */
static u64 bench_target_ns = 20000000; /* aimed-at length of a sample */

/* The failure being reported: what failed and its errno. */
static char bench_err[400];

static inline u64 bench_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 0;
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

/* Record that `what` failed with errno err; returns -1 for the caller. */
static inline int bench_fail_errno(const char *what, int err)
{
	snprintf(bench_err, sizeof(bench_err), "%s: %s", what, strerror(err));
	return -1;
}

static inline int bench_fail(const char *what)
{
	return bench_fail_errno(what, errno);
}

/* A failure with no errno behind it (a short read, a bad exit status). */
static inline int bench_fail_msg(const char *what)
{
	snprintf(bench_err, sizeof(bench_err), "%s", what);
	return -1;
}

static inline void bench_report_error(const char *name)
{
	printf("BENCH name=%s error=%s\n", name,
	       bench_err[0] ? bench_err : "unknown failure");
	fflush(stdout);
	bench_err[0] = 0;
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n sorted values, linearly interpolated. */
static inline double bench_quantile(const double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	if (i >= n - 1)
		return v[n - 1];
	return v[i] + (v[i + 1] - v[i]) * (pos - i);
}

/* Print the line for samples v[0..n-1] (sorted here). */
static inline void bench_report(const char *name, const char *unit, double *v,
				int n, long iters)
{
	double med, p10, p90;

	qsort(v, n, sizeof(*v), bench_cmp_double);
	med = bench_quantile(v, n, 0.5);
	p10 = bench_quantile(v, n, 0.1);
	p90 = bench_quantile(v, n, 0.9);
	printf("BENCH name=%s unit=%s median=%.1f p10=%.1f p90=%.1f "
	       "spread=%.1f%% reps=%d iters=%ld\n",
	       name, unit, med, p10, p90,
	       med > 0 ? (p90 - p10) * 100.0 / med : 0.0, n, iters);
	fflush(stdout);
}

/*
 * Runs `iters` operations; returns 0, or -1 after bench_fail*().
 */
typedef int (*bench_op_fn)(void *arg, long iters);

/* Time one batch; returns its ns, or 0 on failure. */
static inline u64 bench_batch(bench_op_fn op, void *arg, long iters)
{
	u64 t0 = bench_now_ns(), t1;

	if (op(arg, iters))
		return 0;
	t1 = bench_now_ns();
	return t1 > t0 ? t1 - t0 : 1;
}

/*
 * The usual measurement: pick a batch size that takes about
 * bench_target_ns (the first batches double as warm-up), then time
 * bench_nsamples batches.  Each iteration of op counts as per_iter
 * operations of the reported unit (ns/op).
 */
static inline void bench_ops(const char *name, bench_op_fn op, void *arg,
			     double per_iter)
{
	double v[64];
	long iters = 1;
	u64 t;
	int i;

	for (;;) {
		t = bench_batch(op, arg, iters);
		if (!t) {
			bench_report_error(name);
			return;
		}
		if (t >= bench_target_ns / 2 || iters >= (1L << 30))
			break;
		/* Aim at the target, growing at least 2x and at most 64x. */
		if (t * 64 < bench_target_ns)
			iters *= 64;
		else
			iters = (long)((double)iters * bench_target_ns / t) + 1;
	}
	iters = (long)((double)iters * bench_target_ns / t);
	if (iters < 1)
		iters = 1;
	for (i = 0; i < bench_nsamples; i++) {
		t = bench_batch(op, arg, iters);
		if (!t) {
			bench_report_error(name);
			return;
		}
		v[i] = (double)t / ((double)iters * per_iter);
	}
	bench_report(name, "ns/op", v, bench_nsamples, iters);
}

/*
 * One sample: stores its value in *value; returns 0, or -1 after
 * bench_fail*().
 */
typedef int (*bench_sample_fn)(void *arg, double *value);

/* Measurements whose sample is a fixed amount of work (64 MiB). */
static inline void bench_samples(const char *name, const char *unit,
				 bench_sample_fn fn, void *arg, int n,
				 long iters)
{
	double v[64];
	int i;

	for (i = 0; i < n; i++) {
		if (fn(arg, &v[i])) {
			bench_report_error(name);
			return;
		}
	}
	bench_report(name, unit, v, n, iters);
}

/* MB/s (10^6 bytes a second) for bytes moved in ns. */
static inline double bench_mbps(u64 bytes, u64 ns)
{
	return ns ? (double)bytes * 1000.0 / (double)ns : 0.0;
}

static inline const char *bench_env(const char *key, const char *dflt)
{
	const char *v = getenv(key);

	return v && *v ? v : dflt;
}

/*
 * Restrict the calling process to one CPU: the first one it may run on,
 * so that this also works in a container limited to some CPUs.
 */
static inline int bench_pin_one_cpu(void)
{
	cpu_set_t set;
	int cpu;

	if (sched_getaffinity(0, sizeof(set), &set))
		return bench_fail("sched_getaffinity");
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			break;
	if (cpu == CPU_SETSIZE)
		return bench_fail_msg("sched_getaffinity: empty CPU set");
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return bench_fail("sched_setaffinity");
	return 0;
}

/* Full writes and reads on pipes and files. */
static inline int bench_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return bench_fail("write");
		}
		if (w == 0)
			return bench_fail_msg("write: wrote nothing");
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static inline int bench_read_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return bench_fail("read");
		}
		if (r == 0)
			return bench_fail_msg("read: unexpected end of file");
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static inline int bench_main(int argc, char **argv,
			     const struct bench_case *cases, int ncases)
{
	int i, j, any;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < ncases; i++)
			printf("%s %s\n", cases[i].name, cases[i].unit);
		return 0;
	}
	if (getenv("BENCH_QUICK") && strcmp(getenv("BENCH_QUICK"), "0")) {
		bench_quick = 1;
		bench_nsamples = 3;
		bench_nsamples_heavy = 2;
		bench_target_ns = 2000000;
	}
	if (!bench_now_ns()) {
		/* Nothing can be timed: say so for every case. */
		int err = errno;

		for (i = 0; i < ncases; i++) {
			bench_fail_errno("clock_gettime(CLOCK_MONOTONIC)", err);
			bench_report_error(cases[i].name);
		}
		return 1;
	}
	for (i = 0; i < ncases; i++) {
		any = argc <= 1;
		for (j = 1; j < argc && !any; j++)
			any = !strcmp(argv[j], cases[i].name);
		if (any) {
			bench_err[0] = 0;
			cases[i].run(cases[i].name);
		}
	}
	return 0;
}

#define BENCH_MAIN(cases)                                                   \
	int main(int argc, char **argv)                                     \
	{                                                                   \
		return bench_main(argc, argv, cases,                        \
				  (int)(sizeof(cases) / sizeof(cases[0]))); \
	}

#endif /* BENCH_H */
