// SPDX-License-Identifier: MIT
/*
 * The ramdisk test double (test_ramdisk.h).  It sees Core only through
 * the KABI vtables, as a real driver would, except that it reaches the
 * data buffers through the direct map (phys_to_virt of the sg
 * addresses), which is what "DMA" means without an IOMMU.
 *
 * Instances must be static: the timer callback may still be starting
 * on another CPU when the test tears a disk down, so it checks
 * 'stopping' under the lock and ramdisk_destroy() waits for callers
 * already inside.
 */
#include "test_ramdisk.h"
#include <umka/mm.h>
#include <umka/sched.h>
#include <umka/string.h>
#include <umka/time.h>
#include <umka/vmalloc.h>

#define RD_DELAY_NS (200 * NSEC_PER_USEC)

struct rd_done {
	u64 tag;
	s32 status;
};

static bool rd_enter(struct ramdisk *rd, unsigned long *flags)
{
	*flags = spin_lock_irqsave(&rd->lock);
	if (rd->stopping) {
		spin_unlock_irqrestore(&rd->lock, *flags);
		return false;
	}
	__atomic_add_fetch(&rd->calls, 1, __ATOMIC_ACQUIRE);
	return true;
}

static void rd_leave(struct ramdisk *rd)
{
	__atomic_sub_fetch(&rd->calls, 1, __ATOMIC_RELEASE);
}

/* Under lock: is this request one Core was allowed to send? */
static bool rd_valid(struct ramdisk *rd, const struct kabi_block_request *r)
{
	u64 bytes = 0;

	if (r->op == KABI_BLOCK_FLUSH)
		return r->nr_sg == 0 && r->nr_sectors == 0;
	if (r->op != KABI_BLOCK_READ && r->op != KABI_BLOCK_WRITE)
		return false;
	if (!r->nr_sg || r->nr_sg > rd->info.max_segments ||
	    r->nr_sectors > rd->info.max_sectors || !r->nr_sectors ||
	    r->sector + r->nr_sectors > rd->info.nr_sectors || r->queue)
		return false;
	if ((r->sector * SECTOR_SIZE) % rd->info.logical_block_size ||
	    (r->nr_sectors * SECTOR_SIZE) % rd->info.logical_block_size)
		return false;
	for (u32 i = 0; i < r->nr_sg; i++) {
		if (r->sg[i].len == 0 || r->sg[i].len > PAGE_SIZE ||
		    r->sg[i].reserved)
			return false;
		bytes += r->sg[i].len;
	}
	return bytes == (u64)r->nr_sectors * SECTOR_SIZE;
}

/* Under lock: move the data of a finished request; its status. */
static s32 rd_transfer(struct ramdisk *rd, const struct kabi_block_request *r)
{
	u8 *p = rd->store + r->sector * SECTOR_SIZE;

	if (r->op == KABI_BLOCK_FLUSH) {
		rd->nr_flush++;
		return 0;
	}
	if (r->sector < rd->fail_hi && r->sector + r->nr_sectors > rd->fail_lo)
		return -EIO;
	for (u32 i = 0; i < r->nr_sg; i++) {
		void *buf = phys_to_virt(r->sg[i].dma_addr);

		if (r->op == KABI_BLOCK_READ)
			memcpy(buf, p, r->sg[i].len);
		else
			memcpy(p, buf, r->sg[i].len);
		p += r->sg[i].len;
	}
	if (r->op == KABI_BLOCK_READ)
		rd->nr_reads++;
	else
		rd->nr_writes++;
	return 0;
}

/* Under lock: finish act[i] into @out, counting completions that
 * overtake an older request. */
static void rd_finish(struct ramdisk *rd, u32 i, struct rd_done *out)
{
	for (u32 k = 0; k < rd->nr_active; k++)
		if (rd->act[k].seq < rd->act[i].seq) {
			rd->nr_ooo++;
			break;
		}
	out->tag = rd->act[i].req.tag;
	out->status = rd_transfer(rd, &rd->act[i].req);
	rd->act[i] = rd->act[--rd->nr_active];
}

static void rd_complete_all(struct ramdisk *rd, struct rd_done *done, u32 n)
{
	for (u32 i = 0; i < n; i++)
		rd->core->complete(rd->core_ctx, done[i].tag, done[i].status);
}

static void rd_arm(struct ramdisk *rd)
{
	timer_arm(&rd->timer, ktime_get_ns() + RD_DELAY_NS);
}

/* The "interrupt": one request per firing, newest and oldest in turn. */
static void rd_timer(void *data)
{
	struct ramdisk *rd = data;
	struct rd_done done;
	unsigned long flags;
	u32 pick = ~0U, n = 0;

	if (!rd_enter(rd, &flags))
		return;
	for (u32 i = 0; i < rd->nr_active && !rd->frozen; i++) {
		if (rd->act[i].no_irq)
			continue;
		if (pick == ~0U ||
		    (rd->firings & 1 ? rd->act[i].seq < rd->act[pick].seq
				     : rd->act[i].seq > rd->act[pick].seq))
			pick = i;
	}
	rd->firings++;
	if (pick != ~0U) {
		rd_finish(rd, pick, &done);
		n = 1;
	}
	for (u32 i = 0; i < rd->nr_active && !rd->frozen; i++)
		if (!rd->act[i].no_irq) {
			rd_arm(rd);
			break;
		}
	spin_unlock_irqrestore(&rd->lock, flags);
	rd_complete_all(rd, &done, n);
	rd_leave(rd);
}

static s32 rd_get_info(void *ctx, struct kabi_block_info *info)
{
	struct ramdisk *rd = ctx;

	*info = rd->info;
	return 0;
}

static s32 rd_submit(void *ctx, const struct kabi_block_request *req)
{
	struct ramdisk *rd = ctx;
	struct rd_active *a;
	struct rd_done done;
	unsigned long flags;
	bool now;

	if (!rd_enter(rd, &flags))
		return -EIO;
	if (rd->nr_active >= rd->hw_slots) {
		rd->nr_busy++;
		spin_unlock_irqrestore(&rd->lock, flags);
		rd_leave(rd);
		return -EBUSY;
	}
	if (!rd_valid(rd, req)) {
		rd->nr_bad++;
		spin_unlock_irqrestore(&rd->lock, flags);
		rd_leave(rd);
		return -EINVAL;
	}
	a = &rd->act[rd->nr_active++];
	a->req = *req;
	a->seq = ++rd->seq;
	a->no_irq = rd->lose_next_irq;
	rd->lose_next_irq = false;
	if (rd->nr_active > rd->max_active)
		rd->max_active = rd->nr_active;
	rd->nr_submit++;
	now = rd->inline_every && !a->no_irq && !rd->frozen &&
	      rd->nr_submit % rd->inline_every == 0;
	if (now) {
		rd->nr_inline++;
		rd_finish(rd, rd->nr_active - 1, &done);
	} else if (!a->no_irq && !rd->frozen) {
		rd_arm(rd);
	}
	spin_unlock_irqrestore(&rd->lock, flags);
	/* Completed before submit() returns, as a fast device may. */
	if (now)
		rd_complete_all(rd, &done, 1);
	rd_leave(rd);
	return 0;
}

/* Reap everything: the device finished it all, interrupts or not. */
static s32 rd_poll(void *ctx, u32 queue)
{
	struct ramdisk *rd = ctx;
	struct rd_done done[RD_MAX_SLOTS];
	unsigned long flags;
	u32 n = 0;

	if (!rd_enter(rd, &flags))
		return 0;
	while (rd->nr_active && !rd->frozen)
		rd_finish(rd, rd->nr_active - 1, &done[n++]);
	rd->nr_polled += n;
	spin_unlock_irqrestore(&rd->lock, flags);
	rd_complete_all(rd, done, n);
	rd_leave(rd);
	return n;
}

const struct kabi_block_ops ramdisk_ops = {
	KABI_BLOCK_OPS_INIT,
	.get_info = rd_get_info,
	.submit = rd_submit,
	.poll = rd_poll,
};

int ramdisk_init(struct ramdisk *rd, u64 sectors, u32 lbs, u32 depth,
		 u32 hw_slots)
{
	memset(rd, 0, sizeof(*rd));
	spin_lock_init(&rd->lock, "ramdisk", LOCK_LEVEL_BLK_TEST);
	timer_setup(&rd->timer, rd_timer, rd);
	rd->store = vmalloc(sectors * SECTOR_SIZE);
	if (!rd->store)
		return -ENOMEM;
	memset(rd->store, 0, sectors * SECTOR_SIZE);
	rd->info.nr_sectors = sectors;
	rd->info.logical_block_size = lbs;
	rd->info.physical_block_size = 4096;
	rd->info.max_sectors = 16;		/* 8 KiB */
	rd->info.max_segments = 2;
	rd->info.nr_queues = 1;
	rd->info.queue_depth = depth;
	rd->info.flags = KABI_BLOCK_F_WRITE_CACHE;
	rd->hw_slots = hw_slots < RD_MAX_SLOTS ? hw_slots : RD_MAX_SLOTS;
	rd->fail_lo = rd->fail_hi = ~0ULL;
	return 0;
}

int ramdisk_register(struct ramdisk *rd)
{
	/* Core writes core/core_ctx here before it sends any request. */
	return blk_register_kabi(&ramdisk_ops, rd, &rd->disk, &rd->core,
				 &rd->core_ctx);
}

void ramdisk_fence(struct ramdisk *rd)
{
	unsigned long flags = spin_lock_irqsave(&rd->lock);

	rd->stopping = true;
	spin_unlock_irqrestore(&rd->lock, flags);
	timer_cancel(&rd->timer);
	while (__atomic_load_n(&rd->calls, __ATOMIC_ACQUIRE))
		yield();
}

void ramdisk_destroy(struct ramdisk *rd)
{
	ramdisk_fence(rd);
	if (rd->disk)
		blk_unregister(rd->disk);
	rd->disk = NULL;
	vfree(rd->store);
	rd->store = NULL;
}
