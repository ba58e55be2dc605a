// SPDX-License-Identifier: MIT
/*
 * The request queue of a disk.  Core keeps every request until the
 * driver completes it: waiting ones on disk->pending, submitted ones in
 * disk->slots[], so that after a driver crash they can be handed to a
 * new instance (that part is the supervisor's, later).
 *
 * A caller of blk_io() splits its range into requests, queues them all
 * and then dispatches and waits.  Dispatching moves requests from
 * pending into free slots and calls the driver's submit() with no lock
 * but dispatch_lock held; a driver that answers -EBUSY gets the request
 * back at the head of the queue and is left alone until it completes
 * something.  Every waiter is woken by every completion and dispatches
 * again, so whatever the driver refused goes out without a helper
 * thread.  Waiters also wake periodically to log requests stuck for
 * longer than the timeout and to poll() the driver in case an interrupt
 * was lost.
 *
 * Tags are (sequence << 16) | slot: complete() finds its request in
 * O(1), and a stale or made-up tag from a confused driver matches
 * nothing and is ignored.
 */
#include "internal.h"
#include <umka/mm.h>
#include <umka/page.h>
#include <umka/printk.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/time.h>
#include <asm/layout.h>

#define POLL_AFTER_NS (1000ULL * NSEC_PER_MSEC)
#define BUSY_RETRY_NS (10ULL * NSEC_PER_MSEC)

int blk_queue_init(struct gendisk *d)
{
	d->slots = kzalloc(d->depth * sizeof(*d->slots));
	if (!d->slots)
		return -ENOMEM;
	d->nr_slots = d->depth;
	spin_lock_init(&d->lock, "blk_queue", LOCK_LEVEL_BLK_QUEUE);
	mutex_init(&d->dispatch_lock, "blk_dispatch", LOCK_LEVEL_BLK_DISPATCH);
	list_init(&d->pending);
	init_waitqueue_head(&d->wait);
	d->timeout_ns = BLK_TIMEOUT_NS;
	return 0;
}

void blk_queue_free(struct gendisk *d)
{
	kfree(d->slots);
}

/* Under d->lock: @req is done with @status. */
static void finish_locked(struct gendisk *d, struct blk_request *req,
			  int status)
{
	struct blk_batch *b = req->batch;

	if (status > 0 || status < -4095)
		status = -EIO;	/* not an errno: a confused driver */
	if (status && !b->error)
		b->error = status;
	/* The last touch: the waiter may free req and b once this is 0. */
	b->remaining--;
}

static void blk_complete(void *ctx, u64 tag, s32 status)
{
	struct gendisk *d = ctx;
	u32 slot = tag & ((1U << BLK_TAG_SLOT_BITS) - 1);
	struct blk_request *req;
	unsigned long flags;
	bool bogus = false;

	flags = spin_lock_irqsave(&d->lock);
	if (d->dead) {
		/* Removed: touch nothing after the unlock. */
		spin_unlock_irqrestore(&d->lock, flags);
		return;
	}
	/* Seen by blk_queue_kill(), which takes the lock after us. */
	__atomic_add_fetch(&d->in_complete, 1, __ATOMIC_RELAXED);
	req = slot < d->depth ? d->slots[slot] : NULL;
	if (req && req->kreq.tag == tag) {
		d->slots[slot] = NULL;
		d->nr_inflight--;
		d->nr_completed++;
		d->busy = false;
		finish_locked(d, req, status);
	} else {
		bogus = d->nr_bogus++ == 0;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (bogus)
		pr_warn("blk: %s: completion of unknown tag %#llx ignored\n",
			d->name, (unsigned long long)tag);
	wake_up(&d->wait);
	/* The last touch of the disk. */
	__atomic_sub_fetch(&d->in_complete, 1, __ATOMIC_RELEASE);
}

const struct kabi_block_core blk_core_ops = {
	KABI_BLOCK_CORE_INIT,
	.complete = blk_complete,
};

static bool want_dispatch(struct gendisk *d)
{
	return READ_ONCE(d->nr_pending) && !READ_ONCE(d->busy) &&
	       READ_ONCE(d->nr_inflight) < d->depth && !READ_ONCE(d->dead) &&
	       READ_ONCE(d->started);
}

/* Under d->lock: a free slot (there is one: nr_inflight < depth). */
static u32 free_slot(struct gendisk *d)
{
	u32 s = (u32)d->seq % d->depth;

	while (d->slots[s])
		s = (s + 1) % d->depth;
	return s;
}

/* Hand queued requests to the driver until it is full or none are left. */
static void blk_run_queue(struct gendisk *d)
{
	mutex_lock(&d->dispatch_lock);
	for (;;) {
		struct blk_request *req;
		unsigned long flags;
		u64 tag, completed;
		u32 slot;
		int r;

		flags = spin_lock_irqsave(&d->lock);
		/* Nothing goes to the driver before registration returned. */
		if (d->dead || d->busy || !d->started ||
		    list_empty(&d->pending) || d->nr_inflight >= d->depth) {
			spin_unlock_irqrestore(&d->lock, flags);
			break;
		}
		req = list_first_entry(&d->pending, struct blk_request, node);
		list_del(&req->node);
		d->nr_pending--;
		slot = free_slot(d);
		tag = ++d->seq << BLK_TAG_SLOT_BITS | slot;
		req->kreq.tag = tag;
		req->start_ns = ktime_get_ns();
		d->slots[slot] = req;
		if (++d->nr_inflight > d->max_inflight)
			d->max_inflight = d->nr_inflight;
		d->nr_submitted++;
		completed = d->nr_completed;
		spin_unlock_irqrestore(&d->lock, flags);

		/* May complete it (even on this CPU) before returning. */
		r = d->ops->submit(d->drv_ctx, &req->kreq);
		if (!r)
			continue;

		flags = spin_lock_irqsave(&d->lock);
		/* Not completed meanwhile (a driver that refuses must not). */
		if (d->slots[slot] == req && req->kreq.tag == tag) {
			d->slots[slot] = NULL;
			d->nr_inflight--;
			d->nr_submitted--;
			if (r == -EBUSY) {
				list_add(&req->node, &d->pending);
				d->nr_pending++;
				d->nr_busy++;
				/* A completion since submit() made room. */
				d->busy = d->nr_completed == completed;
			} else {
				finish_locked(d, req, r);
			}
		}
		spin_unlock_irqrestore(&d->lock, flags);
		if (r != -EBUSY)
			wake_up(&d->wait);
		else
			break;
	}
	mutex_unlock(&d->dispatch_lock);
}

/*
 * A waiter woke without progress: log requests past the timeout (once
 * each), give a driver that refused with nothing in flight another go,
 * and poll a driver whose requests have waited long enough to suspect a
 * lost interrupt.
 */
static void check_stuck(struct gendisk *d)
{
	u64 now = ktime_get_ns();
	unsigned long flags;
	bool poll = false;

	flags = spin_lock_irqsave(&d->lock);
	for (u32 s = 0; s < d->depth; s++) {
		struct blk_request *req = d->slots[s];

		if (!req)
			continue;
		if (now - req->start_ns >= POLL_AFTER_NS)
			poll = true;
		if (now - req->start_ns >= d->timeout_ns && !req->warned) {
			req->warned = true;
			d->nr_timeouts++;
			pr_warn("blk: %s: request %#llx (op %u, sector %llu, "
				"%u sectors) has taken over %llu ms\n",
				d->name, (unsigned long long)req->kreq.tag,
				req->kreq.op,
				(unsigned long long)req->kreq.sector,
				req->kreq.nr_sectors,
				(unsigned long long)(d->timeout_ns /
						     NSEC_PER_MSEC));
		}
	}
	if (!d->nr_inflight)
		d->busy = false;
	spin_unlock_irqrestore(&d->lock, flags);
	if (!poll)
		return;
	mutex_lock(&d->dispatch_lock);
	if (!READ_ONCE(d->dead)) {
		flags = spin_lock_irqsave(&d->lock);
		d->nr_polls++;
		spin_unlock_irqrestore(&d->lock, flags);
		d->ops->poll(d->drv_ctx, 0);
	}
	mutex_unlock(&d->dispatch_lock);
}

static u64 wait_interval(struct gendisk *d)
{
	u64 t = d->timeout_ns / 4;

	if (READ_ONCE(d->busy) && !READ_ONCE(d->nr_inflight))
		return BUSY_RETRY_NS;
	if (t > POLL_AFTER_NS)
		t = POLL_AFTER_NS;
	return t < BUSY_RETRY_NS ? BUSY_RETRY_NS : t;
}

/* Dispatch and sleep until every request of @b is done. */
static void wait_batch(struct gendisk *d, struct blk_batch *b)
{
	struct wait_entry e = { 0 };

	for (;;) {
		if (want_dispatch(d))
			blk_run_queue(d);
		prepare_to_wait(&d->wait, &e, TASK_UNINTERRUPTIBLE);
		if (!READ_ONCE(b->remaining))
			break;
		if (want_dispatch(d)) {
			finish_wait(&d->wait, &e);
			continue;
		}
		if (!schedule_timeout(wait_interval(d))) {
			finish_wait(&d->wait, &e);
			check_stuck(d);
		}
	}
	finish_wait(&d->wait, &e);
	/* Pairs with the release of d->lock by the completer. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static bool direct_mapped(const void *p, size_t len)
{
	unsigned long a = (unsigned long)p;

	return a >= DIRECT_MAP_BASE && a - DIRECT_MAP_BASE < DIRECT_MAP_SIZE &&
	       len <= DIRECT_MAP_SIZE - (a - DIRECT_MAP_BASE);
}

/* One request for the start of [buf, buf + len): at most max_bytes and
 * max_segs page pieces.  Sets *used to the bytes it covers. */
static struct blk_request *build_request(struct gendisk *d, int op,
					 u64 sector, char *buf, size_t len,
					 struct blk_batch *b, size_t *used)
{
	u32 nsg = d->max_bytes / PAGE_SIZE + 1;
	struct blk_request *req;
	size_t bytes = 0;

	if (nsg > d->max_segs)
		nsg = d->max_segs;
	req = kzalloc(sizeof(*req) + nsg * sizeof(req->sg[0]));
	if (!req)
		return NULL;
	req->kreq.nr_sg = 0;
	while (bytes < len && bytes < d->max_bytes &&
	       req->kreq.nr_sg < nsg) {
		unsigned long a = (unsigned long)buf + bytes;
		size_t piece = PAGE_SIZE - (a & (PAGE_SIZE - 1));

		if (piece > len - bytes)
			piece = len - bytes;
		if (piece > d->max_bytes - bytes)
			piece = d->max_bytes - bytes;
		req->sg[req->kreq.nr_sg].dma_addr = virt_to_phys((void *)a);
		req->sg[req->kreq.nr_sg].len = piece;
		req->kreq.nr_sg++;
		bytes += piece;
	}
	/* Page pieces of an aligned buffer are whole blocks already. */
	req->kreq.sector = sector;
	req->kreq.nr_sectors = bytes >> SECTOR_SHIFT;
	req->kreq.op = op;
	req->kreq.sg = req->sg;
	req->kreq.queue = 0;
	req->batch = b;
	*used = bytes;
	return req;
}

static void free_requests(struct list_head *mine)
{
	struct blk_request *req, *tmp;

	list_for_each_entry_safe(req, tmp, mine, batch_node)
		kfree(req);
}

/*
 * Queue the requests on @mine (linked by batch_node: the caller's list,
 * which the queue never touches), run them and wait for all of them.
 */
static int run_batch(struct gendisk *d, struct list_head *mine,
		     struct blk_batch *b)
{
	struct blk_request *req;
	unsigned long flags;

	flags = spin_lock_irqsave(&d->lock);
	if (d->dead) {
		spin_unlock_irqrestore(&d->lock, flags);
		return -EIO;
	}
	list_for_each_entry(req, mine, batch_node) {
		list_add_tail(&req->node, &d->pending);
		d->nr_pending++;
		b->remaining++;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	wait_batch(d, b);
	return b->error;
}

int blk_io(struct gendisk *d, int op, u64 sector, void *buf, size_t len)
{
	u32 bps = d->lbs >> SECTOR_SHIFT;	/* sectors per block */
	struct blk_batch b = { 0 };
	struct list_head mine;
	size_t off = 0;
	int err = 0;

	if (op != KABI_BLOCK_READ && op != KABI_BLOCK_WRITE)
		return -EINVAL;
	if (op == KABI_BLOCK_WRITE && d->read_only)
		return -EROFS;
	if (!len)
		return 0;
	if (len % d->lbs || sector % bps || (unsigned long)buf % d->lbs ||
	    sector > d->nr_sects ||
	    (len >> SECTOR_SHIFT) > d->nr_sects - sector)
		return -EINVAL;
	if (!direct_mapped(buf, len))
		return -EINVAL;
	list_init(&mine);
	while (off < len) {
		struct blk_request *req;
		size_t used;

		req = build_request(d, op, sector + (off >> SECTOR_SHIFT),
				    (char *)buf + off, len - off, &b, &used);
		if (!req) {
			err = -ENOMEM;
			break;
		}
		list_add_tail(&req->batch_node, &mine);
		off += used;
	}
	if (!err)
		err = run_batch(d, &mine, &b);
	/* Done or never queued: either way no longer on the queue. */
	free_requests(&mine);
	return err;
}

int blk_flush(struct gendisk *d)
{
	struct blk_batch b = { 0 };
	struct blk_request *req;
	struct list_head mine;
	int err;

	if (!d->write_cache)
		return READ_ONCE(d->dead) ? -EIO : 0;
	req = kzalloc(sizeof(*req));
	if (!req)
		return -ENOMEM;
	req->kreq.op = KABI_BLOCK_FLUSH;	/* no data: sg NULL, nr_sg 0 */
	req->batch = &b;
	list_init(&mine);
	list_add_tail(&req->batch_node, &mine);
	err = run_batch(d, &mine, &b);
	kfree(req);
	return err;
}

void blk_queue_kill(struct gendisk *d)
{
	struct blk_request *req, *tmp;
	unsigned long flags;

	/*
	 * No dispatcher may be between taking a request and submitting it
	 * while we fail it: its waiter would free what the driver is about
	 * to be given.  Holding dispatch_lock also waits out a poll().
	 */
	mutex_lock(&d->dispatch_lock);
	flags = spin_lock_irqsave(&d->lock);
	d->dead = true;
	list_for_each_entry_safe(req, tmp, &d->pending, node) {
		list_del(&req->node);
		finish_locked(d, req, -EIO);
	}
	d->nr_pending = 0;
	for (u32 s = 0; s < d->depth; s++) {
		if (d->slots[s]) {
			finish_locked(d, d->slots[s], -EIO);
			d->slots[s] = NULL;
		}
	}
	d->nr_inflight = 0;
	spin_unlock_irqrestore(&d->lock, flags);
	mutex_unlock(&d->dispatch_lock);
	wake_up_all(&d->wait);
	/* And no complete() that got in before us is still running. */
	while (__atomic_load_n(&d->in_complete, __ATOMIC_ACQUIRE))
		yield();
}

/*
 * Recovery: the old driver instance is gone (fenced by the caller, so
 * it completes nothing more).  Its requests go back to the head of the
 * queue in the order they were first submitted, and get new tags when
 * they are dispatched again, so a late completion under an old tag
 * matches nothing.
 */
void blk_queue_rebind(struct gendisk *d, const struct kabi_block_ops *ops,
		      void *drv_ctx, u32 depth)
{
	unsigned long flags;

	mutex_lock(&d->dispatch_lock);
	flags = spin_lock_irqsave(&d->lock);
	for (;;) {
		struct blk_request *newest = NULL;
		u32 slot = 0;

		/* Push the newest first, so the oldest ends up in front. */
		for (u32 s = 0; s < d->depth; s++) {
			struct blk_request *r = d->slots[s];

			if (r && (!newest || r->kreq.tag > newest->kreq.tag)) {
				newest = r;
				slot = s;
			}
		}
		if (!newest)
			break;
		d->slots[slot] = NULL;
		d->nr_inflight--;
		list_add(&newest->node, &d->pending);
		d->nr_pending++;
		d->nr_requeued++;
	}
	d->ops = ops;
	d->drv_ctx = drv_ctx;
	d->depth = depth;
	d->busy = false;
	spin_unlock_irqrestore(&d->lock, flags);
	mutex_unlock(&d->dispatch_lock);
	wake_up_all(&d->wait);
}
