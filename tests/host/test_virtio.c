// SPDX-License-Identifier: MIT
/*
 * Host test of the virtio library (drivers/virtio/) and of the
 * virtio_blk and virtio_rng drivers, run against a fake KernelServices
 * and a fake virtio-pci device in plain memory.
 *
 * The fake device has one queue, so its registers need no side effects:
 * what the driver writes to the common configuration stays there, and
 * the device reads the queue addresses from it.  A device step walks
 * the available ring like the device would (following indirect tables),
 * checks every chain, does the work on a RAM disk or fills random-number
 * buffers, fills the used ring and raises the interrupt by calling the
 * driver's registered handler.  The stress case runs submitters, a
 * device thread and pollers at once.
 */
#include "htest.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <virtio.h>
#include <kabi/block.h>
#include <kabi/entropy.h>

extern const struct kabi_manifest virtio_blk_manifest, virtio_rng_manifest;

#define BAR_SIZE 0x4000
#define OFF_COMMON 0x0000
#define OFF_ISR 0x1000
#define OFF_DEVICE 0x2000
#define OFF_NOTIFY 0x3000
#define DISK_SECTORS 4096

/* Common configuration fields the fake device looks at. */
#define CC_DEV_FEATURE 0x04
#define CC_NUM_QUEUES 0x12
#define CC_STATUS 0x14
#define CC_QUEUE_SIZE 0x18
#define CC_QUEUE_ENABLE 0x1c
#define CC_QUEUE_DESC 0x20
#define CC_QUEUE_DRIVER 0x28
#define CC_QUEUE_DEVICE 0x30

struct fake {
	u8 cfg[256];
	u8 *bar;
	u16 device_id;
	u32 irq_type;		/* what irq_alloc() grants */
	u32 nr_msix;
	/* Resources outstanding, for leak checks. */
	int allocs, dmas, regions, irq_allocated, handlers, bus_master;
	kabi_irq_fn handler[8];
	void *handler_arg[8];
	int fail_alloc_at, alloc_calls;	/* fault injection: 0 = never */
	int fail_dma_at, dma_calls;
	void *dma_ptr[64];
	const void *ops;
	void *dev_ctx;
	int registered;
	/* Device side. */
	u16 last_avail;
	int force_status;	/* -1: answer honestly */
	int irq_off;		/* the device raises no interrupts */
	int bad_chains, flushes;
	u32 rng_fill;
	u8 rng_next;
	char last_log[256];
	/* Kept across fake_reset(). */
	pthread_mutex_t lock;
	u8 disk[DISK_SECTORS * 512];
};

static struct fake F;

/* ---- fake KernelServices ---- */

static void ks_log(void *ctx, u32 level, const char *msg, u64 len)
{
	snprintf(F.last_log, sizeof(F.last_log), "%.*s", (int)len, msg);
	if (getenv("VIRTIO_TEST_VERBOSE"))
		printf("  log<%u> %s\n", level, F.last_log);
}

static void *ks_alloc(void *ctx, u64 size, u32 flags)
{
	if (F.fail_alloc_at && ++F.alloc_calls == F.fail_alloc_at)
		return NULL;
	__atomic_add_fetch(&F.allocs, 1, __ATOMIC_SEQ_CST);
	return calloc(1, size);
}

static void ks_free(void *ctx, void *p)
{
	__atomic_sub_fetch(&F.allocs, 1, __ATOMIC_SEQ_CST);
	free(p);
}

/* Handles are slot + 1; addresses are the host pointers. */
static s32 ks_dma_alloc(void *ctx, u64 size, u32 flags,
			struct kabi_dma_buf *out)
{
	if (F.fail_dma_at && ++F.dma_calls == F.fail_dma_at)
		return -ENOMEM;
	for (int i = 0; i < 64; i++) {
		if (F.dma_ptr[i])
			continue;
		/* Deliberately 8 bytes off alignment: the library copes. */
		F.dma_ptr[i] = aligned_alloc(4096, (size + 8 + 4095) & ~4095ul);
		memset(F.dma_ptr[i], 0x5a, size + 8);
		if (flags & KABI_MEM_ZERO)
			memset(F.dma_ptr[i], 0, size + 8);
		out->handle = (u64)i + 1;
		out->cpu_addr = (u8 *)F.dma_ptr[i] + 8;
		out->dma_addr = (u64)(uintptr_t)out->cpu_addr;
		out->size = size;
		F.dmas++;
		return 0;
	}
	return -ENOMEM;
}

static void ks_dma_free(void *ctx, kabi_handle h)
{
	CHECK(h >= 1 && h <= 64 && F.dma_ptr[h - 1]);
	free(F.dma_ptr[h - 1]);
	F.dma_ptr[h - 1] = NULL;
	F.dmas--;
}

static s32 ks_device_info(void *ctx, struct kabi_device_info *out)
{
	*out = (struct kabi_device_info){ .bus = KABI_BUS_PCI,
					  .vendor = 0x1af4,
					  .device = F.device_id,
					  .nr_regions = 6,
					  .max_irqs = F.nr_msix };
	return 0;
}

static s32 ks_region_map(void *ctx, u32 index, struct kabi_region *out)
{
	if (index != 4)
		return -EINVAL;
	*out = (struct kabi_region){ .handle = 100 + index, .base = F.bar,
				     .size = BAR_SIZE,
				     .kind = KABI_REGION_MMIO };
	F.regions++;
	return 0;
}

static void ks_region_unmap(void *ctx, kabi_handle h)
{
	CHECK_EQ(h, 104);
	F.regions--;
}

static s32 ks_config_read(void *ctx, u32 off, u32 width, u32 *v)
{
	if (off + width > sizeof(F.cfg))
		return -EINVAL;
	*v = 0;
	memcpy(v, F.cfg + off, width);
	return 0;
}

static s32 ks_config_write(void *ctx, u32 off, u32 width, u32 v)
{
	return -EPERM;
}

static s32 ks_set_bus_master(void *ctx, u32 on)
{
	F.bus_master = (int)on;
	return 0;
}

static s32 ks_irq_alloc(void *ctx, u32 min, u32 max, u32 types, u32 *type)
{
	CHECK(!F.irq_allocated);
	F.irq_allocated = 1;
	*type = F.irq_type;
	if (F.irq_type == KABI_IRQ_INTX)
		return 1;
	return (s32)(max < F.nr_msix ? max : F.nr_msix);
}

static void ks_irq_free(void *ctx)
{
	F.irq_allocated = 0;
}

static s32 ks_irq_register(void *ctx, u32 index, kabi_irq_fn fn, void *arg,
			   kabi_handle *out)
{
	if (index >= 8 || F.handler[index])
		return -EINVAL;
	F.handler[index] = fn;
	F.handler_arg[index] = arg;
	F.handlers++;
	*out = 200 + index;
	return 0;
}

static void ks_irq_unregister(void *ctx, kabi_handle h)
{
	F.handler[h - 200] = NULL;
	F.handlers--;
}

static u64 ks_clock_ns(void *ctx)
{
	return 123456789;
}

static void ks_udelay(void *ctx, u32 us)
{
}

static s32 ks_register_device(void *ctx, u32 cls, void *dev_ctx,
			      const void *ops, struct kabi_device_reg *out);

static void ks_unregister_device(void *ctx, kabi_handle h)
{
	F.registered = 0;
}

static const struct kabi_kernel_services fake_ks = {
	KABI_KERNEL_SERVICES_INIT,
	.log = ks_log,
	.alloc = ks_alloc,
	.free = ks_free,
	.dma_alloc = ks_dma_alloc,
	.dma_free = ks_dma_free,
	.device_info = ks_device_info,
	.region_map = ks_region_map,
	.region_unmap = ks_region_unmap,
	.config_read = ks_config_read,
	.config_write = ks_config_write,
	.set_bus_master = ks_set_bus_master,
	.irq_alloc = ks_irq_alloc,
	.irq_free = ks_irq_free,
	.irq_register = ks_irq_register,
	.irq_unregister = ks_irq_unregister,
	.clock_ns = ks_clock_ns,
	.udelay = ks_udelay,
	.register_device = ks_register_device,
	.unregister_device = ks_unregister_device,
};

/* ---- Core's side of the block class ---- */

#define MAX_TAGS 4096
static int done_count[MAX_TAGS];
static s32 done_status[MAX_TAGS];
static int completions;

static void core_complete(void *ctx, u64 tag, s32 status)
{
	CHECK(tag < MAX_TAGS);
	if (tag >= MAX_TAGS)
		return;
	__atomic_add_fetch(&done_count[tag], 1, __ATOMIC_SEQ_CST);
	done_status[tag] = status;
	__atomic_add_fetch(&completions, 1, __ATOMIC_SEQ_CST);
}

static const struct kabi_block_core fake_block_core = {
	KABI_BLOCK_CORE_INIT,
	.complete = core_complete,
};

static s32 ks_register_device(void *ctx, u32 cls, void *dev_ctx,
			      const void *ops, struct kabi_device_reg *out)
{
	F.ops = ops;
	F.dev_ctx = dev_ctx;
	F.registered = (int)cls;
	out->handle = 300;
	out->core_ops = cls == KABI_CLASS_BLOCK ? &fake_block_core : NULL;
	out->core_ctx = &F;
	return 0;
}

/* ---- the fake device ---- */

static void put_cap(u32 at, u32 next, u8 type, u32 off, u32 len)
{
	u8 *c = F.cfg + at;

	c[0] = 0x09;
	c[1] = (u8)next;
	c[2] = type == 2 ? 20 : 16;
	c[3] = type;
	c[4] = 4;
	memcpy(c + 8, &off, 4);
	memcpy(c + 12, &len, 4);
	if (type == 2) {
		u32 mult = 4;

		memcpy(c + 16, &mult, 4);
	}
}

static void cc_write16(u32 off, u16 v)
{
	memcpy(F.bar + OFF_COMMON + off, &v, 2);
}

static void cc_write32(u32 off, u32 v)
{
	memcpy(F.bar + OFF_COMMON + off, &v, 4);
}

static u64 cc_read64(u32 off)
{
	u64 v;

	memcpy(&v, F.bar + OFF_COMMON + off, 8);
	return v;
}

/*
 * A fresh device.  The feature word reads the same for both selector
 * values, so bit 0 stands for VIRTIO_F_VERSION_1 (bit 32) too.
 */
static void fake_reset(u16 device_id, u32 features, u32 irq_type, u32 nr_msix)
{
	u64 capacity = DISK_SECTORS;
	u32 seg_max = 254, blk_size = 512;

	free(F.bar);
	memset(&F, 0, offsetof(struct fake, lock));
	pthread_mutex_init(&F.lock, NULL);
	F.force_status = -1;
	F.rng_fill = 256;
	F.bar = aligned_alloc(4096, BAR_SIZE);
	memset(F.bar, 0, BAR_SIZE);
	F.device_id = device_id;
	F.irq_type = irq_type;
	F.nr_msix = nr_msix;
	F.cfg[0x06] = 0x10;
	F.cfg[0x34] = 0x40;
	F.cfg[0x40] = 0x11;	/* an MSI-X capability to skip over */
	F.cfg[0x41] = 0x50;
	put_cap(0x50, 0x60, 1, OFF_COMMON, 0x38);
	put_cap(0x60, 0x70, 3, OFF_ISR, 1);
	put_cap(0x70, 0x88, 2, OFF_NOTIFY, 0x100);
	put_cap(0x88, 0x00, 4, OFF_DEVICE, 0x40);
	cc_write32(CC_DEV_FEATURE, features | 1);
	cc_write16(CC_NUM_QUEUES, 1);
	cc_write16(CC_QUEUE_SIZE, 256);
	memcpy(F.bar + OFF_DEVICE, &capacity, 8);
	memcpy(F.bar + OFF_DEVICE + 12, &seg_max, 4);
	memcpy(F.bar + OFF_DEVICE + 20, &blk_size, 4);
	memset(done_count, 0, sizeof(done_count));
	completions = 0;
}

struct seg {
	u8 *p;
	u32 len;
	bool write;
};

/* Follows a chain, through an indirect table if there is one. */
static int walk_chain(u16 head, struct seg *segs, int max)
{
	struct virtq_desc *ring = (void *)(uintptr_t)cc_read64(CC_QUEUE_DESC);
	struct virtq_desc *d = &ring[head], *table = ring;
	int n = 0;

	if (d->flags & VIRTQ_DESC_F_INDIRECT) {
		if (d->flags & VIRTQ_DESC_F_NEXT || d->len % 16 || !d->len ||
		    d->addr % 16)
			return -1;
		table = (void *)(uintptr_t)d->addr;
		d = &table[0];
	}
	for (;;) {
		if (n == max)
			return -1;
		segs[n++] = (struct seg){ (u8 *)(uintptr_t)d->addr, d->len,
					  d->flags & VIRTQ_DESC_F_WRITE };
		if (!(d->flags & VIRTQ_DESC_F_NEXT))
			return n;
		d = &table[d->next];
	}
}

static u32 blk_request(struct seg *s, int n)
{
	u32 type, written = 1, bytes = 0;
	u64 sector;
	u8 status = 0;

	if (n < 2 || s[0].write || s[0].len != 16 || !s[n - 1].write ||
	    s[n - 1].len != 1) {
		F.bad_chains++;
		return 0;
	}
	memcpy(&type, s[0].p, 4);
	memcpy(&sector, s[0].p + 8, 8);
	for (int i = 1; i < n - 1; i++) {
		if (s[i].write != (type == 0))
			F.bad_chains++;
		if (sector * 512 + bytes + s[i].len > sizeof(F.disk)) {
			status = 1;
			break;
		}
		if (type == 0)
			memcpy(s[i].p, F.disk + sector * 512 + bytes, s[i].len);
		else if (type == 1)
			memcpy(F.disk + sector * 512 + bytes, s[i].p, s[i].len);
		bytes += s[i].len;
	}
	if (type == 4)
		F.flushes++;
	else if (type > 1)
		status = 2;
	if (type == 0)
		written += bytes;
	*s[n - 1].p = F.force_status >= 0 ? (u8)F.force_status : status;
	return written;
}

static u32 rng_request(struct seg *s, int n)
{
	u32 len = s[0].len < F.rng_fill ? s[0].len : F.rng_fill;

	if (n != 1 || !s[0].write) {
		F.bad_chains++;
		return 0;
	}
	for (u32 i = 0; i < len; i++)
		s[0].p[i] = F.rng_next++;
	return len;
}

static void raise_irq(void)
{
	u32 v = F.irq_type == KABI_IRQ_MSIX && F.nr_msix >= 2 ? 1 : 0;

	if (F.irq_off)
		return;
	if (F.irq_type == KABI_IRQ_INTX)
		F.bar[OFF_ISR] = 1;
	if (F.handler[v])
		CHECK_EQ(F.handler[v](F.handler_arg[v], v), KABI_IRQ_HANDLED);
}

/* Does everything the driver made available; returns how much. */
static int device_step(void)
{
	struct virtq_avail *avail;
	struct virtq_used *used;
	struct seg segs[300];
	u16 size, idx;
	int done = 0;

	pthread_mutex_lock(&F.lock);
	if (!(F.bar[OFF_COMMON + CC_STATUS] & VIRTIO_S_DRIVER_OK) ||
	    !F.bar[OFF_COMMON + CC_QUEUE_ENABLE]) {
		pthread_mutex_unlock(&F.lock);
		return 0;
	}
	avail = (void *)(uintptr_t)cc_read64(CC_QUEUE_DRIVER);
	used = (void *)(uintptr_t)cc_read64(CC_QUEUE_DEVICE);
	memcpy(&size, F.bar + OFF_COMMON + CC_QUEUE_SIZE, 2);
	idx = __atomic_load_n(&avail->idx, __ATOMIC_ACQUIRE);
	while (F.last_avail != idx) {
		u16 head = avail->ring[F.last_avail++ % size];
		int n = walk_chain(head, segs, 300);
		u32 len = 0;

		if (n < 0)
			F.bad_chains++;
		else
			len = F.device_id == 0x1042 ? blk_request(segs, n) :
						      rng_request(segs, n);
		used->ring[used->idx % size] = (struct virtq_used_elem){ head,
									 len };
		__atomic_store_n(&used->idx, used->idx + 1, __ATOMIC_RELEASE);
		done++;
	}
	pthread_mutex_unlock(&F.lock);
	if (done)
		raise_irq();
	return done;
}

/* ---- helpers for the tests ---- */

static s32 probe(const struct kabi_manifest *m, void **inst)
{
	return m->entry->probe((void *)&F, &fake_ks, inst);
}

static void check_nothing_left(void)
{
	CHECK_EQ(F.allocs, 0);
	CHECK_EQ(F.dmas, 0);
	CHECK_EQ(F.regions, 0);
	CHECK_EQ(F.irq_allocated, 0);
	CHECK_EQ(F.handlers, 0);
	CHECK_EQ(F.bus_master, 0);
	CHECK_EQ(F.registered, 0);
	CHECK_EQ(F.bar[OFF_COMMON + CC_STATUS], 0);	/* reset */
}

static const struct kabi_block_ops *blk_ops(void)
{
	return F.ops;
}

static s32 submit(u64 tag, u32 op, u64 sector, const struct kabi_sg *sg,
		  u32 nr_sg, u32 nr_sectors)
{
	struct kabi_block_request r = { .tag = tag, .sector = sector,
					.nr_sectors = nr_sectors, .op = op,
					.sg = sg, .nr_sg = nr_sg };

	return blk_ops()->submit(F.dev_ctx, &r);
}

static struct kabi_sg sg_of(void *p, u32 len)
{
	return (struct kabi_sg){ .dma_addr = (u64)(uintptr_t)p, .len = len };
}

#define BLK_FEATURES (1u << 2 | 1u << 6 | 1u << 9 | 1u << 28)

/* ---- the tests ---- */

HTEST(blk_probe_and_info)
{
	struct kabi_block_info info;
	void *inst;

	fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	CHECK_EQ(F.registered, KABI_CLASS_BLOCK);
	CHECK(kabi_block_ops_valid(blk_ops()));
	CHECK_EQ(blk_ops()->get_info(F.dev_ctx, &info), 0);
	CHECK_EQ(info.nr_sectors, DISK_SECTORS);
	CHECK_EQ(info.logical_block_size, 512);
	CHECK_EQ(info.queue_depth, 32);
	CHECK_EQ(info.max_segments, 64);
	CHECK_EQ(info.nr_queues, 1);
	CHECK_EQ(info.flags, KABI_BLOCK_F_WRITE_CACHE);
	CHECK_EQ(F.bar[OFF_COMMON + CC_STATUS],
		 VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK |
			 VIRTIO_S_DRIVER_OK);
	CHECK_EQ(F.handlers, 2);	/* config and the queue */
	CHECK_EQ(F.bus_master, 1);
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
}

HTEST(blk_legacy_device_refused)
{
	void *inst;

	fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
	cc_write32(CC_DEV_FEATURE, BLK_FEATURES);	/* no VERSION_1 */
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), -ENODEV);
	check_nothing_left();
	fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
	F.cfg[0x53] = 7;	/* no common configuration capability */
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), -ENODEV);
	check_nothing_left();
}

static void write_read_roundtrip(void)
{
	static u8 out[8][4096], in[8][4096];
	struct kabi_sg sg[2];

	for (int i = 0; i < 8; i++) {
		memset(out[i], 0x10 + i, 4096);
		sg[0] = sg_of(out[i], 512);
		sg[1] = sg_of(out[i] + 512, 4096 - 512);
		CHECK_EQ(submit((u64)i, KABI_BLOCK_WRITE, (u64)i * 8, sg, 2, 8),
			 0);
	}
	CHECK_EQ(completions, 0);	/* in flight until the device works */
	CHECK_EQ(device_step(), 8);
	CHECK_EQ(completions, 8);
	for (int i = 0; i < 8; i++) {
		CHECK_EQ(done_count[i], 1);
		CHECK_EQ(done_status[i], 0);
		CHECK(!memcmp(F.disk + i * 4096, out[i], 4096));
		sg[0] = sg_of(in[i], 4096);
		CHECK_EQ(submit(100 + (u64)i, KABI_BLOCK_READ, (u64)i * 8, sg,
				1, 8), 0);
	}
	CHECK_EQ(device_step(), 8);
	for (int i = 0; i < 8; i++) {
		CHECK_EQ(done_count[100 + i], 1);
		CHECK(!memcmp(in[i], out[i], 4096));
	}
	CHECK_EQ(F.bad_chains, 0);
}

HTEST(blk_write_read_indirect_msix)
{
	void *inst;

	fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	write_read_roundtrip();
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
}

HTEST(blk_write_read_direct_intx)
{
	struct kabi_block_info info;
	void *inst;

	fake_reset(0x1042, BLK_FEATURES & ~(1u << 28), KABI_IRQ_INTX, 0);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	blk_ops()->get_info(F.dev_ctx, &info);
	CHECK_EQ(info.queue_depth, 4);	/* 128 entries / 32 per chain */
	CHECK_EQ(info.max_segments, 30);
	CHECK_EQ(F.handlers, 1);
	/* The INTx handler says "not mine" while the ISR is clear. */
	CHECK_EQ(F.handler[0](F.handler_arg[0], 0), KABI_IRQ_NONE);
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
	/* Only 4 slots: the round trip runs in batches of 4. */
	fake_reset(0x1042, BLK_FEATURES & ~(1u << 28), KABI_IRQ_INTX, 0);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	{
		static u8 buf[5][512];
		struct kabi_sg sg;

		for (int i = 0; i < 5; i++) {
			sg = sg_of(buf[i], 512);
			CHECK_EQ(submit((u64)i, KABI_BLOCK_READ, (u64)i, &sg, 1,
					1), i < 4 ? 0 : -EBUSY);
		}
		CHECK_EQ(device_step(), 4);
		CHECK_EQ(completions, 4);
		CHECK_EQ(submit(4, KABI_BLOCK_READ, 4, &sg, 1, 1), 0);
		CHECK_EQ(device_step(), 1);
		CHECK_EQ(done_count[4], 1);
	}
	CHECK_EQ(F.bad_chains, 0);
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
}

HTEST(blk_queue_full_then_busy)
{
	static u8 buf[512];
	struct kabi_sg sg = sg_of(buf, 512);
	void *inst;

	fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	for (int i = 0; i < 32; i++)
		CHECK_EQ(submit((u64)i, KABI_BLOCK_READ, 0, &sg, 1, 1), 0);
	CHECK_EQ(submit(32, KABI_BLOCK_READ, 0, &sg, 1, 1), -EBUSY);
	/* poll() reaps without an interrupt. */
	F.irq_off = 1;
	CHECK_EQ(device_step(), 32);
	CHECK_EQ(completions, 0);
	CHECK_EQ(blk_ops()->poll(F.dev_ctx, 0), 32);
	CHECK_EQ(completions, 32);
	CHECK_EQ(blk_ops()->poll(F.dev_ctx, 1), -EINVAL);
	CHECK_EQ(submit(32, KABI_BLOCK_READ, 0, &sg, 1, 1), 0);
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
}

HTEST(blk_errors_and_flush)
{
	static u8 buf[1024];
	struct kabi_sg sg = sg_of(buf, 512), two[2] = { sg_of(buf, 512),
							sg_of(buf, 512) };
	void *inst;

	fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	F.force_status = 1;
	CHECK_EQ(submit(1, KABI_BLOCK_READ, 0, &sg, 1, 1), 0);
	device_step();
	CHECK_EQ(done_status[1], -EIO);
	F.force_status = 2;
	CHECK_EQ(submit(2, KABI_BLOCK_WRITE, 0, &sg, 1, 1), 0);
	device_step();
	CHECK_EQ(done_status[2], -EOPNOTSUPP);
	F.force_status = -1;
	CHECK_EQ(submit(3, KABI_BLOCK_FLUSH, 0, NULL, 0, 0), 0);
	device_step();
	CHECK_EQ(done_status[3], 0);
	CHECK_EQ(F.flushes, 1);
	/* Refused before reaching the device. */
	CHECK_EQ(submit(4, KABI_BLOCK_READ, DISK_SECTORS, &sg, 1, 1), -EINVAL);
	CHECK_EQ(submit(4, KABI_BLOCK_READ, 0, &sg, 1, 2), -EINVAL);
	CHECK_EQ(submit(4, KABI_BLOCK_READ, 0, two, 2, 1), -EINVAL);
	CHECK_EQ(submit(4, KABI_BLOCK_READ, 0, &sg, 0, 1), -EINVAL);
	CHECK_EQ(submit(4, 7, 0, &sg, 1, 1), -EINVAL);
	CHECK_EQ(submit(4, KABI_BLOCK_READ, ~0ull - 1, &sg, 1, 1), -EINVAL);
	CHECK_EQ(device_step(), 0);
	CHECK_EQ(completions, 3);
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
	/* Without VIRTIO_BLK_F_FLUSH there is no cache: FLUSH is refused. */
	fake_reset(0x1042, BLK_FEATURES & ~(1u << 9), KABI_IRQ_MSIX, 4);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	CHECK_EQ(submit(5, KABI_BLOCK_FLUSH, 0, NULL, 0, 0), -EOPNOTSUPP);
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
}

/* Every allocation in probe failing in turn: nothing may leak. */
HTEST(blk_probe_failures_free_everything)
{
	void *inst;
	int failures = 0;

	for (int at = 1; at < 20; at++) {
		fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
		F.fail_alloc_at = at;
		if (probe(&virtio_blk_manifest, &inst)) {
			failures++;
			check_nothing_left();
		} else {
			virtio_blk_manifest.entry->remove(inst);
		}
		fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
		F.fail_dma_at = at;
		if (probe(&virtio_blk_manifest, &inst)) {
			failures++;
			check_nothing_left();
		} else {
			virtio_blk_manifest.entry->remove(inst);
		}
	}
	CHECK(failures >= 7);
}

/* ---- concurrent submitters, pollers and a device thread ---- */

#define STRESS_THREADS 4
#define STRESS_REQS 600
static int stress_stop;

static void *stress_device(void *arg)
{
	while (!__atomic_load_n(&stress_stop, __ATOMIC_SEQ_CST))
		if (!device_step())
			sched_yield();
	return NULL;
}

struct stress_buf {
	u8 data[STRESS_REQS][1024];
};

static void *stress_submitter(void *arg)
{
	long t = (long)arg;
	struct stress_buf *b = malloc(sizeof(*b));

	for (int i = 0; i < STRESS_REQS; i++) {
		u64 tag = (u64)t * STRESS_REQS + (u64)i;
		u64 sector = (u64)t * 1024 + (u64)(i % 512) * 2;
		struct kabi_sg sg[2] = { sg_of(b->data[i], 512),
					 sg_of(b->data[i] + 512, 512) };
		s32 ret;

		memset(b->data[i], (int)(tag & 0xff), 1024);
		for (;;) {
			ret = submit(tag, KABI_BLOCK_WRITE, sector, sg, 2, 2);
			if (ret != -EBUSY)
				break;
			if (i % 3 == 0)
				blk_ops()->poll(F.dev_ctx, 0);
			sched_yield();
		}
		CHECK_EQ(ret, 0);
	}
	while (__atomic_load_n(&completions, __ATOMIC_SEQ_CST) <
	       STRESS_THREADS * STRESS_REQS)
		sched_yield();
	free(b);
	return NULL;
}

HTEST(blk_stress_concurrent)
{
	pthread_t dev, sub[STRESS_THREADS];
	void *inst;

	fake_reset(0x1042, BLK_FEATURES, KABI_IRQ_MSIX, 4);
	CHECK_EQ(probe(&virtio_blk_manifest, &inst), 0);
	__atomic_store_n(&stress_stop, 0, __ATOMIC_SEQ_CST);
	pthread_create(&dev, NULL, stress_device, NULL);
	for (long t = 0; t < STRESS_THREADS; t++)
		pthread_create(&sub[t], NULL, stress_submitter, (void *)t);
	for (int t = 0; t < STRESS_THREADS; t++)
		pthread_join(sub[t], NULL);
	__atomic_store_n(&stress_stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(dev, NULL);
	CHECK_EQ(completions, STRESS_THREADS * STRESS_REQS);
	for (int i = 0; i < STRESS_THREADS * STRESS_REQS; i++)
		CHECK_EQ(done_count[i], 1);
	/* A thread's requests complete in order: its last write wins. */
	for (int t = 0; t < STRESS_THREADS; t++) {
		CHECK_EQ(F.disk[((u64)t * 1024 + 511 * 2) * 512],
			 (t * STRESS_REQS + 511) & 0xff);
		CHECK_EQ(F.disk[(u64)t * 1024 * 512 + 1023],
			 (t * STRESS_REQS + 512) & 0xff);
	}
	CHECK_EQ(F.bad_chains, 0);
	virtio_blk_manifest.entry->remove(inst);
	check_nothing_left();
}

/* ---- virtio_rng ---- */

static const struct kabi_entropy_ops *rng_ops(void)
{
	return F.ops;
}

HTEST(rng_read_refill)
{
	u8 buf[2048];
	void *inst;

	fake_reset(0x1044, 0, KABI_IRQ_MSIX, 2);
	CHECK_EQ(probe(&virtio_rng_manifest, &inst), 0);
	CHECK_EQ(F.registered, KABI_CLASS_ENTROPY);
	CHECK(kabi_entropy_ops_valid(rng_ops()));
	CHECK(kabi_entropy_ops_has_quality(rng_ops()));
	CHECK_EQ(rng_ops()->quality(F.dev_ctx), 512);
	CHECK_EQ(rng_ops()->read(F.dev_ctx, buf, 100), 0);	/* none yet */
	CHECK_EQ(device_step(), 4);	/* all buffers were posted */
	CHECK_EQ(rng_ops()->read(F.dev_ctx, buf, 100), 100);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(buf[i], i);
	CHECK_EQ(rng_ops()->read(F.dev_ctx, buf, sizeof(buf)), 1024 - 100);
	CHECK_EQ(buf[0], 100);
	CHECK_EQ(rng_ops()->read(F.dev_ctx, buf, 16), 0);	/* drained */
	/* Each drained buffer went back to the device. */
	CHECK_EQ(device_step(), 4);
	F.rng_fill = 10;	/* short fills are fine */
	CHECK_EQ(rng_ops()->read(F.dev_ctx, buf, sizeof(buf)), 1024);
	CHECK_EQ(device_step(), 4);
	CHECK_EQ(rng_ops()->read(F.dev_ctx, buf, sizeof(buf)), 40);
	CHECK_EQ(F.bad_chains, 0);
	virtio_rng_manifest.entry->remove(inst);
	check_nothing_left();
}

HTEST(rng_manifest)
{
	CHECK_STR((const char *)virtio_rng_manifest.name, "virtio_rng");
	CHECK_EQ(virtio_rng_manifest.matches[0].vendor, 0x1af4);
	CHECK_EQ(virtio_rng_manifest.matches[0].device, 0x1044);
	CHECK_EQ(virtio_rng_manifest.requires[2].iface, KABI_IFACE_ENTROPY);
	CHECK_EQ(virtio_rng_manifest.requires[2].version, 2);
	CHECK_EQ(virtio_blk_manifest.matches[0].device, 0x1042);
}

HTEST_MAIN("virtio")
