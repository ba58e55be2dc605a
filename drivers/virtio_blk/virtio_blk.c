// SPDX-License-Identifier: MIT
/*
 * virtio-blk: disks, for Core's block layer (kabi/block.kabi).
 *
 * Core owns the requests; the driver turns each into one descriptor
 * chain (a 16-byte header the device reads, the data segments, a status
 * byte the device writes) in a slot of the request queue, and gives the
 * tag back through kabi_block_core.complete() when the device is done.
 * With VIRTIO_F_INDIRECT_DESC a slot is one descriptor pointing to a
 * table of the chain, so that many requests fit in the ring at once.
 */
#include <kabi/block.h>
#include <virtio.h>

#define VIRTIO_ID_BLOCK 2

/* Feature bits. */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_TOPOLOGY 10

/* Device configuration offsets. */
#define BLK_CFG_CAPACITY 0
#define BLK_CFG_SIZE_MAX 8
#define BLK_CFG_SEG_MAX 12
#define BLK_CFG_BLK_SIZE 20
#define BLK_CFG_PHYS_EXP 24

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define BLK_MAX_SIZE 128	/* ring entries asked for */
#define BLK_MAX_DEPTH 32	/* requests in flight, with indirect tables */
#define BLK_MAX_SEGS 64		/* data descriptors per request */
#define BLK_MAX_SECTORS 1024	/* 512 KiB per request */

/* Per slot, in DMA memory: what the device reads, then what it writes. */
struct blk_meta {
	u32 type;
	u32 reserved;
	u64 sector;
	u8 status;
	u8 pad[15];
};

struct blk {
	struct virtio_dev vd;
	struct virtq *vq;
	bool indirect;
	u32 max_descs;		/* data descriptors per request */
	u32 stride;		/* bytes of DMA metadata per slot */
	u64 capacity;		/* 512-byte sectors */
	u32 size_max;		/* bytes per descriptor; 0: no limit */
	struct kabi_dma_buf meta;
	u64 *tags;		/* per slot: Core's tag */
	s32 *result;		/* per slot: status awaiting delivery */
	u64 *deferred;		/* slots whose completion waits for Core */
	struct kabi_block_info info;
	struct kabi_device_reg reg;
};

static struct blk_meta *slot_meta(struct blk *b, u32 slot)
{
	return (struct blk_meta *)((u8 *)b->meta.cpu_addr + slot * b->stride);
}

static u64 slot_meta_dma(struct blk *b, u32 slot)
{
	return b->meta.dma_addr + (u64)slot * b->stride;
}

/*
 * Core's side, from kabi_device_reg.  Read each time, because the
 * kernel may start sending requests before register_device() returns.
 */
static const struct kabi_block_core *core(struct blk *b)
{
	const struct kabi_block_core **p = (void *)&b->reg.core_ops;

	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void deliver(struct blk *b, u32 slot, s32 status)
{
	u64 tag = b->tags[slot];

	/* Freed first, so that Core may submit again from complete(). */
	virtq_release(b->vq, slot);
	core(b)->complete(b->reg.core_ctx, tag, status);
}

/* Completions that arrived before Core's vtable was known. */
static void flush_deferred(struct blk *b)
{
	for (u32 s = 0; s < b->vq->nr_slots; s++)
		if (kd_bit_test_clear(b->deferred, s))
			deliver(b, s, b->result[s]);
}

static s32 status_errno(u8 status)
{
	if (status == VIRTIO_BLK_S_OK)
		return 0;
	return status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
}

/* From the interrupt handler or poll(): the device finished a slot. */
static void blk_done(void *arg, u32 slot, u32 len)
{
	struct blk *b = arg;
	s32 status = status_errno(slot_meta(b, slot)->status);

	if (core(b)) {
		deliver(b, slot, status);
		return;
	}
	/* Marked before Core is looked at again, so one side delivers. */
	b->result[slot] = status;
	kd_bit_set(b->deferred, slot);
	if (core(b))
		flush_deferred(b);
}

static s32 blk_get_info(void *ctx, struct kabi_block_info *info)
{
	struct blk *b = ctx;

	*info = b->info;
	info->nr_sectors = __atomic_load_n(&b->capacity, __ATOMIC_RELAXED);
	return 0;
}

/* Descriptors a segment needs when the device limits their size. */
static u32 pieces(const struct blk *b, u32 len)
{
	return b->size_max ? (len + b->size_max - 1) / b->size_max : 1;
}

static int check_rw(const struct blk *b, const struct kabi_block_request *r)
{
	u64 cap = __atomic_load_n(&b->capacity, __ATOMIC_RELAXED);
	u64 bytes = 0, descs = 0;

	if (!r->nr_sectors || !r->nr_sg ||
	    r->nr_sectors > b->info.max_sectors || r->sector >= cap ||
	    r->nr_sectors > cap - r->sector)
		return -EINVAL;
	if (r->op == KABI_BLOCK_WRITE && virtio_has(&b->vd, VIRTIO_BLK_F_RO))
		return -EROFS;
	for (u32 i = 0; i < r->nr_sg; i++) {
		if (!r->sg[i].len)
			return -EINVAL;
		bytes += r->sg[i].len;
		descs += pieces(b, r->sg[i].len);
	}
	if (bytes != (u64)r->nr_sectors * 512 || descs > b->max_descs)
		return -EINVAL;
	return 0;
}

static int check_request(const struct blk *b,
			 const struct kabi_block_request *r)
{
	if (r->queue != 0)
		return -EINVAL;
	switch (r->op) {
	case KABI_BLOCK_READ:
	case KABI_BLOCK_WRITE:
		return check_rw(b, r);
	case KABI_BLOCK_FLUSH:
		/* get_info() said there is no cache to flush. */
		if (!virtio_has(&b->vd, VIRTIO_BLK_F_FLUSH))
			return -EOPNOTSUPP;
		return r->nr_sg ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* A chain being built, in the slot or in its indirect table. */
struct chain {
	struct virtq_desc *d;
	u32 n;
	bool set_next;		/* indirect tables link entry i to i + 1 */
};

static void chain_add(struct chain *c, u64 addr, u32 len, u16 flags)
{
	struct virtq_desc *d = &c->d[c->n];

	d->addr = addr;
	d->len = len;
	d->flags = flags | VIRTQ_DESC_F_NEXT;
	if (c->set_next)
		d->next = (u16)(c->n + 1);
	c->n++;
}

static void chain_data(struct blk *b, struct chain *c,
		       const struct kabi_block_request *r)
{
	u16 flags = r->op == KABI_BLOCK_READ ? VIRTQ_DESC_F_WRITE : 0;

	for (u32 i = 0; i < r->nr_sg; i++) {
		u64 addr = r->sg[i].dma_addr;
		u32 left = r->sg[i].len;

		while (left) {
			u32 n = b->size_max && left > b->size_max ?
					b->size_max : left;

			chain_add(c, addr, n, flags);
			addr += n;
			left -= n;
		}
	}
}

static void build_chain(struct blk *b, u32 slot,
			const struct kabi_block_request *r)
{
	u64 meta = slot_meta_dma(b, slot);
	struct chain c = { .d = virtq_slot(b->vq, slot) };
	struct virtq_desc *head = c.d;

	if (b->indirect) {
		c.d = (struct virtq_desc *)(slot_meta(b, slot) + 1);
		c.set_next = true;
	}
	chain_add(&c, meta, 16, 0);
	chain_data(b, &c, r);
	chain_add(&c, meta + offsetof(struct blk_meta, status), 1,
		  VIRTQ_DESC_F_WRITE);
	c.d[c.n - 1].flags &= (u16)~VIRTQ_DESC_F_NEXT;
	if (b->indirect) {
		head->addr = meta + sizeof(struct blk_meta);
		head->len = c.n * (u32)sizeof(struct virtq_desc);
		head->flags = VIRTQ_DESC_F_INDIRECT;
	}
}

static u32 request_type(u32 op)
{
	if (op == KABI_BLOCK_READ)
		return VIRTIO_BLK_T_IN;
	return op == KABI_BLOCK_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
}

static s32 blk_submit(void *ctx, const struct kabi_block_request *req)
{
	struct blk *b = ctx;
	struct blk_meta *m;
	int slot, ret;

	ret = check_request(b, req);
	if (ret)
		return ret;
	slot = virtq_claim(b->vq);
	if (slot < 0)
		return -EBUSY;	/* Core retries after the next completion */
	m = slot_meta(b, (u32)slot);
	m->type = request_type(req->op);
	m->reserved = 0;
	m->sector = req->op == KABI_BLOCK_FLUSH ? 0 : req->sector;
	m->status = 0xff;	/* anything but OK if the device skips it */
	b->tags[slot] = req->tag;
	build_chain(b, (u32)slot, req);
	virtq_post(b->vq, (u32)slot);
	return 0;
}

static s32 blk_poll(void *ctx, u32 queue)
{
	struct blk *b = ctx;

	return queue ? -EINVAL : virtq_reap(b->vq, ~0u);
}

static const struct kabi_block_ops blk_ops = {
	KABI_BLOCK_OPS_INIT,
	.get_info = blk_get_info,
	.submit = blk_submit,
	.poll = blk_poll,
};

/* A resize: later requests are checked against the new capacity. */
static void blk_config_changed(void *arg)
{
	struct blk *b = arg;

	__atomic_store_n(&b->capacity,
			 virtio_cfg_read64(&b->vd, BLK_CFG_CAPACITY),
			 __ATOMIC_RELAXED);
}

static u32 block_size(struct blk *b)
{
	u32 bs = virtio_cfg_read32(&b->vd, BLK_CFG_BLK_SIZE);

	if (!virtio_has(&b->vd, VIRTIO_BLK_F_BLK_SIZE) || bs < 512 ||
	    bs > 65536 || (bs & (bs - 1)))
		return 512;
	return bs;
}

static u32 phys_block_size(struct blk *b, u32 logical)
{
	u8 exp = virtio_cfg_read8(&b->vd, BLK_CFG_PHYS_EXP);

	if (!virtio_has(&b->vd, VIRTIO_BLK_F_TOPOLOGY) || exp > 7)
		return logical;
	return logical << exp;
}

/* The data descriptors a request may use, from seg_max and the ring. */
static u32 segment_budget(struct blk *b)
{
	u32 segs = BLK_MAX_SEGS;

	if (virtio_has(&b->vd, VIRTIO_BLK_F_SEG_MAX)) {
		u32 dev = virtio_cfg_read32(&b->vd, BLK_CFG_SEG_MAX);

		if (dev && dev < segs)
			segs = dev;
	}
	return segs;
}

static void read_config(struct blk *b)
{
	b->capacity = virtio_cfg_read64(&b->vd, BLK_CFG_CAPACITY);
	if (virtio_has(&b->vd, VIRTIO_BLK_F_SIZE_MAX))
		b->size_max = virtio_cfg_read32(&b->vd, BLK_CFG_SIZE_MAX);
	/* A limit below a page would split every segment: ignore it. */
	if (b->size_max < 4096)
		b->size_max = 0;
	b->indirect = virtio_has(&b->vd, VIRTIO_F_INDIRECT_DESC);
}

/*
 * Slots: with indirect tables one descriptor each, and at most
 * BLK_MAX_DEPTH; without, a chain of max_descs + 2 descriptors each,
 * short enough that at least four requests fit in the ring.
 */
static int create_queue(struct blk *b)
{
	u16 size = virtq_max_size(&b->vd, 0, BLK_MAX_SIZE);
	u32 segs = segment_budget(b);
	u16 per_slot = 1;
	int ret;

	if (size < 4)
		return -ENODEV;
	/* A chain, indirect or not, is never longer than the ring. */
	if (segs + 2 > size)
		segs = size - 2u;
	if (!b->indirect) {
		per_slot = (u16)(segs + 2);
		if (per_slot > size / 4)
			per_slot = size / 4 < 3 ? 3 : size / 4;
		segs = per_slot - 2u;
	}
	ret = virtq_create(&b->vd, 0, BLK_MAX_SIZE, per_slot, true, blk_done,
			   b);
	if (ret)
		return ret;
	b->vq = b->vd.vqs[0];
	if (b->indirect)
		virtq_limit(b->vq, BLK_MAX_DEPTH);
	b->max_descs = segs;
	return 0;
}

static void fill_info(struct blk *b)
{
	struct kabi_block_info *i = &b->info;
	u32 segs = b->max_descs, max = BLK_MAX_SECTORS;

	/* A split segment uses more descriptors: leave room for that. */
	if (b->size_max && segs > 1) {
		segs /= 2;
		if ((u64)segs * b->size_max / 512 < max)
			max = (u32)((u64)segs * b->size_max / 512);
	}
	i->nr_sectors = b->capacity;
	i->logical_block_size = block_size(b);
	i->physical_block_size = phys_block_size(b, i->logical_block_size);
	i->max_sectors = max < i->logical_block_size / 512 ?
				 i->logical_block_size / 512 : max;
	i->max_segments = segs;
	i->nr_queues = 1;
	i->queue_depth = b->vq->nr_slots;
	if (virtio_has(&b->vd, VIRTIO_BLK_F_RO))
		i->flags |= KABI_BLOCK_F_READ_ONLY;
	if (virtio_has(&b->vd, VIRTIO_BLK_F_FLUSH))
		i->flags |= KABI_BLOCK_F_WRITE_CACHE;
}

static int alloc_slots(struct blk *b)
{
	const struct kabi_kernel_services *ks = b->vd.env.ks;
	void *ctx = b->vd.env.ctx;
	u32 n = b->vq->nr_slots;

	b->stride = sizeof(struct blk_meta);
	if (b->indirect)
		b->stride += (b->max_descs + 2) * sizeof(struct virtq_desc);
	b->tags = ks->alloc(ctx, n * sizeof(u64), KABI_MEM_ZERO);
	b->result = ks->alloc(ctx, n * sizeof(s32), KABI_MEM_ZERO);
	b->deferred = ks->alloc(ctx, (n + 63) / 64 * 8, KABI_MEM_ZERO);
	if (!b->tags || !b->result || !b->deferred)
		return -ENOMEM;
	return virtio_dma_alloc(&b->vd, (u64)n * b->stride, &b->meta);
}

static void blk_free(struct blk *b)
{
	const struct kabi_kernel_services *ks = b->vd.env.ks;
	void *ctx = b->vd.env.ctx;

	if (b->reg.handle)
		ks->unregister_device(ctx, b->reg.handle);
	virtio_stop(&b->vd);	/* no more DMA into the metadata */
	if (b->meta.handle)
		ks->dma_free(ctx, b->meta.handle);
	if (b->tags)
		ks->free(ctx, b->tags);
	if (b->result)
		ks->free(ctx, b->result);
	if (b->deferred)
		ks->free(ctx, b->deferred);
	ks->free(ctx, b);
}

#define BLK_FEATURES                                                    \
	(1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX |     \
	 1ull << VIRTIO_BLK_F_RO | 1ull << VIRTIO_BLK_F_BLK_SIZE |          \
	 1ull << VIRTIO_BLK_F_FLUSH | 1ull << VIRTIO_BLK_F_TOPOLOGY |       \
	 1ull << VIRTIO_F_INDIRECT_DESC)

static int blk_setup(struct blk *b, const struct kabi_kernel_services *ks,
		     void *ctx)
{
	int ret;

	ret = virtio_init(&b->vd, ks, ctx);
	if (!ret)
		ret = virtio_negotiate(&b->vd, BLK_FEATURES);
	if (ret)
		return ret;
	read_config(b);
	ret = virtio_irq_alloc(&b->vd, 1);
	if (!ret)
		ret = create_queue(b);
	if (!ret)
		ret = alloc_slots(b);
	if (ret)
		return ret;
	fill_info(b);
	return virtio_start(&b->vd, blk_config_changed, b);
}

static int blk_register(struct blk *b)
{
	const struct kabi_kernel_services *ks = b->vd.env.ks;
	int ret;

	ret = ks->register_device(b->vd.env.ctx, KABI_CLASS_BLOCK, b, &blk_ops,
				  &b->reg);
	if (ret)
		return ret;
	if (!core(b) || !kabi_block_core_valid(core(b)))
		return -EINVAL;
	flush_deferred(b);
	return 0;
}

static void log_disk(struct blk *b)
{
	kd_info(&b->vd.env,
		"%llu sectors, %u-byte blocks, %u in flight, "
		"%u segments%s%s, %s",
		(unsigned long long)b->capacity, b->info.logical_block_size,
		b->info.queue_depth, b->info.max_segments,
		b->indirect ? ", indirect" : "",
		b->info.flags & KABI_BLOCK_F_WRITE_CACHE ? ", write cache" : "",
		b->vd.irq_type == KABI_IRQ_MSIX ? "MSI-X" : "INTx");
}

static s32 blk_probe(void *ctx, const struct kabi_kernel_services *ks,
		     void **instance)
{
	struct blk *b = ks->alloc(ctx, sizeof(*b), KABI_MEM_ZERO);
	int ret;

	if (!b)
		return -ENOMEM;
	ret = blk_setup(b, ks, ctx);
	if (!ret)
		ret = blk_register(b);
	if (ret) {
		kd_err(&b->vd.env, "probe failed (%d)", ret);
		blk_free(b);
		return ret;
	}
	log_disk(b);
	*instance = b;
	return 0;
}

static void blk_remove(void *ctx)
{
	blk_free(ctx);
}

static const struct kabi_driver_ops blk_driver = {
	KABI_DRIVER_OPS_INIT,
	.probe = blk_probe,
	.remove = blk_remove,
};

KABI_MANIFEST_SECTION const struct kabi_manifest virtio_blk_manifest = {
	KABI_MANIFEST_HEADER,
	.name = "virtio_blk",
	.driver_version = KABI_VERSION(1, 0, 0),
	.nr_requires = KABI_NR_REQUIRES_BASE + 1,
	.requires = {
		KABI_REQUIRES_BASE,
		KABI_REQUIRE(KABI_IFACE_BLOCK, KABI_BLOCK_OPS_VERSION),
	},
	.nr_matches = 1,
	.matches = {
		KABI_MATCH_PCI(VIRTIO_PCI_VENDOR,
			       VIRTIO_PCI_MODERN(VIRTIO_ID_BLOCK)),
	},
	.entry = &blk_driver,
};
