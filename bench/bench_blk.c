// SPDX-License-Identifier: MIT
/*
 * The disk: BENCH_BLKDEV (default /dev/vda, the virtio-blk disk that
 * tools/bench.py attaches; on the host any file of at least 64 MiB).
 * Sequential writes and reads of its first 64 MiB in 1 MiB calls (MB/s,
 * 10^6 bytes a second; a write pass ends with fsync, which sends the
 * device a flush) and 4 KiB reads at random 4 KiB-aligned offsets in
 * that region, one at a time (IOPS).
 *
 * The main rows open the disk with O_DIRECT: UmkaOS's block layer has no
 * page cache, and O_DIRECT takes Linux's out of the way too, so both
 * kernels move every byte through the driver.  The *_buffered rows do
 * the same sequential passes without it, the way a plain dd would: on
 * Linux through the page cache (emptied with BLKFLSBUF before each
 * read pass, so reads come from the device), on UmkaOS the same path as
 * O_DIRECT.
 *
 * Every write pass stamps each 4 KiB block with its offset and the pass
 * number, and every read checks the stamps: a block read from the wrong
 * place or a write that never reached the disk is an error, not a figure.
 */
#include "bench.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#ifndef BLKGETSIZE64
#define BLKGETSIZE64 _IOR(0x12, 114, size_t)
#endif
#ifndef BLKFLSBUF
#define BLKFLSBUF _IO(0x12, 97)
#endif

#define REGION (64L << 20)
#define CHUNK (1L << 20)
#define BLOCK 4096L
#define NBLOCKS (REGION / BLOCK)
#define RAND_READS 2048	     /* random reads per sample */
#define RAND_READS_QUICK 64
#define STAMP_MAGIC 0x756d6b61626c6bull /* "umkablk" */

static const char *dev_path;
static unsigned char *buf;	/* CHUNK bytes, BLOCK-aligned for O_DIRECT */
static u64 pass;		/* stamp of the last completed write pass */

struct mode {
	int direct;
};

static const struct mode direct_io = {1}, buffered_io = {0};

/* The first two words of every 4 KiB block: where it belongs, which pass
 * wrote it. */
static void stamp_chunk(long off, u64 gen)
{
	for (long b = 0; b < CHUNK; b += BLOCK) {
		u64 *w = (u64 *)(buf + b);

		w[0] = (u64)(off + b);
		w[1] = STAMP_MAGIC ^ gen;
	}
}

static int check_block(const unsigned char *p, long off)
{
	const u64 *w = (const u64 *)p;
	char msg[160];

	if (w[0] == (u64)off && w[1] == (STAMP_MAGIC ^ pass))
		return 0;
	snprintf(msg, sizeof(msg),
		 "data mismatch at byte %ld: block says offset %llu, pass "
		 "stamp %llx, expected pass %llu",
		 off, (unsigned long long)w[0],
		 (unsigned long long)(w[1] ^ STAMP_MAGIC),
		 (unsigned long long)pass);
	return bench_fail_msg(msg);
}

static int open_dev(int direct)
{
	int fd = open(dev_path, O_RDWR | O_CLOEXEC | (direct ? O_DIRECT : 0));
	struct stat st;
	u64 size = 0;
	char what[300];

	if (fd < 0) {
		snprintf(what, sizeof(what), "open %s%s", dev_path,
			 direct ? " O_DIRECT" : "");
		return bench_fail(what);
	}
	if (fstat(fd, &st)) {
		bench_fail("fstat");
		close(fd);
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size)) {
			bench_fail("ioctl BLKGETSIZE64");
			close(fd);
			return -1;
		}
	} else {
		size = (u64)st.st_size;
	}
	if (size < (u64)REGION) {
		snprintf(what, sizeof(what), "%s: %llu bytes, need 64 MiB",
			 dev_path, (unsigned long long)size);
		close(fd);
		return bench_fail_msg(what);
	}
	return fd;
}

static int pwrite_all(int fd, const unsigned char *p, long n, long off)
{
	while (n) {
		ssize_t w = pwrite(fd, p, (size_t)n, off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return bench_fail("pwrite");
		}
		if (w == 0)
			return bench_fail_msg("pwrite: wrote nothing");
		p += w;
		n -= w;
		off += w;
	}
	return 0;
}

static int pread_all(int fd, unsigned char *p, long n, long off)
{
	while (n) {
		ssize_t r = pread(fd, p, (size_t)n, off);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return bench_fail("pread");
		}
		if (r == 0)
			return bench_fail_msg("pread: end of device");
		p += r;
		n -= r;
		off += r;
	}
	return 0;
}

/* One write pass over the region, fsync included; its ns in *ns. */
static int write_region(int fd, u64 *ns)
{
	u64 gen = pass + 1, t0 = bench_now_ns();

	for (long off = 0; off < REGION; off += CHUNK) {
		stamp_chunk(off, gen);
		if (pwrite_all(fd, buf, CHUNK, off))
			return -1;
	}
	if (fsync(fd))
		return bench_fail("fsync");
	*ns = bench_now_ns() - t0;
	pass = gen;
	return 0;
}

/* Makes sure the region holds stamps (a read case run on its own). */
static int prepare_region(void)
{
	u64 ns;
	int fd, ret;

	if (pass)
		return 0;
	fd = open_dev(1);
	if (fd < 0)
		return -1;
	ret = write_region(fd, &ns);
	close(fd);
	return ret;
}

/*
 * Drops what Linux caches of the device, so that a buffered read goes
 * to the disk: BLKFLSBUF writes back and invalidates a block device's
 * page cache (UmkaOS: no cache, a flush).  A regular file (the host)
 * has posix_fadvise instead.
 */
static int drop_cache(int fd)
{
	int err;

	if (!ioctl(fd, BLKFLSBUF, 0))
		return 0;
	if (errno != ENOTTY && errno != EINVAL)
		return bench_fail("ioctl BLKFLSBUF");
	if (fdatasync(fd))
		return bench_fail("fdatasync");
	err = posix_fadvise(fd, 0, REGION, POSIX_FADV_DONTNEED);
	return err ? bench_fail_errno("posix_fadvise DONTNEED", err) : 0;
}

static int sample_write(void *arg, double *value)
{
	const struct mode *m = arg;
	int fd = open_dev(m->direct);
	u64 ns;
	int ret;

	if (fd < 0)
		return -1;
	ret = write_region(fd, &ns);
	if (close(fd) && !ret)
		ret = bench_fail("close");
	if (!ret)
		*value = bench_mbps(REGION, ns);
	return ret;
}

static int read_region(int fd, u64 *ns)
{
	u64 t0 = bench_now_ns(), t1;

	for (long off = 0; off < REGION; off += CHUNK) {
		if (pread_all(fd, buf, CHUNK, off))
			return -1;
		for (long b = 0; b < CHUNK; b += BLOCK)
			if (check_block(buf + b, off + b))
				return -1;
	}
	t1 = bench_now_ns();
	*ns = t1 - t0;
	return 0;
}

static int sample_read(void *arg, double *value)
{
	const struct mode *m = arg;
	int fd = open_dev(m->direct);
	u64 ns;
	int ret;

	if (fd < 0)
		return -1;
	ret = m->direct ? 0 : drop_cache(fd);
	if (!ret)
		ret = read_region(fd, &ns);
	close(fd);
	if (!ret)
		*value = bench_mbps(REGION, ns);
	return ret;
}

/* xorshift64: the same offsets on every kernel and every run. */
static u64 rand_state = 0x9e3779b97f4a7c15ull;

static long next_block(void)
{
	rand_state ^= rand_state << 13;
	rand_state ^= rand_state >> 7;
	rand_state ^= rand_state << 17;
	return (long)(rand_state % NBLOCKS);
}

static int sample_rand(void *arg, double *value)
{
	long n = *(long *)arg;
	int fd = open_dev(1);
	u64 t0, t1;

	if (fd < 0)
		return -1;
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++) {
		long off = next_block() * BLOCK;

		if (pread_all(fd, buf, BLOCK, off) || check_block(buf, off)) {
			close(fd);
			return -1;
		}
	}
	t1 = bench_now_ns();
	close(fd);
	*value = (double)n * 1e9 / (double)(t1 > t0 ? t1 - t0 : 1);
	return 0;
}

static void b_write(const char *name, const struct mode *m)
{
	bench_samples(name, "MB/s", sample_write, (void *)m,
		      bench_nsamples_heavy, REGION / CHUNK);
}

static void b_read(const char *name, const struct mode *m)
{
	if (prepare_region()) {
		bench_report_error(name);
		return;
	}
	bench_samples(name, "MB/s", sample_read, (void *)m,
		      bench_nsamples_heavy, REGION / CHUNK);
}

static void b_write_direct(const char *name)
{
	b_write(name, &direct_io);
}

static void b_read_direct(const char *name)
{
	b_read(name, &direct_io);
}

static void b_write_buffered(const char *name)
{
	b_write(name, &buffered_io);
}

static void b_read_buffered(const char *name)
{
	b_read(name, &buffered_io);
}

static void b_rand(const char *name)
{
	long n = bench_quick ? RAND_READS_QUICK : RAND_READS;

	if (prepare_region()) {
		bench_report_error(name);
		return;
	}
	bench_samples(name, "IOPS", sample_rand, &n, bench_nsamples_heavy, n);
}

static const struct bench_case cases[] = {
	{"blk_seq_write_64m", "MB/s", b_write_direct},
	{"blk_seq_read_64m", "MB/s", b_read_direct},
	{"blk_rand_read_4k", "IOPS", b_rand},
	{"blk_seq_write_64m_buffered", "MB/s", b_write_buffered},
	{"blk_seq_read_64m_buffered", "MB/s", b_read_buffered},
};

int main(int argc, char **argv)
{
	dev_path = bench_env("BENCH_BLKDEV", "/dev/vda");
	if (posix_memalign((void **)&buf, BLOCK, CHUNK)) {
		printf("bench_blk: out of memory\n");
		return 1;
	}
	memset(buf, 'd', CHUNK);
	return bench_main(argc, argv, cases,
			  (int)(sizeof(cases) / sizeof(cases[0])));
}
