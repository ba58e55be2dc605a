/* SPDX-License-Identifier: MIT */
/*
 * The virtio-pci modern transport (virtio 1.x, section 4.1) and split
 * virtqueues, as a library that virtio drivers link (DRV_LIBS_name :=
 * virtio in their driver.mk).  Everything goes through KernelServices:
 * PCI configuration space for the capability list, region_map() for the
 * BARs, dma_alloc() for the rings, irq_alloc() for the interrupts.
 *
 * Use:
 *	virtio_init()		find the structures, reset, ACKNOWLEDGE|DRIVER
 *	virtio_negotiate()	features; FEATURES_OK
 *	virtio_irq_alloc()	vectors: MSI-X (config + one per queue) or INTx
 *	virtq_create()		each queue the driver uses
 *	virtio_start()		handlers registered, DRIVER_OK
 *	...
 *	virtio_stop()		reset, then free everything (also after a
 *				failure at any step above)
 *
 * Queues are cut into "slots" of a fixed number of descriptors (one
 * request each), so that claiming, publishing and reaping need no lock
 * a handler could wait on: see virtqueue.c.
 */
#ifndef VIRTIO_H
#define VIRTIO_H

#include <kabi_driver.h>
#include <kd_atomic.h>
#include <kd_errno.h>

#define VIRTIO_PCI_VENDOR 0x1af4
/* Modern devices: 0x1040 + the virtio device ID. */
#define VIRTIO_PCI_MODERN(id) (0x1040 + (id))

/* Device status bits. */
#define VIRTIO_S_ACKNOWLEDGE 1
#define VIRTIO_S_DRIVER 2
#define VIRTIO_S_DRIVER_OK 4
#define VIRTIO_S_FEATURES_OK 8
#define VIRTIO_S_NEEDS_RESET 64
#define VIRTIO_S_FAILED 128

/* Feature bits of the transport, common to every device type. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_VERSION_1 32

#define VIRTIO_MSI_NO_VECTOR 0xffff

/* Split virtqueue layout (virtio 1.x section 2.7), little-endian. */
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2	/* the device writes this buffer */
#define VIRTQ_DESC_F_INDIRECT 4	/* the buffer is a table of descriptors */
#define VIRTQ_USED_F_NO_NOTIFY 1

struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct virtq_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

struct virtq_used_elem {
	u32 id;
	u32 len;
};

struct virtq_used {
	u16 flags;
	u16 idx;
	struct virtq_used_elem ring[];
};

#define VIRTIO_MAX_QUEUES 4
#define VIRTIO_MAX_VECTORS (1 + VIRTIO_MAX_QUEUES)

struct virtio_dev;

/*
 * A finished slot: len is what the device wrote.  Called with the queue's
 * reap lock held, one call at a time; it may post slots again.
 */
typedef void (*virtq_done_fn)(void *arg, u32 slot, u32 len);
/* The device configuration changed (from the interrupt handler). */
typedef void (*virtio_config_fn)(void *arg);

struct virtq {
	struct virtio_dev *vd;
	u16 index;
	u16 size;		/* descriptors, a power of two */
	u16 per_slot;		/* descriptors per slot, chained */
	u16 nr_slots;
	u16 vector;		/* MSI-X entry, or VIRTIO_MSI_NO_VECTOR */
	u16 avail_idx;		/* next avail index: the publisher's */
	u16 last_used;		/* next used index to read: the reaper's */
	u16 irq;		/* 1: its completions raise interrupts */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	volatile u16 *notify;
	struct kabi_dma_buf ring;
	u32 ready_head;		/* slot + 1 of the newest ready slot, 0: none */
	u32 pub_lock, reap_lock;
	u16 *ready_next;	/* per slot: the next ready slot + 1 */
	u8 *inflight;		/* per slot: 1 while the device owns it */
	u64 *free_map;		/* per slot: 1 while free */
	virtq_done_fn done;
	void *arg;
};

struct virtio_dev {
	struct kabi_env env;
	struct kabi_region bars[6];
	volatile u8 *common;	/* struct virtio_pci_common_cfg */
	volatile u8 *isr;
	volatile u8 *notify;
	volatile u8 *devcfg;	/* the device-specific configuration */
	u32 notify_len, notify_mult, devcfg_len;
	u32 status;		/* status bits set so far */
	u64 features;		/* negotiated */
	u32 irq_type;		/* KABI_IRQ_*, 0 before virtio_irq_alloc() */
	u32 nr_vectors;
	bool per_queue_vectors;	/* MSI-X: config 0, queue i at i + 1 */
	kabi_handle irqs[VIRTIO_MAX_VECTORS];
	struct virtq *vqs[VIRTIO_MAX_QUEUES];
	virtio_config_fn config_changed;
	void *config_arg;
};

/* Transport (virtio_pci.c). */
int virtio_init(struct virtio_dev *vd, const struct kabi_kernel_services *ks,
		void *ctx);
int virtio_negotiate(struct virtio_dev *vd, u64 wanted);
int virtio_irq_alloc(struct virtio_dev *vd, u32 nr_queues);
int virtio_start(struct virtio_dev *vd, virtio_config_fn config_changed,
		 void *arg);
void virtio_stop(struct virtio_dev *vd);
u8 virtio_cfg_read8(struct virtio_dev *vd, u32 off);
u16 virtio_cfg_read16(struct virtio_dev *vd, u32 off);
u32 virtio_cfg_read32(struct virtio_dev *vd, u32 off);
u64 virtio_cfg_read64(struct virtio_dev *vd, u32 off);
void virtio_select_queue(struct virtio_dev *vd, u16 index);

static inline bool virtio_has(const struct virtio_dev *vd, u32 bit)
{
	return vd->features >> bit & 1;
}

/* Split virtqueues (virtqueue.c). */
int virtio_dma_alloc(struct virtio_dev *vd, u64 size, struct kabi_dma_buf *out);
int virtq_create(struct virtio_dev *vd, u16 index, u16 max_size,
		 u16 per_slot, bool use_irq, virtq_done_fn done, void *arg);
u16 virtq_max_size(struct virtio_dev *vd, u16 index, u16 max_size);
void virtq_destroy(struct virtq *vq);
void virtq_limit(struct virtq *vq, u16 nr_slots);
int virtq_claim(struct virtq *vq);
void virtq_release(struct virtq *vq, u32 slot);
void virtq_post(struct virtq *vq, u32 slot);
int virtq_reap(struct virtq *vq, u32 budget);

/* The descriptors of a slot; their next fields are preset. */
static inline struct virtq_desc *virtq_slot(struct virtq *vq, u32 slot)
{
	return &vq->desc[slot * vq->per_slot];
}

/* Memory-mapped register access; virtio registers are little-endian. */
static inline u8 mmio_read8(volatile u8 *p, u32 off)
{
	return *(volatile u8 *)(p + off);
}

static inline u16 mmio_read16(volatile u8 *p, u32 off)
{
	return *(volatile u16 *)(p + off);
}

static inline u32 mmio_read32(volatile u8 *p, u32 off)
{
	return *(volatile u32 *)(p + off);
}

static inline void mmio_write8(volatile u8 *p, u32 off, u8 v)
{
	*(volatile u8 *)(p + off) = v;
}

static inline void mmio_write16(volatile u8 *p, u32 off, u16 v)
{
	*(volatile u16 *)(p + off) = v;
}

static inline void mmio_write32(volatile u8 *p, u32 off, u32 v)
{
	*(volatile u32 *)(p + off) = v;
}

#endif
