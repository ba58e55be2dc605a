// SPDX-License-Identifier: MIT
/*
 * Split virtqueues (virtio 1.x section 2.7) for drivers that share them
 * between Core's calls and their interrupt handlers without locks a
 * handler could wait on.
 *
 * A queue is cut into slots of per_slot chained descriptors; slot s
 * always starts at descriptor s * per_slot, so a used-ring id names its
 * slot and the chain links never change.  Three paths touch a queue:
 *
 * - claiming and releasing a slot: an atomic bitmap;
 * - publishing (virtq_post): the slot goes on a lock-free stack, then
 *   whoever gets the publish lock moves every stacked slot to the
 *   available ring.  A poster that finds the lock taken just leaves, as
 *   the holder looks at the stack again after letting go;
 * - reaping (virtq_reap, from the handler or a poll): the same pattern
 *   on the used ring.
 *
 * So no path ever spins, and an interrupt handler that interrupts a
 * poster or a reaper on the same CPU cannot deadlock against it.
 */
#include <virtio.h>

#define CC_NUM_QUEUES 0x12
#define CC_QUEUE_SIZE 0x18
#define CC_QUEUE_MSIX 0x1a
#define CC_QUEUE_ENABLE 0x1c
#define CC_QUEUE_NOTIFY_OFF 0x1e
#define CC_QUEUE_DESC 0x20
#define CC_QUEUE_DRIVER 0x28
#define CC_QUEUE_DEVICE 0x30

static const struct kabi_kernel_services *ks(struct virtq *vq)
{
	return vq->vd->env.ks;
}

static void *vq_zalloc(struct virtq *vq, u64 size)
{
	return ks(vq)->alloc(vq->vd->env.ctx, size, KABI_MEM_ZERO);
}

static u16 pow2_floor(u16 n)
{
	u16 p = 1;

	while ((u32)p * 2 <= n)
		p *= 2;
	return p;
}

/* Ring offsets inside the one DMA buffer; each part at its alignment. */
static u64 avail_off(u16 size)
{
	return 16ull * size;
}

static u64 used_off(u16 size)
{
	return (avail_off(size) + 6 + 2ull * size + 3) & ~3ull;
}

static u64 ring_bytes(u16 size)
{
	return used_off(size) + 6 + 8ull * size;
}

/*
 * Zeroed DMA memory aligned to 16 bytes, which rings and descriptor
 * tables need: the pool's alignment is not part of the contract, so
 * 15 spare bytes are asked for and the start moved up.  out->handle
 * is what dma_free() takes.
 */
int virtio_dma_alloc(struct virtio_dev *vd, u64 size, struct kabi_dma_buf *out)
{
	u64 skew;
	s32 ret;

	ret = vd->env.ks->dma_alloc(vd->env.ctx, size + 15, KABI_MEM_ZERO, out);
	if (ret)
		return ret;
	skew = (16 - (out->dma_addr & 15)) & 15;
	out->dma_addr += skew;
	out->cpu_addr = (u8 *)out->cpu_addr + skew;
	out->size -= skew;
	return 0;
}

static int alloc_ring(struct virtq *vq)
{
	u8 *base;
	int ret;

	ret = virtio_dma_alloc(vq->vd, ring_bytes(vq->size), &vq->ring);
	if (ret)
		return ret;
	base = vq->ring.cpu_addr;
	vq->desc = (struct virtq_desc *)base;
	vq->avail = (struct virtq_avail *)(base + avail_off(vq->size));
	vq->used = (struct virtq_used *)(base + used_off(vq->size));
	return 0;
}

static u64 ring_dma(struct virtq *vq, const void *part)
{
	return vq->ring.dma_addr +
	       (u64)((const u8 *)part - (const u8 *)vq->desc);
}

static int alloc_slots(struct virtq *vq)
{
	u32 n = vq->nr_slots;

	vq->ready_next = vq_zalloc(vq, n * sizeof(u16));
	vq->inflight = vq_zalloc(vq, n);
	vq->free_map = vq_zalloc(vq, (n + 63) / 64 * 8);
	if (!vq->ready_next || !vq->inflight || !vq->free_map)
		return -ENOMEM;
	for (u32 s = 0; s < n; s++) {
		kd_bit_set(vq->free_map, s);
		for (u32 j = 0; j + 1 < vq->per_slot; j++)
			virtq_slot(vq, s)[j].next =
				(u16)(s * vq->per_slot + j + 1);
	}
	return 0;
}

static void write64(volatile u8 *common, u32 off, u64 v)
{
	mmio_write32(common, off, (u32)v);
	mmio_write32(common, off + 4, (u32)(v >> 32));
}

/* Tells the device where the queue is, its vector, and enables it. */
static int program_queue(struct virtq *vq)
{
	struct virtio_dev *vd = vq->vd;
	u64 noff;

	virtio_select_queue(vd, vq->index);
	mmio_write16(vd->common, CC_QUEUE_SIZE, vq->size);
	if (vd->irq_type == KABI_IRQ_MSIX) {
		mmio_write16(vd->common, CC_QUEUE_MSIX, vq->vector);
		/* The device answers NO_VECTOR if it could not take it. */
		if (mmio_read16(vd->common, CC_QUEUE_MSIX) != vq->vector)
			return -EIO;
	}
	write64(vd->common, CC_QUEUE_DESC, ring_dma(vq, vq->desc));
	write64(vd->common, CC_QUEUE_DRIVER, ring_dma(vq, vq->avail));
	write64(vd->common, CC_QUEUE_DEVICE, ring_dma(vq, vq->used));
	noff = (u64)mmio_read16(vd->common, CC_QUEUE_NOTIFY_OFF) *
	       vd->notify_mult;
	if (noff + 2 > vd->notify_len)
		return -EIO;
	vq->notify = (volatile u16 *)(vd->notify + noff);
	mmio_write16(vd->common, CC_QUEUE_ENABLE, 1);
	return 0;
}

static u16 queue_vector(struct virtio_dev *vd, u16 index, bool use_irq)
{
	if (!use_irq || vd->irq_type != KABI_IRQ_MSIX)
		return VIRTIO_MSI_NO_VECTOR;
	return vd->per_queue_vectors ? (u16)(1 + index) : 0;
}

/* How big the queue can be: the device's size, capped, a power of two. */
static int queue_size(struct virtio_dev *vd, u16 index, u16 max_size,
		      u16 *size)
{
	u16 dev;

	if (index >= mmio_read16(vd->common, CC_NUM_QUEUES))
		return -ENODEV;
	virtio_select_queue(vd, index);
	dev = mmio_read16(vd->common, CC_QUEUE_SIZE);
	if (!dev)
		return -ENODEV;
	*size = pow2_floor(dev < max_size ? dev : max_size);
	return 0;
}

/* The size virtq_create() would give queue index; 0 if it has none. */
u16 virtq_max_size(struct virtio_dev *vd, u16 index, u16 max_size)
{
	u16 size;

	return queue_size(vd, index, max_size, &size) ? 0 : size;
}

int virtq_create(struct virtio_dev *vd, u16 index, u16 max_size,
		 u16 per_slot, bool use_irq, virtq_done_fn done, void *arg)
{
	struct virtq *vq;
	u16 size;
	int ret;

	if (index >= VIRTIO_MAX_QUEUES || vd->vqs[index] || !per_slot ||
	    (use_irq && vd->per_queue_vectors && 1u + index >= vd->nr_vectors))
		return -EINVAL;
	ret = queue_size(vd, index, max_size, &size);
	if (ret)
		return ret;
	if (size < per_slot)
		return -ENOSPC;
	vq = vd->env.ks->alloc(vd->env.ctx, sizeof(*vq), KABI_MEM_ZERO);
	if (!vq)
		return -ENOMEM;
	*vq = (struct virtq){ .vd = vd, .index = index, .size = size,
			      .per_slot = per_slot,
			      .nr_slots = (u16)(size / per_slot),
			      .vector = queue_vector(vd, index, use_irq),
			      .irq = use_irq, .done = done, .arg = arg };
	vd->vqs[index] = vq;
	ret = alloc_ring(vq);
	if (!ret)
		ret = alloc_slots(vq);
	if (!ret)
		ret = program_queue(vq);
	/* On failure virtio_stop() frees the queue with the rest. */
	return ret;
}

/* Only after the device was reset: it may no longer touch the ring. */
void virtq_destroy(struct virtq *vq)
{
	const struct kabi_kernel_services *k = ks(vq);
	void *ctx = vq->vd->env.ctx;

	if (vq->ring.handle)
		k->dma_free(ctx, vq->ring.handle);
	if (vq->ready_next)
		k->free(ctx, vq->ready_next);
	if (vq->inflight)
		k->free(ctx, vq->inflight);
	if (vq->free_map)
		k->free(ctx, vq->free_map);
	vq->vd->vqs[vq->index] = NULL;
	k->free(ctx, vq);
}

/* Uses only the first nr_slots slots: before any is claimed. */
void virtq_limit(struct virtq *vq, u16 nr_slots)
{
	for (u32 s = nr_slots; s < vq->nr_slots; s++)
		kd_bit_test_clear(vq->free_map, s);
	if (nr_slots < vq->nr_slots)
		vq->nr_slots = nr_slots;
}

int virtq_claim(struct virtq *vq)
{
	int s = kd_bit_take_first(vq->free_map, vq->nr_slots);

	return s < 0 ? -EBUSY : s;
}

void virtq_release(struct virtq *vq, u32 slot)
{
	kd_bit_set(vq->free_map, slot);
}

/* Moves every stacked slot, oldest first, to the available ring. */
static bool move_ready(struct virtq *vq)
{
	u32 list = kd_xchg(&vq->ready_head, 0), fifo = 0;

	if (!list)
		return false;
	while (list) {
		u32 s = list - 1, next = vq->ready_next[s];

		vq->ready_next[s] = (u16)fifo;
		fifo = s + 1;
		list = next;
	}
	while (fifo) {
		u32 s = fifo - 1;

		vq->avail->ring[vq->avail_idx & (vq->size - 1)] =
			(u16)(s * vq->per_slot);
		vq->avail_idx++;
		fifo = vq->ready_next[s];
	}
	return true;
}

static void notify_device(struct virtq *vq)
{
	/* The ring entries before the index the device reads them by. */
	__atomic_store_n(&vq->avail->idx, vq->avail_idx, __ATOMIC_RELEASE);
	/* The index before the flag that says whether to kick. */
	kd_mb();
	if (!(__atomic_load_n(&vq->used->flags, __ATOMIC_RELAXED) &
	      VIRTQ_USED_F_NO_NOTIFY))
		*vq->notify = vq->index;
}

static void publish(struct virtq *vq)
{
	for (;;) {
		if (!kd_trylock(&vq->pub_lock))
			return;	/* the holder will see our slot */
		if (move_ready(vq))
			notify_device(vq);
		kd_unlock(&vq->pub_lock);
		if (!kd_load(&vq->ready_head))
			return;
	}
}

/* Hands a filled slot to the device. */
void virtq_post(struct virtq *vq, u32 slot)
{
	u32 old = kd_load(&vq->ready_head);

	__atomic_store_n(&vq->inflight[slot], 1, __ATOMIC_RELAXED);
	do {
		vq->ready_next[slot] = (u16)old;
	} while (!kd_cas(&vq->ready_head, &old, slot + 1));
	publish(vq);
}

/* A used entry names a slot only if the device was given that slot. */
static bool take_used(struct virtq *vq, u32 id, u32 *slot)
{
	if (id >= vq->size || id % vq->per_slot)
		return false;
	*slot = id / vq->per_slot;
	return __atomic_exchange_n(&vq->inflight[*slot], 0, __ATOMIC_SEQ_CST);
}

static u32 reap_locked(struct virtq *vq, u32 budget)
{
	u32 n = 0, slot;

	while (n < budget) {
		u16 idx = __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE);
		struct virtq_used_elem e;

		if (idx == vq->last_used)
			break;
		e = vq->used->ring[vq->last_used & (vq->size - 1)];
		vq->last_used++;
		if (!take_used(vq, e.id, &slot))
			continue;	/* a confused device: ignore it */
		vq->done(vq->arg, slot, e.len);
		n++;
	}
	return n;
}

/* Completes up to budget slots; returns how many. */
int virtq_reap(struct virtq *vq, u32 budget)
{
	u32 n = 0;
	u16 seen;

	for (;;) {
		if (!kd_trylock(&vq->reap_lock))
			return (int)n;	/* the holder looks again */
		n += reap_locked(vq, budget - n);
		seen = vq->last_used;
		kd_unlock(&vq->reap_lock);
		if (n >= budget ||
		    __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE) == seen)
			return (int)n;
	}
}
