// SPDX-License-Identifier: MIT
/*
 * Self-tests of the block layer, driven through the ramdisk test double
 * (test_ramdisk.h): registration checks, a GPT disk seen through /dev
 * and /proc/partitions, unaligned and large reads and writes through
 * the VFS, several threads at once, I/O errors, a lost interrupt and
 * the timeout log, removal under an open file, 4 KiB logical blocks
 * with an extended MBR, and a user program exercising the syscalls and
 * ioctls (tests/user/blockdev.c).
 */
#include <umka/ktest.h>
#include <umka/crc32.h>
#include <umka/kprintf.h>
#include <umka/mm.h>
#include <umka/time.h>
#include <umka/proc.h>
#include <umka/seq_buf.h>
#include <umka/slab.h>
#include <umka/user_image.h>
#include <umka/vmalloc.h>
#include "../fs/test_util.h"
#include "internal.h"
#include "test_ramdisk.h"

/* A byte of the test pattern at absolute disk offset @x. */
static u8 pat(u64 x, u8 seed)
{
	return (u8)(x * 7 + x / 251 + seed);
}

static void fill(u8 *buf, u64 off, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = pat(off + i, seed);
}

/* Index of the first byte that differs from the pattern, or -1. */
static long check(const u8 *buf, u64 off, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != pat(off + i, seed))
			return i;
	return -1;
}

static void put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static void put64(u8 *p, u64 v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

static void mbr_entry(u8 *sec, int slot, u8 type, u32 start, u32 nr)
{
	u8 *p = sec + 446 + slot * 16;

	p[4] = type;
	put32(p + 8, start);
	put32(p + 12, nr);
	sec[510] = 0x55;
	sec[511] = 0xaa;
}

struct kt_gpt_part {
	u32 index;
	u64 first, last;
};

/* A GPT on 512-byte sectors: 128 entries of 128 bytes, both copies. */
static void gpt_write(u8 *disk, u64 nr, const struct kt_gpt_part *p, int n)
{
	u8 *arr = disk + 2 * 512, *barr = disk + (nr - 33) * 512;
	u32 crc;

	for (int i = 0; i < n; i++) {
		u8 *e = arr + p[i].index * 128;

		memset(e, 0x20 + i, 16);
		memset(e + 16, 0x40 + i, 16);
		put64(e + 32, p[i].first);
		put64(e + 40, p[i].last);
	}
	memcpy(barr, arr, 128 * 128);
	crc = crc32_le(0, arr, 128 * 128);
	for (int copy = 0; copy < 2; copy++) {
		u64 lba = copy ? nr - 1 : 1;
		u8 *h = disk + lba * 512;

		memset(h, 0, 512);
		memcpy(h, "EFI PART", 8);
		put32(h + 8, 0x00010000);
		put32(h + 12, 92);
		put64(h + 24, lba);
		put64(h + 32, copy ? 1 : nr - 1);
		put64(h + 40, 34);
		put64(h + 48, nr - 34);
		put64(h + 72, copy ? nr - 33 : 2);
		put32(h + 80, 128);
		put32(h + 84, 128);
		put32(h + 88, crc);
		put32(h + 16, crc32_le(0, h, 92));
	}
	mbr_entry(disk, 0, 0xee, 1, nr - 1);
}

static void dev_path(char *buf, size_t size, struct gendisk *d,
		     unsigned int partno)
{
	if (partno)
		snprintf(buf, size, "/dev/%s%u", blk_disk_name(d), partno);
	else
		snprintf(buf, size, "/dev/%s", blk_disk_name(d));
}

static struct file *open_part(struct gendisk *d, unsigned int partno,
			      int flags)
{
	char path[32];

	dev_path(path, sizeof(path), d, partno);
	return filp_open(path, flags, 0);
}

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return true;
	return false;
}

#define PROC_MNT "/tmp/ktblkproc"

/* /proc/partitions, read through a proc mount; length or -errno. */
static long read_partitions(char *buf, size_t size)
{
	long n;

	if (do_mkdirat(AT_FDCWD, PROC_MNT, 0755))
		return -EEXIST;
	n = do_mount("proc", PROC_MNT, "proc", 0, NULL);
	if (!n) {
		n = kt_read_file(PROC_MNT "/partitions", buf, size - 1);
		if (n >= 0)
			buf[n] = 0;
		do_umount(PROC_MNT, 0);
	}
	do_rmdir(AT_FDCWD, PROC_MNT);
	return n;
}

static bool partitions_line(const char *text, struct gendisk *d,
			    unsigned int partno, u64 kib)
{
	char line[64], name[16];

	if (partno)
		snprintf(name, sizeof(name), "%s%u", blk_disk_name(d), partno);
	else
		snprintf(name, sizeof(name), "%s", blk_disk_name(d));
	snprintf(line, sizeof(line), "%4u  %7u %10llu %s\n",
		 MAJOR(blk_disk_devt(d)), MINOR(blk_disk_devt(d)) + partno,
		 (unsigned long long)kib, name);
	return contains(text, line);
}

/* ---- Registration ---- */

static struct kabi_block_info fake_info;
static s32 fake_err;

static s32 fake_get_info(void *ctx, struct kabi_block_info *info)
{
	*info = fake_info;
	return fake_err;
}

static s32 fake_submit(void *ctx, const struct kabi_block_request *req)
{
	return -EIO;
}

static s32 fake_poll(void *ctx, u32 queue)
{
	return 0;
}

KTEST(block_register_checks)
{
	struct kabi_block_ops ops = {
		KABI_BLOCK_OPS_INIT,
		.get_info = fake_get_info, .submit = fake_submit,
		.poll = fake_poll,
	};
	const struct kabi_block_core *core;
	struct gendisk *d;
	char path[32];
	void *cctx;

	fake_info = (struct kabi_block_info){
		.nr_sectors = 64, .logical_block_size = 512,
		.max_sectors = 8, .max_segments = 1, .queue_depth = 1,
	};
	fake_err = 0;
	KT_ASSERT_EQ(blk_register_kabi(NULL, NULL, &d, &core, &cctx),
		     -EINVAL);
	ops.poll = NULL;		/* version 1 methods are mandatory */
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx),
		     -EINVAL);
	ops.poll = fake_poll;
	ops.vtable_size = KABI_BLOCK_OPS_SIZE_V1 - 8;
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx),
		     -EINVAL);
	ops.vtable_size = sizeof(ops);
	fake_err = -EIO;
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx), -EIO);
	fake_err = 0;
	fake_info.logical_block_size = 1000;
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx),
		     -EINVAL);
	fake_info.logical_block_size = 8192;
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx),
		     -EINVAL);
	fake_info.logical_block_size = 4096;
	fake_info.max_segments = 0;
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx),
		     -EINVAL);
	fake_info.max_segments = 1;
	fake_info.max_sectors = 4;	/* smaller than one block */
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx),
		     -EINVAL);

	/* A disk whose every request fails: registered all the same; the
	 * partition scan reports the error, I/O gets -EIO. */
	fake_info.max_sectors = 8;
	KT_ASSERT_EQ(blk_register_kabi(&ops, NULL, &d, &core, &cctx), 0);
	KT_ASSERT(kabi_block_core_valid(core));
	KT_ASSERT(cctx == d);
	KT_ASSERT_EQ(blk_wait_scanned(d), -EIO);
	dev_path(path, sizeof(path), d, 0);
	KT_ASSERT(kt_exists(path));
	KT_ASSERT_EQ(MAJOR(blk_disk_devt(d)), VIRTBLK_MAJOR);
	/* A made-up tag is ignored, not trusted. */
	core->complete(cctx, 0x12345678, 0);
	core->complete(cctx, ~0ULL, -EIO);
	KT_ASSERT_EQ(d->nr_bogus, 2);
	blk_unregister(d);
	KT_ASSERT(!kt_exists(path));
}

/* ---- A GPT disk through the VFS ---- */

#define RD_SECTORS 16384ULL		/* 8 MiB */

static const struct kt_gpt_part gpt_parts[] = {
	{ 0, 2048, 6143 },		/* vdX1: 2 MiB */
	{ 1, 6144, 14335 },		/* vdX2: 4 MiB */
	{ 3, 14336, 16000 },		/* vdX4 */
};

static struct ramdisk rd_gpt;

KTEST(block_gpt_disk_vfs)
{
	struct ramdisk *rd = &rd_gpt;
	char *text = kmalloc(4096);
	size_t big = 300 * 1024;	/* more than one bounce window */
	u8 *buf = vmalloc(big), *store;
	struct kstat st;
	struct file *f;
	char path[32];
	loff_t pos;
	u8 small[700];

	KT_ASSERT(text && buf);
	KT_ASSERT_EQ(ramdisk_init(rd, RD_SECTORS, 512, 3, 2), 0);
	rd->inline_every = 5;
	store = rd->store;
	gpt_write(store, RD_SECTORS, gpt_parts, 3);
	KT_ASSERT_EQ(ramdisk_register(rd), 0);
	KT_ASSERT_EQ(blk_wait_scanned(rd->disk), 0);

	/* Nodes: block devices with the right numbers. */
	dev_path(path, sizeof(path), rd->disk, 0);
	KT_ASSERT_EQ(kt_stat(path, 0, &st), 0);
	KT_ASSERT(S_ISBLK(st.mode));
	KT_ASSERT_EQ(st.rdev, blk_disk_devt(rd->disk));
	KT_ASSERT_EQ(MINOR(st.rdev) % BLK_MINORS, 0);
	dev_path(path, sizeof(path), rd->disk, 2);
	KT_ASSERT_EQ(kt_stat(path, 0, &st), 0);
	KT_ASSERT(S_ISBLK(st.mode));
	KT_ASSERT_EQ(st.rdev, blk_disk_devt(rd->disk) + 2);
	KT_ASSERT_EQ(st.mode & 0777, 0660);
	dev_path(path, sizeof(path), rd->disk, 4);
	KT_ASSERT(kt_exists(path));
	dev_path(path, sizeof(path), rd->disk, 3);
	KT_ASSERT(!kt_exists(path));
	/* A node for a number nobody has: ENXIO, as on Linux. */
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, "/tmp/ktblk3", S_IFBLK | 0600,
				blk_disk_devt(rd->disk) + 3), 0);
	KT_ASSERT_EQ(kt_open_err("/tmp/ktblk3", O_RDONLY), -ENXIO);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/tmp/ktblk3"), 0);

	/* /proc/partitions in Linux's format. */
	KT_ASSERT(read_partitions(text, 4096) > 0);
	KT_ASSERT(!strncmp(text, "major minor  #blocks  name\n\n", 28));
	KT_ASSERT(partitions_line(text, rd->disk, 0, RD_SECTORS / 2));
	KT_ASSERT(partitions_line(text, rd->disk, 1, 2048));
	KT_ASSERT(partitions_line(text, rd->disk, 2, 4096));
	KT_ASSERT(partitions_line(text, rd->disk, 4, (16001 - 14336) / 2));

	/* Unaligned writes land at the partition's offset on the disk. */
	f = open_part(rd->disk, 1, O_RDWR);
	KT_ASSERT(!IS_ERR(f));
	KT_ASSERT(blkdev_from_file(f) != NULL);
	KT_ASSERT_EQ(bdev_nr_sectors(blkdev_from_file(f)), 4096);
	KT_ASSERT_EQ(f->f_op->llseek(f, 0, SEEK_END), 2 << 20);
	KT_ASSERT_EQ(f->f_op->llseek(f, -100, SEEK_END), (2 << 20) - 100);
	KT_ASSERT_EQ(f->f_op->llseek(f, -1, SEEK_SET), -EINVAL);
	fill(small, 1000, sizeof(small), 1);
	pos = 1000;
	KT_ASSERT_EQ(kernel_write(f, small, sizeof(small), &pos), 700);
	KT_ASSERT_EQ(pos, 1700);
	KT_ASSERT_EQ(check(store + 2048 * 512 + 1000, 1000, 700, 1), -1);
	/* The bytes around it are untouched (read-modify-write). */
	KT_ASSERT_EQ(store[2048 * 512 + 999], 0);
	KT_ASSERT_EQ(store[2048 * 512 + 1700], 0);
	memset(small, 0, sizeof(small));
	pos = 1001;
	KT_ASSERT_EQ(kernel_read(f, small, 3, &pos), 3);
	KT_ASSERT_EQ(check(small, 1001, 3, 1), -1);

	/* 300 KiB at an odd offset: two bounce windows, many requests. */
	fill(buf, 4097, big, 2);
	pos = 4097;
	KT_ASSERT_EQ(kernel_write(f, buf, big, &pos), big);
	memset(buf, 0, big);
	pos = 4097;
	KT_ASSERT_EQ(kernel_read(f, buf, big, &pos), big);
	KT_ASSERT_EQ(check(buf, 4097, big, 2), -1);
	KT_ASSERT_EQ(check(store + 2048 * 512 + 4097, 4097, big, 2), -1);
	/* The earlier small write survived its neighbour's RMW. */
	KT_ASSERT_EQ(check(store + 2048 * 512 + 1000, 1000, 700, 1), -1);

	/* The file position moves with read/write; the end is the end. */
	f->f_pos = (2 << 20) - 10;
	KT_ASSERT_EQ(kernel_read(f, buf, 100, NULL), 10);
	KT_ASSERT_EQ(f->f_pos, 2 << 20);
	KT_ASSERT_EQ(kernel_read(f, buf, 100, NULL), 0);
	KT_ASSERT_EQ(kernel_write(f, buf, 100, NULL), -ENOSPC);
	pos = (2 << 20) - 10;
	KT_ASSERT_EQ(kernel_write(f, buf, 100, &pos), 10);
	KT_ASSERT_EQ(f->f_op->fsync(f, 0), 0);
	KT_ASSERT(rd->nr_flush >= 1);
	fput(f);

	/* Through the whole disk, the partition's data is where it was. */
	f = open_part(rd->disk, 0, O_RDONLY);
	KT_ASSERT(!IS_ERR(f));
	pos = 2048 * 512 + 4097;
	KT_ASSERT_EQ(kernel_read(f, buf, 5000, &pos), 5000);
	KT_ASSERT_EQ(check(buf, 4097, 5000, 2), -1);
	KT_ASSERT_EQ(kernel_write(f, buf, 1, NULL), -EBADF);
	fput(f);

	/* The awkward device got what the test promised it would. */
	KT_ASSERT_EQ(rd->nr_bad, 0);
	KT_ASSERT_EQ(rd->max_active, 2);
	KT_ASSERT(rd->nr_busy > 0);
	KT_ASSERT(rd->nr_ooo > 0);
	KT_ASSERT(rd->nr_inline > 0);
	KT_ASSERT(rd->disk->max_inflight >= 2);
	KT_ASSERT(rd->disk->nr_busy > 0);
	KT_ASSERT_EQ(rd->disk->nr_inflight, 0);
	KT_ASSERT_EQ(rd->disk->nr_pending, 0);

	/* Removal takes the nodes, the numbers and the /proc lines. */
	{
		char name[16], disk_node[32], part_node[32];
		dev_t devt = blk_disk_devt(rd->disk);

		snprintf(name, sizeof(name), " %s1\n", blk_disk_name(rd->disk));
		dev_path(disk_node, sizeof(disk_node), rd->disk, 0);
		dev_path(part_node, sizeof(part_node), rd->disk, 2);
		ramdisk_destroy(rd);
		KT_ASSERT(!kt_exists(disk_node));
		KT_ASSERT(!kt_exists(part_node));
		KT_ASSERT_EQ(PTR_ERR(blkdev_get(devt)), -ENXIO);
		KT_ASSERT_EQ(PTR_ERR(blkdev_get(devt + 1)), -ENXIO);
		KT_ASSERT(read_partitions(text, 4096) > 0);
		KT_ASSERT(!contains(text, name));
	}
	vfree(buf);
	kfree(text);
}

/* ---- Several threads at once ---- */

static struct ramdisk rd_conc;

struct worker {
	struct gendisk *disk;
	u64 base;
	u8 seed;
	int failed;		/* line of the failed check, 0 if none */
	u32 len;		/* per round; W_LEN if 0 */
};

#define W_LEN 20000
#define W_ROUNDS 12

static int worker_fn(void *arg)
{
	struct worker *w = arg;
	struct file *f = open_part(w->disk, 0, O_RDWR);
	u32 len = w->len ? w->len : W_LEN;
	u8 *buf = kmalloc(len);

	if (IS_ERR(f) || !buf) {
		w->failed = __LINE__;
		goto out;
	}
	for (int i = 0; i < W_ROUNDS && !w->failed; i++) {
		u64 off = w->base + i * (len + (w->len ? 0 : 511));
		loff_t pos = off;

		fill(buf, off, len, w->seed + i);
		if (kernel_write(f, buf, len, &pos) != len)
			w->failed = __LINE__;
		memset(buf, 0, len);
		pos = off;
		if (kernel_read(f, buf, len, &pos) != len ||
		    check(buf, off, len, w->seed + i) != -1)
			w->failed = __LINE__;
	}
out:
	if (!IS_ERR(f))
		fput(f);
	kfree(buf);
	return 0;
}

KTEST(block_concurrent_io)
{
	struct ramdisk *rd = &rd_conc;
	struct worker w[3];
	struct task *t[3];

	KT_ASSERT_EQ(ramdisk_init(rd, RD_SECTORS, 512, 4, 2), 0);
	rd->inline_every = 7;
	KT_ASSERT_EQ(ramdisk_register(rd), 0);
	KT_ASSERT_EQ(blk_wait_scanned(rd->disk), 0);
	for (int i = 0; i < 3; i++) {
		w[i] = (struct worker){ rd->disk, i * (2ULL << 20) + 13,
					(u8)(40 * i), 0, 0 };
		t[i] = kthread_run(worker_fn, &w[i], "kt-blkio");
		KT_ASSERT(t[i] != NULL);
	}
	for (int i = 0; i < 3; i++)
		kthread_join(t[i]);
	for (int i = 0; i < 3; i++) {
		/* The last round of each is on the disk. */
		u64 off = w[i].base + (W_ROUNDS - 1) * (W_LEN + 511);

		if (w[i].failed)
			ktest_fail(__FILE__, w[i].failed, "worker %d", i);
		KT_ASSERT_EQ(w[i].failed, 0);
		KT_ASSERT_EQ(check(rd->store + off, off, W_LEN,
				   w[i].seed + W_ROUNDS - 1), -1);
	}
	KT_ASSERT_EQ(rd->nr_bad, 0);
	KT_ASSERT_EQ(rd->max_active, 2);
	KT_ASSERT(rd->nr_busy > 0);
	KT_ASSERT(rd->nr_ooo > 0);
	KT_ASSERT_EQ(rd->disk->nr_inflight, 0);
	ramdisk_destroy(rd);
}

/* ---- Errors, a lost interrupt, removal under an open file ---- */

static struct ramdisk rd_err;

KTEST(block_errors_timeouts_removal)
{
	struct ramdisk *rd = &rd_err;
	u8 *buf = kmalloc(8192);
	struct file *f;
	char path[32];
	loff_t pos;

	KT_ASSERT(buf);
	KT_ASSERT_EQ(ramdisk_init(rd, 4096, 512, 2, 2), 0);
	fill(rd->store, 0, 4096 * 512, 9);
	KT_ASSERT_EQ(ramdisk_register(rd), 0);
	KT_ASSERT_EQ(blk_wait_scanned(rd->disk), 0);
	dev_path(path, sizeof(path), rd->disk, 1);
	KT_ASSERT(!kt_exists(path));	/* no table, no partitions */
	f = open_part(rd->disk, 0, O_RDWR);
	KT_ASSERT(!IS_ERR(f));

	/* The device fails sectors 100..103. */
	rd->fail_lo = 100;
	rd->fail_hi = 104;
	pos = 100 * 512 - 10;
	KT_ASSERT_EQ(kernel_read(f, buf, 100, &pos), -EIO);
	KT_ASSERT_EQ(pos, 100 * 512 - 10);
	pos = 0;
	KT_ASSERT_EQ(kernel_read(f, buf, 512, &pos), 512);
	KT_ASSERT_EQ(check(buf, 0, 512, 9), -1);
	pos = 103 * 512 + 7;
	KT_ASSERT_EQ(kernel_write(f, buf, 5, &pos), -EIO);
	rd->fail_lo = rd->fail_hi = ~0ULL;
	KT_ASSERT_EQ(check(rd->store, 0, 4096 * 512, 9), -1);

	/* A lost interrupt: logged after the timeout, found by poll(). */
	rd->disk->timeout_ns = 200 * NSEC_PER_MSEC;
	rd->lose_next_irq = true;
	pos = 4096 + 3;
	KT_ASSERT_EQ(kernel_read(f, buf, 600, &pos), 600);
	KT_ASSERT_EQ(check(buf, 4096 + 3, 600, 9), -1);
	KT_ASSERT_EQ(rd->disk->nr_timeouts, 1);
	KT_ASSERT(rd->disk->nr_polls >= 1);
	KT_ASSERT(rd->nr_polled >= 1);

	/* The disk goes while the file is open: I/O fails, nothing hangs. */
	dev_path(path, sizeof(path), rd->disk, 0);
	ramdisk_destroy(rd);
	KT_ASSERT(!kt_exists(path));
	pos = 0;
	KT_ASSERT_EQ(kernel_read(f, buf, 512, &pos), -EIO);
	KT_ASSERT_EQ(kernel_write(f, buf, 512, &pos), -EIO);
	KT_ASSERT_EQ(f->f_op->fsync(f, 0), -EIO);
	KT_ASSERT_EQ(f->f_op->llseek(f, 0, SEEK_END), 4096 * 512);
	fput(f);
	kfree(buf);
}

/* ---- 4 KiB logical blocks, an extended MBR, the kernel API ---- */

static struct ramdisk rd_4k;

KTEST(block_4k_extended_mbr)
{
	struct ramdisk *rd = &rd_4k;
	char *text = kmalloc(4096);
	u8 *page = get_free_pages(0), *buf = kmalloc(12000), *v;
	struct block_device *b;
	struct file *f;
	loff_t pos;
	u8 *s;

	KT_ASSERT(text && page && buf);
	KT_ASSERT_EQ(ramdisk_init(rd, RD_SECTORS, 4096, 2, 1), 0);
	s = rd->store;
	/* Blocks: p1 256..511, extended 1024..2023 holding EBRs at 1024 and
	 * 1224 with logicals at 1025 (100 blocks) and 1225 (50). */
	mbr_entry(s, 0, 0x83, 256, 256);
	mbr_entry(s, 1, 0x05, 1024, 1000);
	mbr_entry(s + 1024 * 4096, 0, 0x83, 1, 100);
	mbr_entry(s + 1024 * 4096, 1, 0x05, 200, 51);
	mbr_entry(s + 1224 * 4096, 0, 0x0b, 1, 50);
	KT_ASSERT_EQ(ramdisk_register(rd), 0);
	KT_ASSERT_EQ(blk_wait_scanned(rd->disk), 0);
	KT_ASSERT(read_partitions(text, 4096) > 0);
	KT_ASSERT(partitions_line(text, rd->disk, 0, 8192));
	KT_ASSERT(partitions_line(text, rd->disk, 1, 1024));
	KT_ASSERT(partitions_line(text, rd->disk, 2, 4));
	KT_ASSERT(partitions_line(text, rd->disk, 5, 400));
	KT_ASSERT(partitions_line(text, rd->disk, 6, 200));

	/* Sub-block writes are read-modify-write of whole 4 KiB blocks. */
	f = open_part(rd->disk, 5, O_RDWR);
	KT_ASSERT(!IS_ERR(f));
	fill(buf, 100, 10000, 3);
	pos = 100;
	KT_ASSERT_EQ(kernel_write(f, buf, 10000, &pos), 10000);
	KT_ASSERT_EQ(check(s + 1025 * 4096 + 100, 100, 10000, 3), -1);
	KT_ASSERT_EQ(s[1025 * 4096 + 99], 0);
	KT_ASSERT_EQ(s[1025 * 4096 + 10100], 0);
	pos = 4095;
	KT_ASSERT_EQ(kernel_write(f, "Z", 1, &pos), 1);
	KT_ASSERT_EQ(s[1025 * 4096 + 4095], 'Z');
	KT_ASSERT_EQ(check(s + 1025 * 4096 + 4096, 4096, 6004, 3), -1);
	fput(f);

	/* The kernel API, by number, partition-relative. */
	b = blkdev_get(blk_disk_devt(rd->disk) + 5);
	KT_ASSERT(!IS_ERR(b));
	KT_ASSERT_EQ(bdev_logical_block_size(b), 4096);
	KT_ASSERT_EQ(bdev_nr_sectors(b), 800);
	KT_ASSERT_EQ(blkdev_io(b, KABI_BLOCK_READ, 0, page, 4096), 0);
	KT_ASSERT_EQ(page[4095], 'Z');
	KT_ASSERT_EQ(check(page + 100, 100, 3995, 3), -1);
	KT_ASSERT_EQ(blkdev_io(b, KABI_BLOCK_READ, 1, page, 4096), -EINVAL);
	KT_ASSERT_EQ(blkdev_io(b, KABI_BLOCK_READ, 0, page, 512), -EINVAL);
	KT_ASSERT_EQ(blkdev_io(b, KABI_BLOCK_READ, 0, page + 512, 4096),
		     -EINVAL);
	KT_ASSERT_EQ(blkdev_io(b, KABI_BLOCK_READ, 800, page, 4096), -EINVAL);
	KT_ASSERT_EQ(blkdev_io(b, 7, 0, page, 4096), -EINVAL);
	v = vmalloc(4096);
	KT_ASSERT(v);
	KT_ASSERT_EQ(blkdev_io(b, KABI_BLOCK_READ, 0, v, 4096), -EINVAL);
	vfree(v);
	blkdev_put(b);
	KT_ASSERT_EQ(PTR_ERR(blkdev_get(blk_disk_devt(rd->disk) + 3)),
		     -ENXIO);
	KT_ASSERT_EQ(PTR_ERR(blkdev_get(MKDEV(1, 3))), -ENXIO);
	KT_ASSERT_EQ(rd->nr_bad, 0);
	ramdisk_destroy(rd);
	free_pages_addr(page, 0);
	kfree(buf);
	kfree(text);
}

/* ---- A user program: syscalls, ioctls, a new table, BLKRRPART ---- */

static struct ramdisk rd_user;

KTEST(block_user_program)
{
	const struct user_image *u = user_image_find("blockdev");
	struct ramdisk *rd = &rd_user;
	char path[32];
	const char *argv[] = { "blockdev", path, NULL };
	int status = -1;

	KT_ASSERT(u != NULL);
	KT_ASSERT_EQ(ramdisk_init(rd, 8192, 512, 3, 2), 0);
	KT_ASSERT_EQ(ramdisk_register(rd), 0);
	KT_ASSERT_EQ(blk_wait_scanned(rd->disk), 0);
	dev_path(path, sizeof(path), rd->disk, 0);
	KT_ASSERT_EQ(run_user_image(u->start, u->end - u->start, "blockdev",
				    argv, &status), 0);
	/* Exit status N names the first failing check in the program. */
	KT_ASSERT_EQ(status, 0);
	KT_ASSERT_EQ(rd->nr_bad, 0);
	KT_ASSERT(rd->nr_flush >= 2);
	ramdisk_destroy(rd);
}

/* ---- Recovery: a hung driver replaced, its requests resubmitted ---- */

static struct ramdisk rd_old, rd_new;

KTEST(block_driver_recovery)
{
	const struct kabi_block_core *core;
	struct worker w;
	struct task *t;
	struct ramdisk bad;
	void *cctx;
	u64 old_tag, old_done;
	int waited = 0;

	KT_ASSERT_EQ(ramdisk_init(&rd_old, 8192, 512, 4, 2), 0);
	KT_ASSERT_EQ(ramdisk_register(&rd_old), 0);
	KT_ASSERT_EQ(blk_wait_scanned(rd_old.disk), 0);
	/* The driver hangs with the I/O of a writer in flight: 64 KiB at
	 * 0, so eight requests, two of them accepted, six queued. */
	old_done = rd_old.nr_writes + rd_old.nr_reads;	/* the scan's */
	rd_old.frozen = true;
	w = (struct worker){ rd_old.disk, 0, 77, 0, 64 * 1024 };
	t = kthread_run(worker_fn, &w, "kt-blkrec");
	KT_ASSERT(t != NULL);
	while (READ_ONCE(rd_old.nr_active) < 2 && waited++ < 2000)
		msleep(1);
	KT_ASSERT_EQ(rd_old.nr_active, 2);
	KT_ASSERT(rd_old.disk->nr_pending > 0);
	old_tag = rd_old.act[0].req.tag;
	ramdisk_fence(&rd_old);

	/* A replacement that does not fit the queued requests is refused. */
	KT_ASSERT_EQ(ramdisk_init(&bad, 4096, 512, 4, 2), 0);
	KT_ASSERT_EQ(blk_recover_kabi(rd_old.disk, &ramdisk_ops, &bad, &core,
				      &cctx), -EINVAL);
	vfree(bad.store);

	/* A new instance over the same medium takes over. */
	KT_ASSERT_EQ(ramdisk_init(&rd_new, 8192, 512, 3, 2), 0);
	vfree(rd_new.store);
	rd_new.store = rd_old.store;
	rd_new.inline_every = 3;
	KT_ASSERT_EQ(blk_recover_kabi(rd_old.disk, &ramdisk_ops, &rd_new,
				      &rd_new.core, &rd_new.core_ctx), 0);
	rd_new.disk = rd_old.disk;
	rd_old.disk = NULL;
	rd_old.store = NULL;
	kthread_join(t);
	if (w.failed)
		ktest_fail(__FILE__, w.failed, "worker");
	KT_ASSERT_EQ(w.failed, 0);
	KT_ASSERT_EQ(rd_new.disk->nr_requeued, 2);
	KT_ASSERT(rd_new.nr_writes > 0 && rd_new.nr_reads > 0);
	KT_ASSERT_EQ(rd_old.nr_writes + rd_old.nr_reads, old_done);
	KT_ASSERT_EQ(rd_new.nr_bad, 0);
	KT_ASSERT_EQ(rd_new.disk->depth, 3);
	/* A late completion from the old instance matches nothing. */
	rd_new.core->complete(rd_new.core_ctx, old_tag, 0);
	KT_ASSERT_EQ(rd_new.disk->nr_bogus, 1);
	ramdisk_destroy(&rd_new);
}
