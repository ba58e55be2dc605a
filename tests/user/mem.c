/*
 * Memory calls: mmap (anonymous and file, private and shared), munmap,
 * mprotect, mremap, madvise, msync, mincore, mlock and brk, with their
 * errors and boundary cases, and what faults deliver.  Run on Linux it
 * exits 0 as well.
 */
#include "check.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PG 4096UL
#define BADP ((void *)8)

static long sys(long nr, long a, long b, long c, long d, long e)
{
	return syscall(nr, a, b, c, d, e);
}

static void *map(void *addr, size_t len, int prot, int flags)
{
	return mmap(addr, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

static sigjmp_buf env;
static volatile int fault_sig;
static volatile int fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(env, 1);
}

/* 1 if touching @p (reading, or writing if @write) faults. */
static int faults(volatile char *p, int write)
{
	fault_sig = 0;
	if (sigsetjmp(env, 1))
		return 1;
	if (write)
		*p = 1;
	else
		(void)*p;
	return 0;
}

static void test_mmap_errors(void)
{
	char *p;

	CHECK(map(NULL, 0, PROT_READ, MAP_PRIVATE) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(map(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_SHARED) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(map((void *)(PG + 1), PG, PROT_READ, MAP_PRIVATE | MAP_FIXED) ==
	      MAP_FAILED && errno == EINVAL);
	CHECK(map(NULL, (size_t)-PG, PROT_READ, MAP_PRIVATE) == MAP_FAILED &&
	      errno == ENOMEM);
	CHECK(map(NULL, SIZE_MAX, PROT_READ, MAP_PRIVATE) == MAP_FAILED &&
	      errno == ENOMEM);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED &&
	      errno == EBADF);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 555, 0) == MAP_FAILED &&
	      errno == EBADF);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED &&
	      errno == ENODEV);
	CHECK(close(fd) == 0);
	/* A hint that is taken, and MAP_FIXED_NOREPLACE over a mapping. */
	CHECK((p = map(NULL, 4 * PG, PROT_READ, MAP_PRIVATE)) != MAP_FAILED);
	CHECK(munmap(p, 4 * PG) == 0);
	CHECK(map(p, PG, PROT_READ, MAP_PRIVATE) == p);
	CHECK(map(p, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE) ==
	      MAP_FAILED && errno == EEXIST);
	CHECK(map(p + PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE) ==
	      p + PG);
	/* MAP_FIXED replaces what was there. */
	CHECK(map(p, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED) == p);
	p[0] = 5;
	CHECK(munmap(p, 2 * PG) == 0);

	/* munmap and mprotect edges. */
	CHECK(munmap(p, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_munmap, (long)p + 1, PG, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(munmap(p, PG) == 0);		/* nothing there: still fine */
	CHECK(munmap((void *)0xffff800000000000UL, PG) == -1 && errno == EINVAL);
	CHECK(mprotect(p, PG, PROT_READ) == -1 && errno == ENOMEM);
	CHECK((p = map(NULL, 3 * PG, PROT_READ, MAP_PRIVATE)) != MAP_FAILED);
	CHECK(munmap(p + 2 * PG, PG) == 0);	/* a hole after two pages */
	CHECK(mprotect(p, 0, PROT_READ) == 0);
	CHECK(mprotect(p, PG, 0x100) == -1 && errno == EINVAL);
	CHECK(mprotect(p, 3 * PG, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(munmap(p, 2 * PG) == 0);
}

static void test_protection_faults(void)
{
	struct sigaction sa = { 0 };
	char *p;

	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
	CHECK(sigaction(SIGBUS, &sa, NULL) == 0);
	CHECK((p = map(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE)) !=
	      MAP_FAILED);
	CHECK(!faults(p, 1) && !faults(p + 2 * PG, 0));
	CHECK(mprotect(p + PG, PG, PROT_NONE) == 0);
	CHECK(faults(p + PG, 0) && fault_sig == SIGSEGV &&
	      fault_code == SEGV_ACCERR && fault_addr == p + PG);
	CHECK(mprotect(p, 3 * PG, PROT_READ) == 0);
	CHECK(faults(p + 10, 1) && fault_code == SEGV_ACCERR &&
	      fault_addr == p + 10);
	CHECK(p[0] == 1);			/* contents survive mprotect */
	CHECK(munmap(p + PG, PG) == 0);
	CHECK(faults(p + PG + 5, 0) && fault_code == SEGV_MAPERR &&
	      fault_addr == p + PG + 5);
	CHECK(!faults(p + 2 * PG, 0));	/* the split-off tail remains */
	CHECK(munmap(p, 3 * PG) == 0);
	CHECK(faults(p, 0) && fault_code == SEGV_MAPERR);
}

static void test_mremap(void)
{
	char *p, *q, *r, *area, *dst;

	/* A free stretch to work in (a neighbour could be [vvar]). */
	CHECK((area = map(NULL, 64 * PG, PROT_NONE, MAP_PRIVATE)) != MAP_FAILED);
	CHECK(munmap(area, 64 * PG) == 0);
	CHECK((p = map(area + 8 * PG, 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_FIXED)) == area + 8 * PG);
	memset(p, 0x11, 2 * PG);
	/* Shrink in place. */
	CHECK(mremap(p, 2 * PG, PG, 0) == p);
	CHECK(faults(p + PG, 0) && p[PG - 1] == 0x11);
	/* Grow in place into the hole just made. */
	CHECK(mremap(p, PG, 2 * PG, 0) == p);
	CHECK(p[PG] == 0 && p[0] == 0x11);	/* the new part is zero */
	/* Blocked growth without MREMAP_MAYMOVE. */
	CHECK((q = map(p + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED)) ==
	      p + 2 * PG);
	CHECK(mremap(p, 2 * PG, 3 * PG, 0) == MAP_FAILED && errno == ENOMEM);
	/* The target of the MREMAP_FIXED below, kept out of the way. */
	CHECK((dst = map(area + 32 * PG, 4 * PG, PROT_READ,
			 MAP_PRIVATE | MAP_FIXED)) == area + 32 * PG);
	/* With it the mapping moves, contents and all. */
	CHECK((r = mremap(p, 2 * PG, 8 * PG, MREMAP_MAYMOVE)) != MAP_FAILED &&
	      r != p);
	CHECK(r[0] == 0x11 && r[PG - 1] == 0x11 && r[7 * PG] == 0);
	CHECK(faults(p, 0));			/* the old range is gone */
	CHECK(munmap(q, PG) == 0);
	/* MREMAP_FIXED to a chosen place, replacing what is there. */
	q = dst;
	CHECK(mremap(r, 8 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, q) == q);
	CHECK(q[0] == 0x11 && faults(r, 0));
	/* Errors. */
	CHECK(mremap(q + 1, PG, PG, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(q, PG, 0, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(q, PG, PG, 0x80) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(q, PG, 2 * PG, MREMAP_FIXED, q + 8 * PG) == MAP_FAILED &&
	      errno == EINVAL);			/* FIXED needs MAYMOVE */
	CHECK(mremap(q, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		     q + PG) == MAP_FAILED && errno == EINVAL);	/* overlap */
	CHECK(mremap(r, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED &&
	      errno == EFAULT);			/* nothing mapped there */
	CHECK(mremap(q, 5 * PG, 6 * PG, MREMAP_MAYMOVE) == MAP_FAILED &&
	      errno == EFAULT);			/* beyond the mapping */
	/* A private mapping cannot be duplicated with old_size 0. */
	CHECK(mremap(q, 0, PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(q, 4 * PG, 4 * PG, 0) == q);	/* same size: no-op */
	CHECK(munmap(q, 4 * PG) == 0);
}

/*
 * mremap with old_size 0 duplicates a shared mapping: a second mapping
 * of the same pages at a new address (Linux; refused for private ones).
 */
static void test_mremap_dup(void)
{
	char path[] = "/tmp/memdup.XXXXXX";
	volatile char *p, *q, *r, *f, *g;
	char *area;
	int fd, status;

	p = map(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK(p != MAP_FAILED);
	p[0] = 'a';
	p[PG] = 'b';
	/* Without MREMAP_MAYMOVE there is nowhere to put it. */
	CHECK(mremap((void *)p, 0, 2 * PG, 0) == MAP_FAILED && errno == ENOMEM);
	q = mremap((void *)p, 0, 2 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED && q != p);
	CHECK(q[0] == 'a' && q[PG] == 'b');
	q[1] = 'c';
	p[PG + 1] = 'd';
	CHECK(p[1] == 'c' && q[PG + 1] == 'd');
	/* The original stays mapped; a fork child shares both. */
	pid_t pid = fork();
	if (pid == 0) {
		q[2] = 'e';
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && p[2] == 'e');
	/* From the middle: the new one starts at that page. */
	r = mremap((void *)(p + PG), 0, PG, MREMAP_MAYMOVE);
	CHECK(r != MAP_FAILED && r[0] == 'b' && r[1] == 'd');
	/* The pages outlive the first mapping. */
	CHECK(munmap((void *)p, 2 * PG) == 0);
	r[2] = 'f';
	CHECK(q[0] == 'a' && q[PG + 2] == 'f');
	/* MREMAP_FIXED puts the duplicate where asked. */
	CHECK((area = map(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE)) != MAP_FAILED);
	CHECK(mremap((void *)q, 0, PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		     area + PG) == area + PG);
	CHECK(area[PG] == 'a' && area[PG + 2] == 'e');
	CHECK(munmap(area, 4 * PG) == 0);
	CHECK(munmap((void *)q, 2 * PG) == 0 && munmap((void *)r, PG) == 0);

	/* A shared file mapping: both see the file. */
	CHECK((fd = mkstemp(path)) >= 0 && ftruncate(fd, 2 * PG) == 0);
	f = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(f != MAP_FAILED);
	g = mremap((void *)f, 0, 2 * PG, MREMAP_MAYMOVE);
	CHECK(g != MAP_FAILED && g != f);
	g[PG + 5] = 'x';
	CHECK(f[PG + 5] == 'x');
	CHECK(pwrite(fd, "y", 1, 7) == 1 && f[7] == 'y' && g[7] == 'y');
	CHECK(munmap((void *)f, 2 * PG) == 0 && munmap((void *)g, 2 * PG) == 0);
	/* Private mappings, anonymous or of a file, cannot be duplicated. */
	f = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(f != MAP_FAILED);
	CHECK(mremap((void *)f, 0, PG, MREMAP_MAYMOVE) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(munmap((void *)f, PG) == 0);
	CHECK(close(fd) == 0 && unlink(path) == 0);
	/* Nothing mapped at the address. */
	CHECK(mremap(area, 0, PG, MREMAP_MAYMOVE) == MAP_FAILED &&
	      errno == EFAULT);
}

static void test_madvise_msync_mincore(void)
{
	unsigned char vec[8];
	char *p;

	CHECK((p = map(NULL, 5 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE)) !=
	      MAP_FAILED);
	CHECK(munmap(p + 4 * PG, PG) == 0);	/* a hole after four pages */
	memset(p, 0x22, 2 * PG);
	/* mincore: the two touched pages are in memory, the others not. */
	CHECK(mincore(p, 4 * PG, vec) == 0);
	CHECK((vec[0] & 1) && (vec[1] & 1) && !(vec[2] & 1) && !(vec[3] & 1));
	CHECK(mincore(p + 1, PG, vec) == -1 && errno == EINVAL);
	CHECK(mincore(p, PG, BADP) == -1 && errno == EFAULT);
	CHECK(mincore(p, 5 * PG, vec) == -1 && errno == ENOMEM);
	/* MADV_DONTNEED drops private anonymous pages: they read as zero. */
	CHECK(madvise(p, PG, MADV_DONTNEED) == 0);
	CHECK(p[0] == 0 && p[PG] == 0x22);
	CHECK(madvise(p, 4 * PG, MADV_NORMAL) == 0);
	CHECK(madvise(p, 4 * PG, MADV_SEQUENTIAL) == 0);
	CHECK(madvise(p, 4 * PG, MADV_RANDOM) == 0);
	CHECK(madvise(p, 4 * PG, MADV_WILLNEED) == 0);
	CHECK(madvise(p, 0, MADV_DONTNEED) == 0);
	CHECK(madvise(p + 1, PG, MADV_DONTNEED) == -1 && errno == EINVAL);
	CHECK(madvise(p, PG, 12345) == -1 && errno == EINVAL);
	CHECK(madvise(p, 5 * PG, MADV_NORMAL) == -1 && errno == ENOMEM);
	/* msync. */
	CHECK(msync(p, 4 * PG, MS_SYNC) == 0 && msync(p, PG, MS_ASYNC) == 0);
	CHECK(msync(p, PG, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
	CHECK(msync(p, PG, 0x40) == -1 && errno == EINVAL);
	CHECK(msync(p + 1, PG, MS_SYNC) == -1 && errno == EINVAL);
	CHECK(msync(p, 5 * PG, MS_SYNC) == -1 && errno == ENOMEM);
	/* mlock: everything is resident anyway, but the rules hold. */
	CHECK(mlock(p, PG) == 0 && munlock(p, PG) == 0);
	CHECK(mlock(p + 10, 100) == 0);	/* rounded to the page */
	CHECK(mlock(p, 5 * PG) == -1 && errno == ENOMEM);
	CHECK(sys(SYS_mlock2, (long)p, PG, 0x10, 0, 0) == -1 && errno == EINVAL);
	CHECK(mlockall(0) == -1 && errno == EINVAL);
	CHECK(mlockall(MCL_CURRENT) == 0 && munlockall() == 0);
	CHECK(munmap(p, 4 * PG) == 0);
}

static void test_shared_anon(void)
{
	volatile int *shared, *priv;
	int status;

	/* Pages nobody touched before the fork are shared as well. */
	shared = map(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	priv = map(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	CHECK(shared != MAP_FAILED && priv != MAP_FAILED);
	shared[0] = 1;
	priv[0] = 1;
	pid_t pid = fork();
	if (pid == 0) {
		shared[0] = 2;
		shared[PG / sizeof(int)] = 3;	/* untouched until now */
		priv[0] = 4;
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	CHECK(shared[0] == 2 && shared[PG / sizeof(int)] == 3 && priv[0] == 1);
	/* DONTNEED on a shared mapping keeps the data. */
	CHECK(madvise((void *)shared, PG, MADV_DONTNEED) == 0 && shared[0] == 2);
	CHECK(munmap((void *)shared, 2 * PG) == 0 && munmap((void *)priv, PG) == 0);

	/* /dev/zero maps as anonymous memory. */
	int fd = open("/dev/zero", O_RDWR);
	char *z = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(fd >= 0 && z != MAP_FAILED && z[100] == 0);
	z[0] = 9;
	CHECK(munmap(z, PG) == 0);
	z = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(z != MAP_FAILED && close(fd) == 0);
	pid = fork();
	if (pid == 0) {
		z[1] = 7;
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && z[1] == 7);
	/* /proc/self/maps names it as Linux does. */
	char line[256], want[32];
	int found = 0;
	FILE *maps = fopen("/proc/self/maps", "r");
	snprintf(want, sizeof(want), "%lx-", (unsigned long)z);
	while (maps && fgets(line, sizeof(line), maps))
		if (!strncmp(line, want, strlen(want)))
			found = strstr(line, " rw-s ") &&
				strstr(line, "/dev/zero (deleted)") ? 1 : -1;
	CHECK(maps != NULL && fclose(maps) == 0 && found == 1);
	CHECK(munmap(z, PG) == 0);

	/* MADV_DONTFORK and MADV_WIPEONFORK. */
	char *df = map(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	CHECK(df != MAP_FAILED);
	df[0] = df[PG] = 'd';
	CHECK(madvise(df, PG, MADV_DONTFORK) == 0);
	CHECK(madvise(df + PG, PG, MADV_WIPEONFORK) == 0);
	pid = fork();
	if (pid == 0) {
		if (df[PG] != 0)
			_exit(1);	/* wiped */
		if (!faults(df, 0))
			_exit(2);	/* not there at all */
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(df[0] == 'd' && df[PG] == 'd');
	CHECK(madvise(df, PG, MADV_DOFORK) == 0);
	CHECK(madvise(df + PG, PG, MADV_KEEPONFORK) == 0);
	pid = fork();
	if (pid == 0)
		_exit(df[0] == 'd' && df[PG] == 'd' ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(munmap(df, 2 * PG) == 0);
	z = map(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	CHECK(z != MAP_FAILED);
	CHECK(madvise(z, PG, MADV_WIPEONFORK) == -1 && errno == EINVAL);
	CHECK(madvise(z, PG, MADV_FREE) == -1 && errno == EINVAL);
	CHECK(munmap(z, PG) == 0);
}

static void test_file_maps(void)
{
	char path[] = "/tmp/mem.XXXXXX", buf[16];
	char *p, *q;
	int fd, ro;

	CHECK((fd = mkstemp(path)) >= 0);
	CHECK(ftruncate(fd, 2 * PG) == 0 && pwrite(fd, "hello", 5, 0) == 5);
	CHECK((ro = open(path, O_RDONLY)) >= 0);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 1) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) ==
	      MAP_FAILED && errno == EACCES);
	/* Private: writes stay in the process. */
	CHECK((p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			ro, 0)) != MAP_FAILED);
	CHECK(memcmp(p, "hello", 5) == 0 && p[PG] == 0);
	p[0] = 'J';
	CHECK(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0);
	/* Shared: writes reach the file, and the file's writes the map. */
	CHECK((q = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, 0)) != MAP_FAILED);
	CHECK(memcmp(q, "hello", 5) == 0);
	memcpy(q + 1, "ELLO", 4);
	q[PG + 1] = 'x';
	CHECK(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hELLO", 5) == 0);
	CHECK(pread(fd, buf, 1, PG + 1) == 1 && buf[0] == 'x');
	CHECK(pwrite(fd, "W", 1, 2) == 1 && q[2] == 'W');
	CHECK(msync(q, 2 * PG, MS_SYNC) == 0);
	/* An offset into the file. */
	char *o = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, PG);
	CHECK(o != MAP_FAILED && o[1] == 'x');
	/* A child writing through the inherited map. */
	pid_t pid = fork();
	if (pid == 0) {
		q[3] = 'Z';
		_exit(0);
	}
	int status;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(pread(fd, buf, 4, 0) == 4 && buf[3] == 'Z');
	CHECK(munmap(o, PG) == 0 && munmap(p, 2 * PG) == 0);
	CHECK(munmap(q, 2 * PG) == 0);
	/* Past the end of the file: SIGBUS, until the file grows. */
	CHECK(ftruncate(fd, PG) == 0);
	CHECK((q = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, 0)) != MAP_FAILED);
	CHECK(!faults(q, 0));
	CHECK(faults(q + PG + 8, 0) && fault_sig == SIGBUS &&
	      fault_code == BUS_ADRERR && fault_addr == q + PG + 8);
	CHECK(ftruncate(fd, 2 * PG) == 0 && !faults(q + PG + 8, 1));
	CHECK(pread(fd, buf, 1, PG + 8) == 1 && buf[0] == 1);
	CHECK(munmap(q, 2 * PG) == 0);
	/* A shared map of a read-only file cannot become writable. */
	CHECK((q = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0)) != MAP_FAILED);
	CHECK(mprotect(q, PG, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	CHECK(faults(q, 1) && fault_sig == SIGSEGV && fault_code == SEGV_ACCERR);
	CHECK(munmap(q, PG) == 0);
	/* A private one can: the copy is ours. */
	CHECK((q = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, ro, 0)) != MAP_FAILED);
	CHECK(mprotect(q, PG, PROT_READ | PROT_WRITE) == 0 && !faults(q, 1));
	CHECK(munmap(q, PG) == 0);
	/* The data stays after the mapping is gone. */
	CHECK(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hEWZO", 5) == 0);
	CHECK(close(fd) == 0 && close(ro) == 0 && unlink(path) == 0);
}

/* 1 if reading @p faults with SIGBUS (BUS_ADRERR) at exactly @p. */
static int bus_error(volatile char *p, int write)
{
	return faults(p, write) && fault_sig == SIGBUS &&
	       fault_code == BUS_ADRERR && fault_addr == (void *)p;
}

/*
 * Shrinking a mapped file takes back the pages past the new end, shared
 * and private (even private copies already written), as Linux does.
 * They fault SIGBUS until the file grows again, then read as zeros.
 * The last partial page reads zeros past the end, but for a private
 * copy already written, which keeps what it had.
 */
static void test_truncate_maps(void)
{
	char path[] = "/tmp/memtr.XXXXXX", page[PG];
	volatile char *q, *p, *r;
	int fd, status;

	CHECK((fd = mkstemp(path)) >= 0);
	for (int i = 0; i < 4; i++) {
		memset(page, 'A' + i, PG);
		CHECK(pwrite(fd, page, PG, i * PG) == (ssize_t)PG);
	}
	q = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	r = mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(q != MAP_FAILED && p != MAP_FAILED && r != MAP_FAILED);
	/* Touch: shared pages read, private ones read or written. */
	CHECK(q[0] == 'A' && q[PG] == 'B' && q[2 * PG] == 'C' && q[3 * PG] == 'D');
	CHECK(p[PG] == 'B' && p[2 * PG] == 'C' && p[3 * PG] == 'D');
	p[2 * PG + 10] = 'w';		/* pages 2 and 3 of p are copies now */
	p[3 * PG + 10] = 'v';
	CHECK(r[0] == 'A');
	r = mmap((void *)r, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_FIXED, fd, 0);
	CHECK(r != MAP_FAILED);
	r[PG + 10] = 'u';		/* r's partial page will be a copy */
	CHECK(r[2 * PG] == 'C' && r[0] == 'A');

	CHECK(ftruncate(fd, PG + 100) == 0);
	/* Shared: the last page keeps its data up to the end, then zeros. */
	CHECK(q[PG + 50] == 'B' && q[PG + 99] == 'B' && q[PG + 100] == 0 &&
	      q[2 * PG - 1] == 0);
	CHECK(bus_error(q + 2 * PG + 8, 0));
	CHECK(bus_error(q + 3 * PG, 1));
	/* Private, never written: the same. */
	CHECK(p[PG + 50] == 'B' && p[PG + 100] == 0);
	CHECK(bus_error(r + 2 * PG + 1, 0));
	/* Written, past the end: gone all the same. */
	CHECK(bus_error(p + 2 * PG + 10, 0) && bus_error(p + 3 * PG, 0));
	/* The written partial page keeps its copy, past the end too. */
	CHECK(r[PG + 10] == 'u' && r[PG + 99] == 'B' && r[PG + 4000] == 'B');
	/* A child inherits the mappings as they are now. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(bus_error(q + 2 * PG, 0) && bus_error(r + 3 * PG, 0) &&
		      bus_error(p + 2 * PG, 0) && r[PG + 10] == 'u' &&
		      q[PG + 100] == 0 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);

	/* Grown back: the pages are there again, as zeros. */
	CHECK(ftruncate(fd, 4 * PG) == 0);
	CHECK(q[2 * PG + 8] == 0 && q[3 * PG] == 0 && r[2 * PG + 1] == 0 &&
	      p[3 * PG + 5] == 0);
	CHECK(p[2 * PG + 10] == 0 && r[PG + 10] == 'u');
	q[3 * PG + 1] = 's';
	CHECK(pread(fd, page, 2, 3 * PG) == 2 && page[0] == 0 && page[1] == 's');
	CHECK(r[3 * PG + 1] == 's');	/* first touch since: the file's data */

	/* Truncated to nothing while a child maps it too. */
	int go[2], ready[2];
	char c;
	CHECK(pipe(go) == 0 && pipe(ready) == 0);
	pid = fork();
	if (pid == 0) {
		int ok = q[0] == 'A' && q[3 * PG + 1] == 's';	/* mapped now */

		ok &= write(ready[1], "r", 1) == 1 && read(go[0], &c, 1) == 1;
		_exit(ok && bus_error(q, 0) && bus_error(q + 3 * PG, 1) ? 0 : 1);
	}
	CHECK(close(go[0]) == 0 && close(ready[1]) == 0);
	CHECK(read(ready[0], &c, 1) == 1 && close(ready[0]) == 0);
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(write(go[1], "g", 1) == 1 && close(go[1]) == 0);
	CHECK(bus_error(q, 0) && bus_error(p + PG, 0));
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(munmap((void *)q, 4 * PG) == 0 && munmap((void *)p, 4 * PG) == 0);
	CHECK(munmap((void *)r, 4 * PG) == 0);
	CHECK(close(fd) == 0 && unlink(path) == 0);
}

static void test_brk(void)
{
	char *cur = (char *)sys(SYS_brk, 0, 0, 0, 0, 0);

	CHECK(cur != NULL);
	CHECK((char *)sys(SYS_brk, (long)(cur + PG), 0, 0, 0, 0) == cur + PG);
	cur[PG - 1] = 1;
	/* Growing into an existing mapping is refused. */
	char *block = map(cur + 16 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED);
	CHECK(block == cur + 16 * PG);
	CHECK((char *)sys(SYS_brk, (long)(cur + 32 * PG), 0, 0, 0, 0) ==
	      cur + PG);
	CHECK(munmap(block, PG) == 0);
	/* Shrinking frees: the old top faults afterwards. */
	CHECK((char *)sys(SYS_brk, (long)cur, 0, 0, 0, 0) == cur);
	CHECK(faults(cur + PG - 1, 0));
	/* An absurd request returns the current break. */
	CHECK((char *)sys(SYS_brk, -4096L, 0, 0, 0, 0) == cur);
}

/*
 * System calls that copy to or from a buffer running into an
 * inaccessible page, the boundary at several offsets (inside the first
 * eight bytes, on an eight-byte step, further in): what lies before it is
 * copied exactly, the call fails with EFAULT or comes back short, and
 * nothing past the boundary is touched.
 */
static void test_copy_to_boundary(void)
{
	static const int before[] = { 1, 7, 8, 20, 33 };
	char *p = map(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	int zero = open("/dev/zero", O_RDONLY), fds[2];

	CHECK(p != MAP_FAILED && zero >= 0);
	CHECK(mprotect(p + PG, PG, PROT_NONE) == 0);
	CHECK(pipe(fds) == 0);
	CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0);
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		int b = before[i], k = 0;
		char *start = p + PG - b, got[64];
		ssize_t r;

		/* Out of the buffer: a prefix of it reaches the pipe. */
		for (int j = 0; j < b; j++)
			start[j] = (char)(0x40 + j);
		r = write(fds[1], start, 40);
		CHECK((r == -1 && errno == EFAULT) || (r > 0 && r <= b));
		r = read(fds[0], got, sizeof(got));
		if (r > 0)
			CHECK(r <= b && !memcmp(got, start, (size_t)r));
		/* Into the buffer: /dev/zero clears a prefix of it. */
		memset(start, 0x5a, (size_t)b);
		r = read(zero, start, 40);
		CHECK((r == -1 && errno == EFAULT) || (r > 0 && r <= b));
		while (k < b && start[k] == 0)
			k++;
		for (int j = k; j < b; j++)
			CHECK(start[j] == 0x5a);
		if (r > 0)
			CHECK(k == r);
	}
	close(fds[0]);
	close(fds[1]);
	close(zero);
	CHECK(munmap(p, 2 * PG) == 0);
}

int main(void)
{
	/* The kernel self-tests start us with no /proc mounted. */
	int mounted = access("/proc/self", F_OK) &&
		      mount("proc", "/proc", "proc", 0, NULL) == 0;

	test_mmap_errors();
	test_protection_faults();
	test_mremap();
	test_mremap_dup();
	test_madvise_msync_mincore();
	test_shared_anon();
	test_file_maps();
	test_truncate_maps();
	test_brk();
	test_copy_to_boundary();
	if (mounted)
		CHECK(umount("/proc") == 0);
	return 0;
}
