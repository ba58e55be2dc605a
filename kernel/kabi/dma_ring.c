// SPDX-License-Identifier: MIT
/*
 * DMA buffers and request/completion rings for drivers.
 *
 * There is no IOMMU yet, so a DMA address is the physical address:
 * buffers are physically contiguous pages from the buddy allocator,
 * charged to the instance's DMA pool (KABI_DMA_LIMIT).
 */
#include <umka/errno.h>
#include <umka/mm.h>
#include <umka/page.h>
#include <umka/slab.h>
#include <umka/string.h>
#include "internal.h"

#define MAX_DMA_ORDER 10	/* 4 MiB in one buffer */

struct kabi_dma {
	struct page *pg;
	unsigned int order;
};

static unsigned int order_for(u64 size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static struct kabi_dma *dma_get(struct kabi_instance *in, u64 size)
{
	unsigned int order = order_for(size);
	u64 bytes = PAGE_SIZE << order;
	struct kabi_dma *d;

	if (order > MAX_DMA_ORDER || in->dma_bytes + bytes > KABI_DMA_LIMIT)
		return NULL;
	d = kmalloc(sizeof(*d));
	if (!d)
		return NULL;
	d->pg = alloc_pages(order);
	if (!d->pg) {
		kfree(d);
		return NULL;
	}
	d->order = order;
	/* Devices must never see what the page held before. */
	memset(page_address(d->pg), 0, bytes);
	__atomic_fetch_add(&in->dma_bytes, bytes, __ATOMIC_RELAXED);
	return d;
}

void kabi_dma_release(struct kabi_instance *in, void *obj)
{
	struct kabi_dma *d = obj;

	free_pages(d->pg, d->order);
	__atomic_fetch_sub(&in->dma_bytes, PAGE_SIZE << d->order,
			   __ATOMIC_RELAXED);
	kfree(d);
}

s32 ks_dma_alloc(void *ctx, u64 size, u32 flags, struct kabi_dma_buf *out)
{
	struct kabi_instance *in = ctx;
	struct kabi_dma *d;

	if (!size)
		return -EINVAL;
	d = dma_get(in, size);
	if (!d)
		return -ENOMEM;
	out->handle = kcap_add(in, KCAP_DMA, d);
	if (!out->handle) {
		kabi_dma_release(in, d);
		return -ENOSPC;
	}
	out->dma_addr = page_to_phys(d->pg);
	out->cpu_addr = page_address(d->pg);
	out->size = PAGE_SIZE << d->order;
	return 0;
}

void ks_dma_free(void *ctx, kabi_handle h)
{
	void *d = kcap_take(ctx, h, KCAP_DMA);

	if (d)
		kabi_dma_release(ctx, d);
}

/*
 * A ring: its header and entries in one DMA buffer, so that a Tier-1
 * domain or a Tier-2 process can later map it whole.
 */
struct kabi_ring_obj {
	struct kabi_dma *mem;
	kabi_ring_fn notify;	/* the driver's: Core has acted on the ring */
	void *arg;
	u32 flags;
	u64 driver_notifies;	/* ring_notify() calls, for /ukfs */
};

static bool is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

s32 ks_ring_create(void *ctx, const struct kabi_ring_params *p,
		   kabi_ring_fn notify, void *arg, struct kabi_ring *out)
{
	struct kabi_instance *in = ctx;
	struct kabi_ring_obj *r;
	u64 bytes;

	if (!is_pow2(p->entry_size) || p->entry_size < 16 ||
	    p->entry_size > 4096 || !is_pow2(p->nr_entries) || p->reserved ||
	    (p->flags != KABI_RING_TO_DRIVER &&
	     p->flags != KABI_RING_FROM_DRIVER))
		return -EINVAL;
	bytes = sizeof(struct kabi_ring_header) +
		(u64)p->entry_size * p->nr_entries;
	r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->mem = dma_get(in, bytes);
	if (!r->mem) {
		kfree(r);
		return -ENOMEM;
	}
	r->notify = notify;
	r->arg = arg;
	r->flags = p->flags;
	out->handle = kcap_add(in, KCAP_RING, r);
	if (!out->handle) {
		kabi_ring_release(in, r);
		return -ENOSPC;
	}
	out->header = page_address(r->mem->pg);
	out->entries = (u8 *)out->header + sizeof(struct kabi_ring_header);
	out->entry_size = p->entry_size;
	out->nr_entries = p->nr_entries;
	return 0;
}

void kabi_ring_release(struct kabi_instance *in, void *obj)
{
	struct kabi_ring_obj *r = obj;

	kabi_dma_release(in, r->mem);
	kfree(r);
}

void ks_ring_destroy(void *ctx, kabi_handle h)
{
	void *r = kcap_take(ctx, h, KCAP_RING);

	if (r)
		kabi_ring_release(ctx, r);
}

void ks_ring_notify(void *ctx, kabi_handle h)
{
	struct kabi_ring_obj *r = kcap_get(ctx, h, KCAP_RING);

	if (r)
		__atomic_fetch_add(&r->driver_notifies, 1, __ATOMIC_RELAXED);
}
