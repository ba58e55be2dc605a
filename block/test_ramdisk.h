/* SPDX-License-Identifier: MIT */
/*
 * A block driver for the self-tests: struct kabi_block_ops over vmalloc
 * memory, behaving like an awkward device.  It accepts fewer requests
 * than the queue depth it advertises (so Core sees -EBUSY), completes
 * them from a timer interrupt in an order of its own choosing, some
 * right inside submit(), can fail a range of sectors with -EIO, and can
 * "lose" the interrupt of a request so that only poll() finds it.  It
 * checks every request against the limits it announced.
 */
#ifndef BLOCK_TEST_RAMDISK_H
#define BLOCK_TEST_RAMDISK_H

#include <umka/blkdev.h>
#include <umka/spinlock.h>
#include <umka/timer.h>

#define RD_MAX_SLOTS 8

struct rd_active {
	struct kabi_block_request req;	/* a copy; req.sg stays valid */
	u64 seq;
	bool no_irq;			/* only poll() completes it */
};

struct ramdisk {
	struct spinlock lock;
	u8 *store;
	struct kabi_block_info info;	/* what get_info() reports */
	u32 hw_slots;			/* what it really accepts */
	u32 inline_every;		/* complete every Nth in submit() */
	u64 fail_lo, fail_hi;		/* sectors failing with -EIO */
	bool lose_next_irq;
	bool frozen;			/* hung: accepts, never completes */

	/* Filled by blk_register_kabi() before any request arrives. */
	struct gendisk *disk;
	const struct kabi_block_core *core;
	void *core_ctx;

	struct rd_active act[RD_MAX_SLOTS];
	u32 nr_active;
	u64 seq;
	struct timer timer;
	unsigned int firings;
	bool stopping;
	int calls;			/* atomic: calls in progress */

	/* Statistics, under lock. */
	u64 nr_submit, nr_busy, nr_inline, nr_ooo, nr_flush, nr_polled;
	u64 nr_bad, nr_reads, nr_writes;
	u32 max_active;
};

/* Set up @rd as a disk of @sectors 512-byte sectors (zeroed). */
int ramdisk_init(struct ramdisk *rd, u64 sectors, u32 lbs, u32 depth,
		 u32 hw_slots);
/* Register it (then /dev/vdX exists); 0 or -errno. */
int ramdisk_register(struct ramdisk *rd);
/* Stop the device: from now on it accepts and completes nothing, as a
 * crashed driver that the supervisor has fenced. */
void ramdisk_fence(struct ramdisk *rd);
/* Stop the device (nothing more is completed), unregister, free. */
void ramdisk_destroy(struct ramdisk *rd);

extern const struct kabi_block_ops ramdisk_ops;

#endif
