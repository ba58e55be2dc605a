// SPDX-License-Identifier: MIT
/*
 * MBR and GPT partition tables (see <umka/partition.h> for the rules).
 * Everything read from the disk is untrusted: every LBA is checked
 * against the capacity before it is read, every count is bounded, and
 * the chain of extended boot records must move forward, so a hostile
 * image can neither loop nor make us read out of range.
 */
#include <umka/partition.h>
#include <umka/crc32.h>
#include <umka/errno.h>
#include <umka/string.h>

/* Extended boot records followed at most (Linux allows a similar few). */
#define EBR_MAX 64

static u32 get_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get_le64(const u8 *p)
{
	return get_le32(p) | (u64)get_le32(p + 4) << 32;
}

static bool is_extended(u8 type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* Keep entries ordered by partno; numbers are unique by construction. */
static void add_entry(struct part_table *t, u64 start, u64 nr,
		      unsigned int partno, u8 type, bool ext)
{
	unsigned int i;

	if (partno < 1 || partno > PART_MAX || t->count >= PART_MAX) {
		t->dropped++;
		return;
	}
	for (i = t->count; i > 0 && t->e[i - 1].partno > partno; i--)
		t->e[i] = t->e[i - 1];
	t->e[i] = (struct part_entry){ .start = start, .nr = nr,
				       .partno = partno, .mbr_type = type,
				       .extended = ext };
	t->count++;
}

/*
 * An MBR-style entry [start, start + nr) inside [lo, hi): false if it
 * cannot be used at all, else its size cut at @hi.
 */
static bool clip_range(struct part_table *t, u64 start, u64 *nr, u64 lo,
		       u64 hi)
{
	if (start < lo || start >= hi) {
		t->dropped++;
		return false;
	}
	if (*nr > hi - start) {
		*nr = hi - start;
		t->truncated++;
	}
	return true;
}

struct mbr_slot {
	u8 type;
	u32 start, nr;
};

static void mbr_slots(const u8 *sec, struct mbr_slot s[4])
{
	for (int i = 0; i < 4; i++) {
		const u8 *p = sec + MBR_ENTRIES_OFF + i * MBR_ENTRY_SIZE;

		s[i].type = p[4];
		s[i].start = get_le32(p + 8);
		s[i].nr = get_le32(p + 12);
	}
}

static bool has_mbr_signature(const u8 *sec)
{
	return sec[MBR_SIG_OFF] == 0x55 && sec[MBR_SIG_OFF + 1] == 0xaa;
}

/*
 * The logical partitions of the extended partition [base, base + size):
 * a chain of EBRs, each describing one logical partition (relative to
 * the EBR) and the next EBR (relative to @base).
 */
static int mbr_logicals(const struct part_reader *r, struct part_table *t,
			u64 base, u64 size)
{
	u64 end = base + size, cur = base;
	unsigned int partno = 5;
	struct mbr_slot s[4];

	for (int n = 0; n < EBR_MAX; n++) {
		u64 start, nr;
		int err = r->read(r->ctx, cur, r->buf);

		if (err)
			return err;
		if (!has_mbr_signature(r->buf))
			break;
		mbr_slots(r->buf, s);
		if (s[0].type != MBR_TYPE_EMPTY && s[0].nr) {
			start = cur + s[0].start;
			nr = s[0].nr;
			/* Only usable entries take a number, as on Linux. */
			if (clip_range(t, start, &nr, cur + 1, end))
				add_entry(t, start, nr, partno++, s[0].type,
					  false);
		}
		if (!is_extended(s[1].type) || !s[1].nr)
			break;
		/* Strictly forward, so a crafted chain cannot loop. */
		if (base + s[1].start <= cur || base + s[1].start >= end) {
			t->dropped++;
			break;
		}
		cur = base + s[1].start;
	}
	return 0;
}

static int mbr_parse(const struct part_reader *r, struct part_table *t,
		     const struct mbr_slot s[4])
{
	u64 ext_start = 0, ext_nr = 0;

	t->kind = PART_MBR;
	for (int i = 0; i < 4; i++) {
		u64 nr = s[i].nr;

		if (s[i].type == MBR_TYPE_EMPTY || !nr)
			continue;
		if (!clip_range(t, s[i].start, &nr, 1, r->nr_blocks))
			continue;
		if (is_extended(s[i].type)) {
			/* Linux shows the container as 1 KiB (or one block). */
			u64 shown = 1024 / r->block_size;

			if (!ext_nr) {
				ext_start = s[i].start;
				ext_nr = nr;
			}
			if (!shown)
				shown = 1;
			add_entry(t, s[i].start, nr < shown ? nr : shown, i + 1,
				  s[i].type, true);
		} else {
			add_entry(t, s[i].start, nr, i + 1, s[i].type, false);
		}
	}
	return ext_nr ? mbr_logicals(r, t, ext_start, ext_nr) : 0;
}

/* The fields of a GPT header we use, after it has been checked. */
struct gpt_header {
	u64 first_usable, last_usable;
	u64 entries_lba;
	u32 nr_entries, entry_size;
	u32 entries_crc;
};

static bool gpt_header_read(const struct part_reader *r, u64 lba,
			    struct gpt_header *h, int *err)
{
	u8 *b = r->buf;
	u32 size, crc;
	u64 bytes;

	*err = r->read(r->ctx, lba, b);
	if (*err)
		return false;
	if (memcmp(b, GPT_SIGNATURE, 8))
		return false;
	size = get_le32(b + 12);
	if (size < GPT_HEADER_MIN || size > r->block_size)
		return false;
	crc = get_le32(b + 16);
	/* The CRC is that of the header with the CRC field zeroed. */
	memset(b + 16, 0, 4);
	if (crc32_le(0, b, size) != crc)
		return false;
	if (get_le64(b + 24) != lba)
		return false;
	h->first_usable = get_le64(b + 40);
	h->last_usable = get_le64(b + 48);
	h->entries_lba = get_le64(b + 72);
	h->nr_entries = get_le32(b + 80);
	h->entry_size = get_le32(b + 84);
	h->entries_crc = get_le32(b + 88);
	if (h->first_usable > h->last_usable ||
	    h->last_usable >= r->nr_blocks)
		return false;
	/* 128 * 2^n bytes per entry; the array bounded and on the disk. */
	if (h->entry_size < GPT_ENTRY_MIN ||
	    (h->entry_size & (h->entry_size - 1)))
		return false;
	bytes = (u64)h->nr_entries * h->entry_size;
	if (bytes > GPT_ENTRIES_MAX_BYTES)
		return false;
	if (h->entries_lba < 2 || h->entries_lba >= r->nr_blocks ||
	    (bytes + r->block_size - 1) / r->block_size >
		    r->nr_blocks - h->entries_lba)
		return false;
	return true;
}

/* Bytes of an entry we look at: type GUID, unique GUID, first, last. */
#define GPT_ENTRY_USED 48

static void gpt_entry(const struct gpt_header *h, struct part_table *t,
		      const u8 *e, u32 index)
{
	static const u8 unused[16];
	u64 first = get_le64(e + 32), last = get_le64(e + 40);

	if (!memcmp(e, unused, sizeof(unused)))
		return;
	if (first < h->first_usable || last > h->last_usable ||
	    first > last) {
		t->dropped++;
		return;
	}
	add_entry(t, first, last - first + 1, index + 1, 0, false);
}

/*
 * Stream the entry array block by block through the scratch buffer,
 * collecting entries into @t and checking the CRC over all of it.
 */
static bool gpt_entries_read(const struct part_reader *r,
			     const struct gpt_header *h, struct part_table *t,
			     int *err)
{
	u64 bytes = (u64)h->nr_entries * h->entry_size, off = 0;
	u8 ent[GPT_ENTRY_USED];
	u32 crc = 0;

	for (u64 lba = h->entries_lba; off < bytes; lba++) {
		u32 n = bytes - off < r->block_size ? bytes - off
						    : r->block_size;
		const u8 *b = r->buf;

		*err = r->read(r->ctx, lba, r->buf);
		if (*err)
			return false;
		crc = crc32_le(crc, b, n);
		/* An entry may straddle blocks: gather its first bytes. */
		for (u32 i = 0; i < n; i++, off++) {
			u32 in = off % h->entry_size;

			if (in < GPT_ENTRY_USED)
				ent[in] = b[i];
			if (in == GPT_ENTRY_USED - 1)
				gpt_entry(h, t, ent, off / h->entry_size);
		}
	}
	return crc == h->entries_crc;
}

static int gpt_parse(const struct part_reader *r, struct part_table *t)
{
	const u64 where[2] = { 1, r->nr_blocks - 1 };
	struct gpt_header h;
	int err;

	for (int i = 0; i < 2; i++) {
		struct part_table tmp = { .kind = PART_GPT };

		if (!gpt_header_read(r, where[i], &h, &err)) {
			if (err)
				return err;
			continue;
		}
		if (!gpt_entries_read(r, &h, &tmp, &err)) {
			if (err)
				return err;
			continue;
		}
		*t = tmp;
		t->gpt_backup = i == 1;
		return 0;
	}
	t->gpt_bad = true;
	return 0;
}

int part_scan(const struct part_reader *r, struct part_table *t)
{
	struct mbr_slot s[4];
	int err;

	memset(t, 0, sizeof(*t));
	if (!r->read || !r->buf || r->block_size < 512 ||
	    r->block_size > 4096 || (r->block_size & (r->block_size - 1)))
		return -EINVAL;
	if (r->nr_blocks < 2)
		return 0;
	err = r->read(r->ctx, 0, r->buf);
	if (err)
		return err;
	if (!has_mbr_signature(r->buf))
		return 0;
	mbr_slots(r->buf, s);
	/* A boot flag other than 0 or 0x80 means this is no MBR (FAT boot
	 * sectors end in 55 aa too). */
	for (int i = 0; i < 4; i++) {
		u8 flag = ((const u8 *)r->buf)[MBR_ENTRIES_OFF +
					       i * MBR_ENTRY_SIZE];

		if (flag != 0 && flag != 0x80)
			return 0;
	}
	for (int i = 0; i < 4; i++)
		if (s[i].type == MBR_TYPE_PROTECTIVE)
			return gpt_parse(r, t);
	return mbr_parse(r, t, s);
}
