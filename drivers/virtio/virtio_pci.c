// SPDX-License-Identifier: MIT
/*
 * The virtio-pci modern transport (virtio 1.x section 4.1) on top of
 * KernelServices: the vendor capabilities in PCI configuration space say
 * in which BAR, at which offset, each configuration structure lives.
 */
#include <virtio.h>

#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_PTR 0x34
#define PCI_CAP_ID_VENDOR 0x09
/* Capabilities live above the standard header, and a list is short. */
#define PCI_CAP_MIN 0x40
#define PCI_CAP_MAX_WALK 48

/* virtio_pci_cap: cfg_type at 3, bar at 4, offset at 8, length at 12. */
#define VCAP_LEN 2
#define VCAP_TYPE 3
#define VCAP_BAR 4
#define VCAP_OFFSET 8
#define VCAP_LENGTH 12
#define VCAP_NOTIFY_MULT 16	/* notify capability only */
#define VCAP_COMMON 1
#define VCAP_NOTIFY 2
#define VCAP_ISR 3
#define VCAP_DEVICE 4

/* The common configuration structure. */
#define CC_DEV_FEATURE_SEL 0x00
#define CC_DEV_FEATURE 0x04
#define CC_DRV_FEATURE_SEL 0x08
#define CC_DRV_FEATURE 0x0c
#define CC_MSIX_CONFIG 0x10
#define CC_NUM_QUEUES 0x12
#define CC_STATUS 0x14
#define CC_CONFIG_GEN 0x15
#define CC_QUEUE_SELECT 0x16
#define CC_SIZE 0x38		/* the virtio 1.0 fields, all we use */

struct vcap {
	bool found;
	u8 bar;
	u32 offset, length;
};

static const struct kabi_kernel_services *ks(struct virtio_dev *vd)
{
	return vd->env.ks;
}

static u32 cfg_read(struct virtio_dev *vd, u32 off, u32 width)
{
	u32 v = 0;

	/* A failed read leaves 0, which ends the walk like an empty list. */
	if (ks(vd)->config_read(vd->env.ctx, off, width, &v))
		return 0;
	return v;
}

static void read_cap(struct virtio_dev *vd, u32 at, struct vcap caps[5],
		     u32 *mult)
{
	u32 type = cfg_read(vd, at + VCAP_TYPE, 1);
	u32 len = cfg_read(vd, at + VCAP_LEN, 1);
	u32 bar = cfg_read(vd, at + VCAP_BAR, 1);

	/* The first usable capability of each type is the preferred one. */
	if (type < VCAP_COMMON || type > VCAP_DEVICE || caps[type].found ||
	    len < 16 || bar > 5)
		return;
	caps[type].found = true;
	caps[type].bar = (u8)bar;
	caps[type].offset = cfg_read(vd, at + VCAP_OFFSET, 4);
	caps[type].length = cfg_read(vd, at + VCAP_LENGTH, 4);
	if (type == VCAP_NOTIFY && len >= 20)
		*mult = cfg_read(vd, at + VCAP_NOTIFY_MULT, 4);
}

static int find_caps(struct virtio_dev *vd, struct vcap caps[5], u32 *mult)
{
	u32 at;

	if (!(cfg_read(vd, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return -ENODEV;
	at = cfg_read(vd, PCI_CAP_PTR, 1) & 0xfc;
	/* Bounded: a broken list may loop. */
	for (int n = 0; at >= PCI_CAP_MIN && n < PCI_CAP_MAX_WALK; n++) {
		if (cfg_read(vd, at, 1) == PCI_CAP_ID_VENDOR)
			read_cap(vd, at, caps, mult);
		at = cfg_read(vd, at + 1, 1) & 0xfc;
	}
	return 0;
}

/* Maps the capability's BAR once, and returns where the structure is. */
static int map_cap(struct virtio_dev *vd, const struct vcap *cap,
		   u32 min_len, volatile u8 **out)
{
	struct kabi_region *r = &vd->bars[cap->bar];
	s32 ret;

	if (!cap->found || cap->length < min_len)
		return -ENODEV;
	if (!r->handle) {
		ret = ks(vd)->region_map(vd->env.ctx, cap->bar, r);
		if (ret)
			return ret;
	}
	/* Port BARs are allowed by the spec but not by this library. */
	if (r->kind != KABI_REGION_MMIO || !r->base ||
	    (u64)cap->offset + cap->length > r->size)
		return -ENODEV;
	*out = (volatile u8 *)r->base + cap->offset;
	return 0;
}

static int map_structures(struct virtio_dev *vd)
{
	struct vcap caps[5] = { { 0 } };
	u32 mult = 0;
	int ret;

	ret = find_caps(vd, caps, &mult);
	if (!ret)
		ret = map_cap(vd, &caps[VCAP_COMMON], CC_SIZE, &vd->common);
	if (!ret)
		ret = map_cap(vd, &caps[VCAP_ISR], 1, &vd->isr);
	if (!ret)
		ret = map_cap(vd, &caps[VCAP_NOTIFY], 2, &vd->notify);
	if (ret)
		return ret;
	vd->notify_len = caps[VCAP_NOTIFY].length;
	vd->notify_mult = mult;
	/* Devices without configuration (virtio-rng) have no such cap. */
	if (caps[VCAP_DEVICE].found &&
	    !map_cap(vd, &caps[VCAP_DEVICE], 0, &vd->devcfg))
		vd->devcfg_len = caps[VCAP_DEVICE].length;
	return 0;
}

static int reset(struct virtio_dev *vd)
{
	mmio_write8(vd->common, CC_STATUS, 0);
	vd->status = 0;
	/* The reset is done when the device reads back 0; allow 100 ms. */
	for (int i = 0; i < 10000; i++) {
		if (!mmio_read8(vd->common, CC_STATUS))
			return 0;
		ks(vd)->udelay(vd->env.ctx, 10);
	}
	return -ETIMEDOUT;
}

static void add_status(struct virtio_dev *vd, u32 bits)
{
	vd->status |= bits;
	mmio_write8(vd->common, CC_STATUS, (u8)vd->status);
}

int virtio_init(struct virtio_dev *vd, const struct kabi_kernel_services *k,
		void *ctx)
{
	struct kabi_device_info info;
	int ret;

	vd->env.ks = k;
	vd->env.ctx = ctx;
	ret = k->device_info(ctx, &info);
	if (ret)
		return ret;
	if (info.bus != KABI_BUS_PCI || info.vendor != VIRTIO_PCI_VENDOR)
		return -ENODEV;
	ret = map_structures(vd);
	if (ret) {
		kd_err(&vd->env, "virtio: no modern virtio-pci structures (%d)",
		       ret);
		return ret;
	}
	ret = reset(vd);
	if (ret)
		return ret;
	add_status(vd, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
	/* The rings are DMA memory the device reads and writes. */
	return k->set_bus_master(ctx, 1);
}

static u64 device_features(struct virtio_dev *vd)
{
	u64 lo, hi;

	mmio_write32(vd->common, CC_DEV_FEATURE_SEL, 0);
	lo = mmio_read32(vd->common, CC_DEV_FEATURE);
	mmio_write32(vd->common, CC_DEV_FEATURE_SEL, 1);
	hi = mmio_read32(vd->common, CC_DEV_FEATURE);
	return hi << 32 | lo;
}

int virtio_negotiate(struct virtio_dev *vd, u64 wanted)
{
	u64 dev = device_features(vd);

	/* Without VERSION_1 the device speaks only the legacy interface. */
	if (!(dev >> VIRTIO_F_VERSION_1 & 1)) {
		kd_err(&vd->env, "virtio: device lacks VIRTIO_F_VERSION_1");
		return -ENODEV;
	}
	vd->features = dev & (wanted | 1ull << VIRTIO_F_VERSION_1);
	mmio_write32(vd->common, CC_DRV_FEATURE_SEL, 0);
	mmio_write32(vd->common, CC_DRV_FEATURE, (u32)vd->features);
	mmio_write32(vd->common, CC_DRV_FEATURE_SEL, 1);
	mmio_write32(vd->common, CC_DRV_FEATURE, (u32)(vd->features >> 32));
	add_status(vd, VIRTIO_S_FEATURES_OK);
	/* The device clears FEATURES_OK if it cannot live with the set. */
	if (!(mmio_read8(vd->common, CC_STATUS) & VIRTIO_S_FEATURES_OK)) {
		kd_err(&vd->env, "virtio: device refused features %llx",
		       (unsigned long long)vd->features);
		return -ENODEV;
	}
	return 0;
}

int virtio_irq_alloc(struct virtio_dev *vd, u32 nr_queues)
{
	u32 want = 1 + nr_queues, type = 0;
	s32 n;

	if (nr_queues > VIRTIO_MAX_QUEUES)
		return -EINVAL;
	n = ks(vd)->irq_alloc(vd->env.ctx, 1, want,
			      KABI_IRQ_MSIX | KABI_IRQ_INTX, &type);
	if (n < 0)
		return n;
	vd->irq_type = type;
	vd->nr_vectors = (u32)n;
	vd->per_queue_vectors = type == KABI_IRQ_MSIX && (u32)n >= want;
	if (type != KABI_IRQ_MSIX)
		return 0;
	/* Configuration changes always go to MSI-X entry 0. */
	mmio_write16(vd->common, CC_MSIX_CONFIG, 0);
	if (mmio_read16(vd->common, CC_MSIX_CONFIG) != 0)
		return -EIO;
	return 0;
}

static u32 config_irq(void *arg, u32 vector)
{
	struct virtio_dev *vd = arg;

	if (vd->config_changed)
		vd->config_changed(vd->config_arg);
	return KABI_IRQ_HANDLED;
}

/*
 * From a handler: everything that was used when the interrupt came, and
 * then some, but not forever.  A device that refills the ring as fast as
 * it is reaped (a flood of received frames) would otherwise keep the CPU
 * in the handler; what is left raised an interrupt of its own.
 */
static void reap_irq(struct virtq *vq)
{
	virtq_reap(vq, 4u * vq->size);
}

static u32 queue_irq(void *arg, u32 vector)
{
	reap_irq(arg);
	return KABI_IRQ_HANDLED;
}

static void reap_all(struct virtio_dev *vd)
{
	for (int i = 0; i < VIRTIO_MAX_QUEUES; i++)
		if (vd->vqs[i] && vd->vqs[i]->irq)
			reap_irq(vd->vqs[i]);
}

/* One MSI-X vector for everything: no way to tell what happened. */
static u32 shared_irq(void *arg, u32 vector)
{
	reap_all(arg);
	return config_irq(arg, vector);
}

/* INTx may be shared with other devices: the ISR says if it was us. */
static u32 intx_irq(void *arg, u32 vector)
{
	struct virtio_dev *vd = arg;
	u8 isr = mmio_read8(vd->isr, 0);	/* reading clears it */

	if (!isr)
		return KABI_IRQ_NONE;
	if (isr & 1)
		reap_all(vd);
	if (isr & 2)
		config_irq(vd, vector);
	return KABI_IRQ_HANDLED;
}

static int register_irq(struct virtio_dev *vd, u32 index, kabi_irq_fn fn,
			void *arg)
{
	return ks(vd)->irq_register(vd->env.ctx, index, fn, arg,
				    &vd->irqs[index]);
}

static int register_irqs(struct virtio_dev *vd)
{
	int ret;

	if (vd->irq_type == KABI_IRQ_INTX)
		return register_irq(vd, 0, intx_irq, vd);
	if (!vd->per_queue_vectors)
		return register_irq(vd, 0, shared_irq, vd);
	ret = register_irq(vd, 0, config_irq, vd);
	for (int i = 0; !ret && i < VIRTIO_MAX_QUEUES; i++) {
		struct virtq *vq = vd->vqs[i];

		if (vq && vq->irq)
			ret = register_irq(vd, vq->vector, queue_irq, vq);
	}
	return ret;
}

int virtio_start(struct virtio_dev *vd, virtio_config_fn config_changed,
		 void *arg)
{
	int ret;

	vd->config_changed = config_changed;
	vd->config_arg = arg;
	if (vd->irq_type) {
		ret = register_irqs(vd);
		if (ret)
			return ret;
	}
	add_status(vd, VIRTIO_S_DRIVER_OK);
	return 0;
}

static void free_irqs(struct virtio_dev *vd)
{
	for (u32 i = 0; i < VIRTIO_MAX_VECTORS; i++) {
		if (vd->irqs[i])
			ks(vd)->irq_unregister(vd->env.ctx, vd->irqs[i]);
		vd->irqs[i] = 0;
	}
	if (vd->irq_type)
		ks(vd)->irq_free(vd->env.ctx);
	vd->irq_type = 0;
}

/*
 * Undoes everything from virtio_init() on, whatever step it reached.
 * The reset comes first: it stops the device's DMA and interrupts, so
 * the rings can be freed safely afterwards.
 */
void virtio_stop(struct virtio_dev *vd)
{
	if (vd->common && reset(vd))
		kd_err(&vd->env, "virtio: device did not reset");
	free_irqs(vd);
	for (int i = 0; i < VIRTIO_MAX_QUEUES; i++)
		if (vd->vqs[i])
			virtq_destroy(vd->vqs[i]);
	if (vd->common)
		ks(vd)->set_bus_master(vd->env.ctx, 0);
	for (int i = 0; i < 6; i++) {
		if (vd->bars[i].handle)
			ks(vd)->region_unmap(vd->env.ctx, vd->bars[i].handle);
		vd->bars[i].handle = 0;
	}
	vd->common = vd->isr = vd->notify = vd->devcfg = NULL;
}

void virtio_select_queue(struct virtio_dev *vd, u16 index)
{
	mmio_write16(vd->common, CC_QUEUE_SELECT, index);
}

/* Reads outside the structure give 0 rather than touching other MMIO. */
static bool cfg_ok(struct virtio_dev *vd, u32 off, u32 width)
{
	return vd->devcfg && (u64)off + width <= vd->devcfg_len;
}

u8 virtio_cfg_read8(struct virtio_dev *vd, u32 off)
{
	return cfg_ok(vd, off, 1) ? mmio_read8(vd->devcfg, off) : 0;
}

u16 virtio_cfg_read16(struct virtio_dev *vd, u32 off)
{
	return cfg_ok(vd, off, 2) ? mmio_read16(vd->devcfg, off) : 0;
}

u32 virtio_cfg_read32(struct virtio_dev *vd, u32 off)
{
	return cfg_ok(vd, off, 4) ? mmio_read32(vd->devcfg, off) : 0;
}

/* Two 32-bit reads: retry if the device changed the fields meanwhile. */
u64 virtio_cfg_read64(struct virtio_dev *vd, u32 off)
{
	u32 gen, lo, hi;

	if (!cfg_ok(vd, off, 8))
		return 0;
	do {
		gen = mmio_read8(vd->common, CC_CONFIG_GEN);
		lo = mmio_read32(vd->devcfg, off);
		hi = mmio_read32(vd->devcfg, off + 4);
	} while (gen != mmio_read8(vd->common, CC_CONFIG_GEN));
	return (u64)hi << 32 | lo;
}
