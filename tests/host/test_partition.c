// SPDX-License-Identifier: MIT
/*
 * Host unit tests for lib/partition.c.  Disk images are built here in
 * memory (MBRs, extended chains, GPTs with their CRCs and backups), then
 * damaged in the ways the parser must survive: bad CRCs, entries out of
 * range, looping EBR chains, absurd header fields, random bit flips.
 * The reader fails the test if the parser ever asks for a block past the
 * end of the disk.
 */
#include "htest.h"

#include <umka/partition.h>
#include <umka/crc32.h>
#include <umka/errno.h>

struct img {
	u8 *data;
	u32 bs;
	u64 nr;
	u64 fail_lba;		/* read error here; ~0 for none */
	int bad_reads;		/* reads past the end */
	int reads;
};

static int img_read(void *ctx, u64 lba, void *buf)
{
	struct img *im = ctx;

	im->reads++;
	if (lba >= im->nr) {
		im->bad_reads++;
		return -EIO;
	}
	if (lba == im->fail_lba)
		return -EIO;
	memcpy(buf, im->data + lba * im->bs, im->bs);
	return 0;
}

static struct img *img_new(u32 bs, u64 nr)
{
	struct img *im = calloc(1, sizeof(*im));

	im->bs = bs;
	im->nr = nr;
	im->data = calloc(nr, bs);
	im->fail_lba = ~0ULL;
	return im;
}

static void img_free(struct img *im)
{
	free(im->data);
	free(im);
}

static u8 scratch[4096];

static int scan(struct img *im, struct part_table *t)
{
	struct part_reader r = { .block_size = im->bs, .nr_blocks = im->nr,
				 .read = img_read, .ctx = im,
				 .buf = scratch };

	return part_scan(&r, t);
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

static void mbr_set(struct img *im, u64 lba, int slot, u8 flag, u8 type,
		    u32 start, u32 nr)
{
	u8 *s = im->data + lba * im->bs;
	u8 *p = s + MBR_ENTRIES_OFF + slot * MBR_ENTRY_SIZE;

	p[0] = flag;
	p[4] = type;
	put32(p + 8, start);
	put32(p + 12, nr);
	s[MBR_SIG_OFF] = 0x55;
	s[MBR_SIG_OFF + 1] = 0xaa;
}

struct gpt_part {
	u32 index;
	u64 first, last;
};

struct gpt_geom {
	u32 nr_entries, entry_size;
	u64 first_usable, last_usable;
	u64 p_entries, b_entries;	/* entry array LBAs */
};

static void gpt_header(struct img *im, u64 lba, u64 alt, u64 entries,
		       const struct gpt_geom *g, u32 entries_crc)
{
	u8 *h = im->data + lba * im->bs;

	memset(h, 0, im->bs);
	memcpy(h, GPT_SIGNATURE, 8);
	put32(h + 8, 0x00010000);
	put32(h + 12, GPT_HEADER_MIN);
	put64(h + 24, lba);
	put64(h + 32, alt);
	put64(h + 40, g->first_usable);
	put64(h + 48, g->last_usable);
	memset(h + 56, 0xab, 16);	/* disk GUID */
	put64(h + 72, entries);
	put32(h + 80, g->nr_entries);
	put32(h + 84, g->entry_size);
	put32(h + 88, entries_crc);
	put32(h + 16, crc32_le(0, h, GPT_HEADER_MIN));
}

/* Recompute the header CRC at @lba after a test changed a field. */
static void gpt_rehash(struct img *im, u64 lba)
{
	u8 *h = im->data + lba * im->bs;

	put32(h + 16, 0);
	put32(h + 16, crc32_le(0, h, GPT_HEADER_MIN));
}

static void gpt_build_geom(struct img *im, const struct gpt_part *parts,
			   int n, const struct gpt_geom *g)
{
	u64 bytes = (u64)g->nr_entries * g->entry_size;
	u8 *arr = calloc(1, bytes);
	u32 crc;

	for (int i = 0; i < n; i++) {
		u8 *e = arr + (u64)parts[i].index * g->entry_size;

		memset(e, 0x11 + i, 16);	/* type GUID */
		memset(e + 16, 0x77, 16);	/* unique GUID */
		put64(e + 32, parts[i].first);
		put64(e + 40, parts[i].last);
		e[56] = 'p';			/* UTF-16LE name */
	}
	crc = crc32_le(0, arr, bytes);
	memcpy(im->data + g->p_entries * im->bs, arr, bytes);
	memcpy(im->data + g->b_entries * im->bs, arr, bytes);
	gpt_header(im, 1, im->nr - 1, g->p_entries, g, crc);
	gpt_header(im, im->nr - 1, 1, g->b_entries, g, crc);
	mbr_set(im, 0, 0, 0, MBR_TYPE_PROTECTIVE, 1,
		im->nr - 1 > 0xffffffffULL ? 0xffffffffU : im->nr - 1);
	free(arr);
}

/* The usual layout: 128 entries of 128 bytes, arrays beside the headers. */
static void gpt_geom_default(struct img *im, struct gpt_geom *g, u32 nent,
			     u32 esz)
{
	u64 blocks = ((u64)nent * esz + im->bs - 1) / im->bs;

	g->nr_entries = nent;
	g->entry_size = esz;
	g->p_entries = 2;
	g->b_entries = im->nr - 1 - blocks;
	g->first_usable = 2 + blocks;
	g->last_usable = g->b_entries - 1;
}

static void gpt_build(struct img *im, const struct gpt_part *parts, int n)
{
	struct gpt_geom g;

	gpt_geom_default(im, &g, 128, 128);
	gpt_build_geom(im, parts, n, &g);
}

static const struct gpt_part three[] = {
	{ 0, 2048, 4095 }, { 1, 4096, 10239 }, { 4, 10240, 12000 },
};

static void check_three(const struct part_table *t)
{
	CHECK_EQ(t->kind, PART_GPT);
	CHECK_EQ(t->count, 3);
	CHECK_EQ(t->e[0].partno, 1);
	CHECK_EQ(t->e[0].start, 2048);
	CHECK_EQ(t->e[0].nr, 2048);
	CHECK_EQ(t->e[1].partno, 2);
	CHECK_EQ(t->e[1].start, 4096);
	CHECK_EQ(t->e[1].nr, 6144);
	CHECK_EQ(t->e[2].partno, 5);
	CHECK_EQ(t->e[2].start, 10240);
	CHECK_EQ(t->e[2].nr, 1761);
	CHECK_EQ(t->e[2].mbr_type, 0);
	CHECK_EQ(t->dropped, 0);
}

HTEST(crc32_vectors)
{
	const u8 *s = (const u8 *)"123456789";

	CHECK_EQ(crc32_le(0, s, 9), 0xcbf43926);
	CHECK_EQ(crc32_le(0, s, 0), 0);
	/* Chaining equals one pass. */
	CHECK_EQ(crc32_le(crc32_le(0, s, 4), s + 4, 5), 0xcbf43926);
}

HTEST(no_signature_no_table)
{
	struct img *im = img_new(512, 100);
	struct part_table t;

	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_NONE);
	CHECK_EQ(t.count, 0);
	img_free(im);
}

HTEST(bad_reader_refused)
{
	struct part_reader r = { .block_size = 1000, .nr_blocks = 10,
				 .read = img_read, .buf = scratch };
	struct part_table t;

	CHECK_EQ(part_scan(&r, &t), -EINVAL);
	r.block_size = 8192;
	CHECK_EQ(part_scan(&r, &t), -EINVAL);
	r.block_size = 512;
	r.buf = NULL;
	CHECK_EQ(part_scan(&r, &t), -EINVAL);
}

HTEST(mbr_primaries_keep_slot_numbers)
{
	struct img *im = img_new(512, 20000);
	struct part_table t;

	mbr_set(im, 0, 0, 0x80, 0x83, 2048, 4096);
	mbr_set(im, 0, 2, 0, 0x82, 8192, 1000);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_MBR);
	CHECK_EQ(t.count, 2);
	CHECK_EQ(t.e[0].partno, 1);
	CHECK_EQ(t.e[0].start, 2048);
	CHECK_EQ(t.e[0].nr, 4096);
	CHECK_EQ(t.e[0].mbr_type, 0x83);
	CHECK_EQ(t.e[1].partno, 3);
	CHECK_EQ(t.e[1].start, 8192);
	CHECK_EQ(t.e[1].nr, 1000);
	CHECK_EQ(t.e[1].mbr_type, 0x82);
	CHECK_EQ(t.dropped + t.truncated, 0);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

HTEST(mbr_signature_only_is_empty_table)
{
	struct img *im = img_new(512, 100);
	struct part_table t;

	im->data[510] = 0x55;
	im->data[511] = 0xaa;
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_MBR);
	CHECK_EQ(t.count, 0);
	img_free(im);
}

HTEST(mbr_bad_boot_flag_is_not_a_table)
{
	struct img *im = img_new(512, 20000);
	struct part_table t;

	mbr_set(im, 0, 0, 0x80, 0x83, 2048, 4096);
	mbr_set(im, 0, 1, 0x12, 0x83, 8192, 4096);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_NONE);
	CHECK_EQ(t.count, 0);
	img_free(im);
}

HTEST(mbr_out_of_range_entries)
{
	struct img *im = img_new(512, 10000);
	struct part_table t;

	mbr_set(im, 0, 0, 0, 0x83, 2048, 4096);		/* fine */
	mbr_set(im, 0, 1, 0, 0x83, 9000, 5000);	/* cut at the end */
	mbr_set(im, 0, 2, 0, 0x83, 10000, 10);	/* starts at the end */
	mbr_set(im, 0, 3, 0, 0x83, 0, 10);		/* over the MBR */
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_MBR);
	CHECK_EQ(t.count, 2);
	CHECK_EQ(t.e[1].partno, 2);
	CHECK_EQ(t.e[1].start, 9000);
	CHECK_EQ(t.e[1].nr, 1000);
	CHECK_EQ(t.truncated, 1);
	CHECK_EQ(t.dropped, 2);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

HTEST(mbr_extended_logicals)
{
	struct img *im = img_new(512, 100000);
	struct part_table t;

	mbr_set(im, 0, 0, 0, 0x83, 2048, 2048);
	mbr_set(im, 0, 1, 0, 0x05, 10000, 50000);
	/* EBR chain at 10000, 20000, 30000 (next links relative to 10000). */
	mbr_set(im, 10000, 0, 0, 0x83, 63, 1000);
	mbr_set(im, 10000, 1, 0, 0x05, 10000, 10000);
	mbr_set(im, 20000, 0, 0, 0x07, 100, 2000);
	mbr_set(im, 20000, 1, 0, 0x05, 20000, 10000);
	mbr_set(im, 30000, 0, 0, 0x83, 2048, 5000);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_MBR);
	CHECK_EQ(t.count, 5);
	CHECK_EQ(t.e[1].partno, 2);
	CHECK(t.e[1].extended);
	CHECK_EQ(t.e[1].start, 10000);
	CHECK_EQ(t.e[1].nr, 2);		/* 1 KiB, as Linux shows it */
	CHECK_EQ(t.e[2].partno, 5);
	CHECK_EQ(t.e[2].start, 10063);
	CHECK_EQ(t.e[2].nr, 1000);
	CHECK_EQ(t.e[3].partno, 6);
	CHECK_EQ(t.e[3].start, 20100);
	CHECK_EQ(t.e[3].mbr_type, 0x07);
	CHECK_EQ(t.e[4].partno, 7);
	CHECK_EQ(t.e[4].start, 32048);
	CHECK_EQ(t.e[4].nr, 5000);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

HTEST(mbr_extended_chain_cannot_loop)
{
	struct img *im = img_new(512, 100000);
	struct part_table t;

	mbr_set(im, 0, 0, 0, 0x0f, 10000, 50000);
	mbr_set(im, 10000, 0, 0, 0x83, 63, 100);
	mbr_set(im, 10000, 1, 0, 0x05, 5000, 100);
	mbr_set(im, 15000, 0, 0, 0x83, 63, 100);
	mbr_set(im, 15000, 1, 0, 0x05, 0, 100);	/* back to the first */
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.count, 3);
	CHECK_EQ(t.dropped, 1);
	CHECK(im->reads < 10);
	/* A logical partition leaving its container is dropped. */
	mbr_set(im, 15000, 0, 0, 0x83, 63, 100000);
	mbr_set(im, 15000, 1, 0, 0, 0, 0);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.count, 3);
	CHECK_EQ(t.e[2].partno, 6);
	CHECK_EQ(t.e[2].nr, 60000 - 15063);
	CHECK_EQ(t.truncated, 1);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

HTEST(mbr_many_logicals_capped)
{
	struct img *im = img_new(512, 200000);
	struct part_table t;

	mbr_set(im, 0, 0, 0, 0x05, 1000, 190000);
	for (int i = 0; i < 20; i++) {
		u64 ebr = 1000 + i * 1000;

		mbr_set(im, ebr, 0, 0, 0x83, 10, 100);
		mbr_set(im, ebr, 1, 0, 0x05, (i + 1) * 1000, 1000);
	}
	CHECK_EQ(scan(im, &t), 0);
	/* The container (1) and logicals 5..15: 11 of 20 fit. */
	CHECK_EQ(t.count, 12);
	CHECK_EQ(t.e[11].partno, 15);
	CHECK_EQ(t.dropped, 9);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

HTEST(gpt_valid)
{
	struct img *im = img_new(512, 16384);
	struct part_table t;

	gpt_build(im, three, 3);
	CHECK_EQ(scan(im, &t), 0);
	check_three(&t);
	CHECK(!t.gpt_backup);
	CHECK(!t.gpt_bad);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

HTEST(gpt_needs_protective_mbr)
{
	struct img *im = img_new(512, 16384);
	struct part_table t;

	gpt_build(im, three, 3);
	memset(im->data, 0, 512);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_NONE);
	/* A plain MBR in front of a GPT wins, as on Linux. */
	mbr_set(im, 0, 0, 0, 0x83, 2048, 100);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_MBR);
	CHECK_EQ(t.count, 1);
	img_free(im);
}

HTEST(gpt_corrupt_header_crc_uses_backup)
{
	struct img *im = img_new(512, 16384);
	struct part_table t;

	gpt_build(im, three, 3);
	im->data[512 + 40] ^= 1;	/* first usable LBA, CRC now wrong */
	CHECK_EQ(scan(im, &t), 0);
	check_three(&t);
	CHECK(t.gpt_backup);
	img_free(im);
}

HTEST(gpt_corrupt_entries_crc_uses_backup)
{
	struct img *im = img_new(512, 16384);
	struct part_table t;

	gpt_build(im, three, 3);
	im->data[2 * 512 + 33] ^= 0x40;	/* entry 0's first LBA */
	CHECK_EQ(scan(im, &t), 0);
	check_three(&t);
	CHECK(t.gpt_backup);
	img_free(im);
}

HTEST(gpt_both_copies_bad)
{
	struct img *im = img_new(512, 16384);
	struct part_table t;

	gpt_build(im, three, 3);
	im->data[512 + 40] ^= 1;
	im->data[(im->nr - 1) * 512 + 90] ^= 1;	/* backup's entry CRC */
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_NONE);
	CHECK_EQ(t.count, 0);
	CHECK(t.gpt_bad);
	img_free(im);
}

HTEST(gpt_header_fields_checked)
{
	struct img *im = img_new(512, 16384);
	struct part_table t;
	u8 *h = im->data + 512;

	/* Each change keeps the CRC right; the field itself must fail.
	 * The backup is broken so that only the primary is considered. */
	static const struct {
		int off, width;
		u64 val;
	} bad[] = {
		{ 12, 4, 91 },		/* header smaller than 92 */
		{ 12, 4, 513 },		/* header larger than a block */
		{ 24, 8, 7 },		/* MyLBA is not where it is */
		{ 40, 8, 20000 },	/* first usable > last usable */
		{ 48, 8, 16384 },	/* last usable past the end */
		{ 72, 8, 16380 },	/* entry array past the end */
		{ 72, 8, 1 },		/* entry array on the header */
		{ 80, 4, 0xffffffff },	/* 512 GiB of entries */
		{ 84, 4, 100 },		/* entry size not 128 * 2^n */
		{ 84, 4, 192 },
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gpt_build(im, three, 3);
		im->data[(im->nr - 1) * 512] = 'X';
		if (bad[i].width == 4)
			put32(h + bad[i].off, bad[i].val);
		else
			put64(h + bad[i].off, bad[i].val);
		gpt_rehash(im, 1);
		CHECK_EQ(scan(im, &t), 0);
		if (t.kind != PART_NONE)
			printf("  field at %d accepted\n", bad[i].off);
		CHECK_EQ(t.kind, PART_NONE);
		CHECK(t.gpt_bad);
		CHECK_EQ(im->bad_reads, 0);
	}
	/* Unchanged, it parses (the test above is not vacuous). */
	gpt_build(im, three, 3);
	im->data[(im->nr - 1) * 512] = 'X';
	CHECK_EQ(scan(im, &t), 0);
	check_three(&t);
	img_free(im);
}

HTEST(gpt_out_of_range_entries)
{
	struct img *im = img_new(512, 16384);
	struct gpt_geom g;
	struct part_table t;
	struct gpt_part parts[] = {
		{ 0, 2048, 4095 },		/* fine */
		{ 1, 10, 4000 },		/* before first usable (34) */
		{ 2, 5000, 16383 },		/* past last usable */
		{ 3, 9000, 8000 },		/* ends before it starts */
		{ 6, 12000, 12000 },		/* one block: fine */
		{ 15, 13000, 13999 },	/* partition 16: no minor */
		{ 100, 14000, 14100 },		/* partition 101 */
	};

	gpt_geom_default(im, &g, 128, 128);
	gpt_build_geom(im, parts, 7, &g);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_GPT);
	CHECK_EQ(t.count, 2);
	CHECK_EQ(t.e[0].partno, 1);
	CHECK_EQ(t.e[1].partno, 7);
	CHECK_EQ(t.e[1].nr, 1);
	CHECK_EQ(t.dropped, 5);
	img_free(im);
}

HTEST(gpt_4k_blocks)
{
	struct img *im = img_new(4096, 4096);
	struct part_table t;
	struct gpt_part parts[] = { { 0, 256, 1279 }, { 2, 1280, 4000 } };

	gpt_build(im, parts, 2);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_GPT);
	CHECK_EQ(t.count, 2);
	CHECK_EQ(t.e[0].start, 256);
	CHECK_EQ(t.e[0].nr, 1024);
	CHECK_EQ(t.e[1].partno, 3);
	CHECK_EQ(t.e[1].nr, 2721);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

HTEST(gpt_large_entries_straddle_blocks)
{
	struct img *im = img_new(512, 16384);
	struct gpt_geom g;
	struct part_table t;

	/* 1 KiB entries on 512-byte blocks: each spans two blocks. */
	gpt_geom_default(im, &g, 16, 1024);
	gpt_build_geom(im, three, 3, &g);
	CHECK_EQ(scan(im, &t), 0);
	check_three(&t);
	CHECK(!t.gpt_backup);
	img_free(im);
}

HTEST(gpt_odd_entry_count)
{
	struct img *im = img_new(512, 16384);
	struct gpt_geom g;
	struct part_table t;

	/* 5 entries: the array ends mid-block; the CRC covers 640 bytes. */
	gpt_geom_default(im, &g, 5, 128);
	gpt_build_geom(im, three, 3, &g);
	CHECK_EQ(scan(im, &t), 0);
	check_three(&t);
	CHECK(!t.gpt_backup);
	img_free(im);
}

HTEST(read_errors_propagate)
{
	struct img *im = img_new(512, 16384);
	struct part_table t;

	gpt_build(im, three, 3);
	im->fail_lba = 0;
	CHECK_EQ(scan(im, &t), -EIO);
	im->fail_lba = 1;
	CHECK_EQ(scan(im, &t), -EIO);
	im->fail_lba = 3;
	CHECK_EQ(scan(im, &t), -EIO);
	img_free(im);
}

HTEST(tiny_disks)
{
	struct img *im = img_new(512, 1);
	struct part_table t;

	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_NONE);
	img_free(im);
	im = img_new(512, 3);
	mbr_set(im, 0, 0, 0, MBR_TYPE_PROTECTIVE, 1, 2);
	CHECK_EQ(scan(im, &t), 0);
	CHECK_EQ(t.kind, PART_NONE);
	CHECK_EQ(im->bad_reads, 0);
	img_free(im);
}

/* Flip random bits of valid images: never a crash or a bad read, and
 * whatever is reported lies on the disk. */
HTEST(fuzz_bit_flips)
{
	struct img *im = img_new(512, 16384);
	u8 *good = malloc(16384 * 512);
	struct part_table t;
	unsigned int seed = 12345;

	for (int round = 0; round < 4000; round++) {
		if (round % 2000 == 0) {
			memset(im->data, 0, 16384 * 512);
			if (round == 0) {
				gpt_build(im, three, 3);
			} else {
				mbr_set(im, 0, 0, 0, 0x83, 2048, 1000);
				mbr_set(im, 0, 1, 0, 0x05, 4000, 10000);
				mbr_set(im, 4000, 0, 0, 0x83, 10, 100);
				mbr_set(im, 4000, 1, 0, 0x05, 1000, 100);
				mbr_set(im, 5000, 0, 0, 0x83, 10, 100);
			}
			memcpy(good, im->data, 16384 * 512);
		}
		memcpy(im->data, good, 16384 * 512);
		for (int k = 0; k < 4; k++) {
			/* Mostly the metadata blocks. */
			u64 blk = (seed = seed * 1103515245 + 12345) % 8;
			static const u64 hot[8] = { 0, 1, 2, 3, 16383, 4000,
						    5000, 16382 };
			u32 bit = (seed = seed * 1103515245 + 12345) %
				  (512 * 8);

			im->data[hot[blk] * 512 + bit / 8] ^= 1 << (bit % 8);
		}
		im->bad_reads = 0;
		if (scan(im, &t) != 0)
			CHECK(0);
		CHECK_EQ(im->bad_reads, 0);
		CHECK(t.count <= PART_MAX);
		for (unsigned i = 0; i < t.count; i++) {
			CHECK(t.e[i].nr > 0);
			CHECK(t.e[i].start + t.e[i].nr <= im->nr);
			CHECK(t.e[i].partno >= 1 && t.e[i].partno <= PART_MAX);
			if (i)
				CHECK(t.e[i].partno > t.e[i - 1].partno);
		}
	}
	free(good);
	img_free(im);
}

HTEST_MAIN("partition")
