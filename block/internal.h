/* SPDX-License-Identifier: MIT */
/* Shared between the files of block/ only. */
#ifndef BLOCK_INTERNAL_H
#define BLOCK_INTERNAL_H

#include <umka/blkdev.h>
#include <umka/list.h>
#include <umka/mutex.h>
#include <umka/spinlock.h>
#include <umka/wait.h>

/* Largest request Core builds, whatever the driver allows. */
#define BLK_MAX_REQ_BYTES (128U * 1024)
#define BLK_MAX_DEPTH 256U
/* Tags: a sequence number above the slot in the in-flight table. */
#define BLK_TAG_SLOT_BITS 16
#define BLK_NAME_LEN 8

/* One partition, or (index 0) the whole disk. */
struct blk_part {
	u64 start;		/* 512-byte sectors */
	u64 nr_sects;
	bool present;
	bool node;		/* /dev node made (disk thread only) */
	unsigned int openers;
};

/* Requests of one blk_io() call; the caller waits for remaining == 0. */
struct blk_batch {
	u32 remaining;		/* under disk->lock; READ_ONCE outside */
	int error;		/* the first one */
};

struct blk_request {
	struct list_head node;		/* disk->pending while queued */
	struct list_head batch_node;	/* the caller's list, to free it */
	struct kabi_block_request kreq;
	struct blk_batch *batch;
	u64 start_ns;			/* when it was submitted */
	bool warned;			/* timeout logged */
	struct kabi_sg sg[];
};

/*
 * Locking:
 *  - blk_disks_lock (mutex): the list of disks and the name indexes;
 *  - parts_lock (mutex): the partition table and opener counts;
 *  - write_lock (mutex): serialises writes through /dev nodes, so a
 *    read-modify-write of a partial block cannot lose a neighbour's
 *    update;
 *  - dispatch_lock (mutex): one caller at a time hands requests to the
 *    driver (submit, poll), and unregistering waits for it;
 *  - lock (spinlock, IRQ-safe): the queue below; complete() takes it
 *    from any context, so nothing is called under it.
 */
struct gendisk {
	struct list_head list;		/* under blk_disks_lock */
	int refcount;			/* atomic */
	char name[BLK_NAME_LEN];
	unsigned int index;
	dev_t devt;			/* of the whole disk */
	const struct kabi_block_ops *ops;
	void *drv_ctx;

	/* Fixed at registration, from get_info(). */
	u64 nr_sects;
	u32 lbs, pbs;			/* logical, physical block size */
	u32 max_bytes;			/* per request */
	u32 max_segs;
	u32 depth;			/* requests in flight at most */
	bool read_only, write_cache;
	u64 timeout_ns;			/* tests shorten it */

	struct mutex parts_lock;
	struct blk_part part[BLK_MINORS];

	struct mutex write_lock;
	struct mutex dispatch_lock;

	struct spinlock lock;
	struct list_head pending;
	u32 nr_pending;
	struct blk_request **slots;	/* [nr_slots]: in flight */
	u32 nr_slots;			/* depth at registration */
	u32 nr_inflight;
	u64 seq;			/* tag sequence */
	u64 nr_completed;
	bool busy;			/* driver said -EBUSY; wait */
	bool dead;
	int in_complete;		/* atomic: complete() calls running */
	struct wait_queue_head wait;	/* any completion */

	/* Statistics (under lock), for tests and the log. */
	u64 nr_submitted, nr_busy, nr_timeouts, nr_polls, nr_bogus;
	u64 nr_requeued;
	u32 max_inflight;

	/* The disk's thread: /dev nodes and partition scans. */
	struct task *thread;
	struct wait_queue_head thread_wait;
	bool started;			/* registration returned */
	bool stop;
	u32 scan_req, scan_done;	/* tickets, under parts_lock */
	int scan_result;
	bool node_ready;
};

struct block_device {
	struct gendisk *disk;
	unsigned int partno;
	u64 start, nr_sects;		/* fixed while open */
};

/* block/genhd.c */
void blk_get_disk(struct gendisk *d);
void blk_put_disk(struct gendisk *d);
int blk_request_scan(struct gendisk *d);

/* block/queue.c */
int blk_queue_init(struct gendisk *d);
void blk_queue_free(struct gendisk *d);
extern const struct kabi_block_core blk_core_ops;
/* Absolute sectors; see blkdev_io(). */
int blk_io(struct gendisk *d, int op, u64 sector, void *buf, size_t len);
int blk_flush(struct gendisk *d);
/* Mark dead and fail everything queued; then no more driver calls. */
void blk_queue_kill(struct gendisk *d);
/* Switch to a new driver instance and hand it everything in flight. */
void blk_queue_rebind(struct gendisk *d, const struct kabi_block_ops *ops,
		      void *drv_ctx, u32 depth);

#endif
