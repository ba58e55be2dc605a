/* SPDX-License-Identifier: MIT */
/*
 * Inside kernel/kabi/: driver instances and their capabilities.
 *
 * A driver instance (one driver bound to one device) holds capabilities
 * in a small table.  The handle a driver sees packs the instance's tag,
 * the slot's generation and the slot index, so a handle from another
 * instance, a freed handle and a made-up number are all refused in O(1),
 * and revoking everything at unbind is one pass over the table.
 */
#ifndef KERNEL_KABI_INTERNAL_H
#define KERNEL_KABI_INTERNAL_H

#include <umka/device.h>
#include <umka/kabi.h>
#include <umka/list.h>
#include <umka/mutex.h>
#include <umka/spinlock.h>
#include <kabi/driver.h>
#include <kabi/kernel_services.h>

#define KABI_MAX_CAPS 128
#define KABI_MAX_IRQS 32
#define KABI_DMA_LIMIT (16u << 20)	/* each instance's DMA pool */
#define KABI_MEM_LIMIT (16u << 20)	/* and its kernel heap */

enum kcap_type {
	KCAP_FREE,
	KCAP_REGION,
	KCAP_DMA,
	KCAP_IRQ,
	KCAP_TIMER,
	KCAP_WORK,
	KCAP_RING,
	KCAP_DEVICE,
};

struct kcap {
	u16 gen;
	u8 type;		/* enum kcap_type */
	void *obj;
};

struct kabi_irq;

struct kabi_instance {
	struct device *dev;
	struct kdriver *drv;
	void *drv_ctx;			/* what probe() returned */
	u16 tag;
	struct spinlock lock;		/* the capability table */
	struct kcap caps[KABI_MAX_CAPS];
	struct list_head allocs;	/* alloc() memory, for cleanup */
	u64 mem_bytes, dma_bytes;
	/* Interrupts granted by irq_alloc(). */
	u32 irq_type;			/* KABI_IRQ_*, 0 when none */
	unsigned int nr_irqs;
	u8 vectors[KABI_MAX_IRQS];
	struct kabi_irq *irqs[KABI_MAX_IRQS];
};

/* caps.c */
u64 kcap_add(struct kabi_instance *in, enum kcap_type type, void *obj);
void *kcap_get(struct kabi_instance *in, u64 handle, enum kcap_type type);
/* Removes the capability and returns its object, or NULL. */
void *kcap_take(struct kabi_instance *in, u64 handle, enum kcap_type type);
/* Revokes every capability of one type, calling release() on each. */
void kcap_revoke_type(struct kabi_instance *in, enum kcap_type want,
		      void (*release)(struct kabi_instance *in,
				      enum kcap_type type, void *obj));

/* signature.c */
int kabi_check_signature(const void *file, size_t len, size_t *payload,
			 const char **why);

/* services.c */
extern const struct kabi_kernel_services kabi_services;
void kabi_instance_release(struct kabi_instance *in);
void kabi_log_instance(struct kabi_instance *in, int level, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));

/* irq.c */
s32 ks_irq_alloc(void *ctx, u32 min, u32 max, u32 types, u32 *type);
void ks_irq_free(void *ctx);
s32 ks_irq_register(void *ctx, u32 index, kabi_irq_fn fn, void *arg,
		    kabi_handle *out);
void ks_irq_unregister(void *ctx, kabi_handle h);
s32 ks_irq_mask(void *ctx, kabi_handle h, u32 masked);
void kabi_irq_release(struct kabi_instance *in, struct kabi_irq *irq);

/* time_work.c */
u64 ks_clock_ns(void *ctx);
void ks_udelay(void *ctx, u32 usecs);
s32 ks_timer_create(void *ctx, kabi_timer_fn fn, void *arg, kabi_handle *out);
s32 ks_timer_arm(void *ctx, kabi_handle h, u64 delay, u64 period);
s32 ks_timer_cancel(void *ctx, kabi_handle h);
void ks_timer_destroy(void *ctx, kabi_handle h);
s32 ks_work_create(void *ctx, kabi_work_fn fn, void *arg, kabi_handle *out);
s32 ks_work_queue(void *ctx, kabi_handle h, u64 delay);
s32 ks_work_cancel(void *ctx, kabi_handle h, u32 wait);
void ks_work_destroy(void *ctx, kabi_handle h);
void kabi_timer_release(void *obj);
void kabi_work_release(void *obj);
void kabi_work_init(void);

/* dma_ring.c */
s32 ks_dma_alloc(void *ctx, u64 size, u32 flags, struct kabi_dma_buf *out);
void ks_dma_free(void *ctx, kabi_handle h);
s32 ks_ring_create(void *ctx, const struct kabi_ring_params *p,
		   kabi_ring_fn notify, void *arg, struct kabi_ring *out);
void ks_ring_destroy(void *ctx, kabi_handle h);
void ks_ring_notify(void *ctx, kabi_handle h);
void kabi_dma_release(struct kabi_instance *in, void *obj);
void kabi_ring_release(struct kabi_instance *in, void *obj);

/* classes.c */
s32 ks_register_device(void *ctx, u32 class_id, void *dev_ctx,
		       const void *ops, struct kabi_device_reg *out);
void ks_unregister_device(void *ctx, kabi_handle h);
void kabi_class_release(struct kabi_instance *in, void *obj);

/* loader.c */
extern struct mutex kabi_drivers_lock;
extern struct list_head kabi_drivers;

#endif
