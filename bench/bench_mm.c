// SPDX-License-Identifier: MIT
/*
 * Anonymous memory: a 64 MiB private mapping written one byte per
 * 4 KiB page (ns per page, so ns per fault with 4 KiB pages), with
 * transparent huge pages refused through madvise and then with the
 * kernel's default policy; munmap of such a touched mapping (ns per
 * page); mprotect of one touched page, alternating read-write and
 * read-only (ns per call).
 */
#include "bench.h"

#include <sys/mman.h>

#define REGION (64L << 20)
#define PAGE 4096L
#define NPAGES (REGION / PAGE)

struct region {
	int thp; /* leave huge pages to the kernel's default policy */
	int time_unmap;
};

static char *map_region(int thp)
{
	char *p = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		bench_fail("mmap 64 MiB");
		return NULL;
	}
#ifdef MADV_NOHUGEPAGE
	/* A hint: a kernel without huge pages may refuse it; no matter. */
	if (!thp)
		madvise(p, REGION, MADV_NOHUGEPAGE);
#endif
	return p;
}

static void touch(char *p)
{
	for (long i = 0; i < NPAGES; i++)
		((volatile char *)p)[i * PAGE] = 1;
}

static int sample_region(void *arg, double *value)
{
	struct region *r = arg;
	char *p = map_region(r->thp);
	u64 t0, t1;

	if (!p)
		return -1;
	t0 = bench_now_ns();
	touch(p);
	t1 = bench_now_ns();
	if (r->time_unmap) {
		t0 = bench_now_ns();
		if (munmap(p, REGION))
			return bench_fail("munmap");
		t1 = bench_now_ns();
	} else if (munmap(p, REGION)) {
		return bench_fail("munmap");
	}
	*value = (double)(t1 - t0) / NPAGES;
	return 0;
}

static void b_touch(const char *name)
{
	struct region r = {.thp = 0};

	bench_samples(name, "ns/page", sample_region, &r, bench_nsamples_heavy,
		      NPAGES);
}

static void b_touch_thp(const char *name)
{
	struct region r = {.thp = 1};

	bench_samples(name, "ns/page", sample_region, &r, bench_nsamples_heavy,
		      NPAGES);
}

static void b_munmap(const char *name)
{
	struct region r = {.thp = 0, .time_unmap = 1};

	bench_samples(name, "ns/page", sample_region, &r, bench_nsamples_heavy,
		      NPAGES);
}

static int op_mprotect(void *arg, long iters)
{
	char *p = arg;

	for (long i = 0; i < iters; i++) {
		if (mprotect(p, PAGE, PROT_READ))
			return bench_fail("mprotect");
		if (mprotect(p, PAGE, PROT_READ | PROT_WRITE))
			return bench_fail("mprotect");
	}
	return 0;
}

static void b_mprotect(const char *name)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		bench_fail("mmap");
		bench_report_error(name);
		return;
	}
	p[0] = 1;
	bench_ops(name, op_mprotect, p, 2);
	munmap(p, PAGE);
}

static const struct bench_case cases[] = {
	{"mmap_touch_64m", "ns/page", b_touch},
	{"mmap_touch_64m_thp", "ns/page", b_touch_thp},
	{"munmap_64m", "ns/page", b_munmap},
	{"mprotect_4k", "ns/op", b_mprotect},
};

BENCH_MAIN(cases)
