/* SPDX-License-Identifier: MIT */
/*
 * Partition tables: MBR (primary entries and the logical partitions of
 * one extended partition) and GPT (UEFI 2.x, header and entry array
 * CRC-checked, the backup header used when the primary is bad).
 * Portable: the disk is read through a callback, so the host unit tests
 * run the same code over images in memory.
 *
 * Numbering follows Linux: MBR primary slot i is partition i + 1 (gaps
 * stay gaps), logical partitions are 5, 6, ...; GPT entry i is
 * partition i + 1.  A GPT is only looked for behind a protective MBR
 * (an entry of type 0xee), as Linux does without "gpt" on its command
 * line.
 *
 * Entries that cannot be used are counted, never fatal: a partition
 * number above PART_MAX, an entry that starts past the end of the disk
 * or (GPT) lies outside the usable area is dropped; an MBR entry that
 * runs past the end of the disk is cut short there, as Linux does.
 */
#ifndef UMKA_PARTITION_H
#define UMKA_PARTITION_H

#include <umka/types.h>

/* Partitions 1..15: a disk has 16 minors, like Linux's virtio-blk. */
#define PART_MAX 15

#define MBR_TYPE_EMPTY 0x00
#define MBR_TYPE_PROTECTIVE 0xee

enum part_kind {
	PART_NONE,		/* no table recognised */
	PART_MBR,
	PART_GPT,
};

struct part_entry {
	u64 start;		/* first block, in the reader's block size */
	u64 nr;			/* blocks */
	u8 partno;		/* 1..PART_MAX */
	u8 mbr_type;		/* MBR system id; 0 for GPT entries */
	bool extended;		/* MBR extended container (1 KiB shown) */
};

struct part_table {
	enum part_kind kind;
	unsigned int count;	/* entries in e[], by increasing partno */
	unsigned int dropped;	/* non-empty entries left out */
	unsigned int truncated;	/* entries cut at the end of the disk */
	bool gpt_backup;	/* the primary GPT was bad; backup used */
	bool gpt_bad;		/* protective MBR, but no valid GPT */
	struct part_entry e[PART_MAX];
};

struct part_reader {
	u32 block_size;		/* bytes: a power of two, 512..4096 */
	u64 nr_blocks;		/* capacity in blocks */
	/* Read block @lba into @buf (block_size bytes); 0 or -errno. */
	int (*read)(void *ctx, u64 lba, void *buf);
	void *ctx;
	void *buf;		/* scratch of block_size bytes */
};

/*
 * Fill @t from the disk behind @r.  Returns 0 (t->kind is PART_NONE
 * when there is no usable table), -EINVAL for a bad reader, or the
 * first error of r->read().
 */
int part_scan(const struct part_reader *r, struct part_table *t);

/* Offsets and sizes of the on-disk structures (also for test builders). */
#define MBR_ENTRIES_OFF 446
#define MBR_ENTRY_SIZE 16
#define MBR_SIG_OFF 510

#define GPT_SIGNATURE "EFI PART"
#define GPT_HEADER_MIN 92
#define GPT_ENTRY_MIN 128
#define GPT_ENTRIES_MAX_BYTES (1024 * 1024)

#endif
