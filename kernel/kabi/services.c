// SPDX-License-Identifier: MIT
/*
 * KernelServices: the vtable every driver instance gets, and the
 * simplest of its methods (logging, memory, the device and its regions).
 * ctx is always the driver's struct kabi_instance; a driver reaches only
 * what this instance was granted.
 */
#include <umka/errno.h>
#include <umka/kprintf.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/vmalloc.h>
#include <asm/io.h>
#include "internal.h"

struct kabi_alloc {
	struct list_head node;
	u64 size;
	u64 pad;		/* keeps the payload 16-byte aligned */
};

struct kabi_region_cap {
	u32 index, kind;
	u64 base;		/* bus address or first port */
	u64 size;
	void *map;		/* MMIO mapping */
};

static struct kabi_instance *inst(void *ctx)
{
	return ctx;
}

void kabi_log_instance(struct kabi_instance *in, int level, const char *fmt,
		       ...)
{
	/* printk takes the level from its format: patch the digit in. */
	char line_fmt[] = KERN_INFO "%s %s: %s\n";
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	line_fmt[1] = (char)('0' + level);
	printk(line_fmt, in->drv->name, in->dev->name, buf);
}

/* Driver text is printed, never interpreted: no control characters. */
static void ks_log(void *ctx, u32 level, const char *msg, u64 len)
{
	char buf[200];
	u64 n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;

	for (u64 i = 0; i < n; i++)
		buf[i] = (msg[i] >= 0x20 && msg[i] < 0x7f) ? msg[i] : '?';
	buf[n] = '\0';
	if (level > KABI_LOG_DEBUG)
		level = KABI_LOG_DEBUG;
	if (level < KABI_LOG_ERR)
		level = KABI_LOG_ERR;
	kabi_log_instance(inst(ctx), (int)level, "%s", buf);
}

static void *ks_alloc(void *ctx, u64 size, u32 flags)
{
	struct kabi_instance *in = inst(ctx);
	struct kabi_alloc *a;
	unsigned long irq;

	if (!size || size > KABI_MEM_LIMIT ||
	    in->mem_bytes + size > KABI_MEM_LIMIT)
		return NULL;
	a = kmalloc(sizeof(*a) + size);
	if (!a)
		return NULL;
	if (flags & KABI_MEM_ZERO)
		memset(a + 1, 0, size);
	a->size = size;
	irq = spin_lock_irqsave(&in->lock);
	list_add(&a->node, &in->allocs);
	in->mem_bytes += size;
	spin_unlock_irqrestore(&in->lock, irq);
	return a + 1;
}

static void ks_free(void *ctx, void *ptr)
{
	struct kabi_instance *in = inst(ctx);
	struct kabi_alloc *a, *found = NULL;
	unsigned long irq;

	if (!ptr)
		return;
	/* Only memory this instance allocated: never trust the pointer. */
	irq = spin_lock_irqsave(&in->lock);
	list_for_each_entry(a, &in->allocs, node)
		if (a + 1 == ptr)
			found = a;
	if (found) {
		list_del(&found->node);
		in->mem_bytes -= found->size;
	}
	spin_unlock_irqrestore(&in->lock, irq);
	if (found)
		kfree(found);
	else
		kabi_log_instance(in, 3, "free() of memory it does not own");
}

static s32 ks_device_info(void *ctx, struct kabi_device_info *out)
{
	struct device *dev = inst(ctx)->dev;
	struct pci_dev *p = dev->pci;

	memset(out, 0, sizeof(*out));
	out->bus = dev->bus;
	if (p) {
		out->vendor = p->vendor;
		out->device = p->device;
		out->subsystem_vendor = p->subsys_vendor;
		out->subsystem_device = p->subsys_device;
		out->class_code = p->class_code;
		out->revision = p->revision;
		out->nr_regions = PCI_MAX_BARS;
		out->max_irqs = p->msix_cap ? p->msix_table_size :
				p->irq_pin && p->irq_line != PCI_IRQ_NONE;
		if (out->max_irqs > KABI_MAX_IRQS)
			out->max_irqs = KABI_MAX_IRQS;
		out->location = (u64)p->segment << 16 | p->bus << 8 | p->devfn;
	} else {
		out->nr_regions = dev->port_len ? 1 : 0;
		out->max_irqs = dev->isa_irq ? 1 : 0;
	}
	return 0;
}

/* What region index names for this device: 0 or -errno. */
static int region_of(struct device *dev, u32 index,
		     struct kabi_region_cap *r)
{
	memset(r, 0, sizeof(*r));
	r->index = index;
	if (dev->pci) {
		const struct pci_bar *b;

		if (index >= PCI_MAX_BARS)
			return -EINVAL;
		b = &dev->pci->bar[index];
		if (!b->size)
			return -ENODEV;
		r->kind = b->is_io ? KABI_REGION_PORT : KABI_REGION_MMIO;
		r->base = b->base;
		r->size = b->size;
		return 0;
	}
	if (index >= 1 || !dev->port_len)
		return -EINVAL;
	r->kind = KABI_REGION_PORT;
	r->base = dev->port_base;
	r->size = dev->port_len;
	return 0;
}

static s32 ks_region_map(void *ctx, u32 index, struct kabi_region *out)
{
	struct kabi_instance *in = inst(ctx);
	struct kabi_region_cap *r = kmalloc(sizeof(*r));
	int ret;

	if (!r)
		return -ENOMEM;
	ret = region_of(in->dev, index, r);
	if (!ret && r->kind == KABI_REGION_MMIO) {
		r->map = ioremap(r->base, r->size);
		if (!r->map)
			ret = -ENOMEM;
	}
	if (!ret) {
		out->handle = kcap_add(in, KCAP_REGION, r);
		if (!out->handle)
			ret = -ENOSPC;
	}
	if (ret) {
		if (r->map)
			iounmap(r->map);
		kfree(r);
		return ret;
	}
	out->base = r->map;
	out->size = r->size;
	out->kind = r->kind;
	out->reserved = 0;
	return 0;
}

static void region_release(struct kabi_region_cap *r)
{
	if (r->map)
		iounmap(r->map);
	kfree(r);
}

static void ks_region_unmap(void *ctx, kabi_handle h)
{
	struct kabi_region_cap *r = kcap_take(inst(ctx), h, KCAP_REGION);

	if (r)
		region_release(r);
}

/* A port access inside a port region this instance holds. */
static struct kabi_region_cap *port_region(void *ctx, kabi_handle h,
					   u32 off, u32 width)
{
	struct kabi_region_cap *r = kcap_get(inst(ctx), h, KCAP_REGION);

	if (!r || r->kind != KABI_REGION_PORT)
		return NULL;
	if ((width != 1 && width != 2 && width != 4) || off % width ||
	    off + width > r->size)
		return NULL;
	return r;
}

static s32 ks_port_read(void *ctx, kabi_handle h, u32 off, u32 width,
			u32 *value)
{
	struct kabi_region_cap *r = port_region(ctx, h, off, width);
	u16 port;

	if (!r)
		return kcap_get(inst(ctx), h, KCAP_REGION) ? -EINVAL : -EBADF;
	port = (u16)(r->base + off);
	*value = width == 1 ? inb(port) : width == 2 ? inw(port) : inl(port);
	return 0;
}

static s32 ks_port_write(void *ctx, kabi_handle h, u32 off, u32 width,
			 u32 value)
{
	struct kabi_region_cap *r = port_region(ctx, h, off, width);
	u16 port;

	if (!r)
		return kcap_get(inst(ctx), h, KCAP_REGION) ? -EINVAL : -EBADF;
	port = (u16)(r->base + off);
	if (width == 1)
		outb(port, (u8)value);
	else if (width == 2)
		outw(port, (u16)value);
	else
		outl(port, value);
	return 0;
}

static int config_check(struct device *dev, u32 off, u32 width)
{
	if (!dev->pci)
		return -ENODEV;
	if ((width != 1 && width != 2 && width != 4) || off % width ||
	    off + width > (pci_uses_ecam() ? 4096u : 256u))
		return -EINVAL;
	return 0;
}

static s32 ks_config_read(void *ctx, u32 off, u32 width, u32 *value)
{
	struct device *dev = inst(ctx)->dev;
	int ret = config_check(dev, off, width);

	if (!ret)
		*value = pci_cfg_read(dev->pci, off, width);
	return ret;
}

/* Registers that would move the device or its interrupts out from under
 * the capabilities granted: BARs, the ROM BAR, and MSI/MSI-X state. */
static bool config_protected(struct pci_dev *p, u32 off, u32 width)
{
	unsigned int cap;

	if (off < 0x28 + 4 && off + width > PCI_BAR0)
		return true;
	if (off < 0x34 && off + width > 0x30)
		return true;
	for (cap = pci_find_cap(p, PCI_CAP_ID_MSIX, 0); cap;
	     cap = pci_find_cap(p, PCI_CAP_ID_MSIX, cap + 1))
		if (off < cap + 12 && off + width > cap)
			return true;
	cap = pci_find_cap(p, PCI_CAP_ID_MSI, 0);
	return cap && off < cap + 24 && off + width > cap;
}

static s32 ks_config_write(void *ctx, u32 off, u32 width, u32 value)
{
	struct device *dev = inst(ctx)->dev;
	int ret = config_check(dev, off, width);

	if (ret)
		return ret;
	if (config_protected(dev->pci, off, width))
		return -EPERM;
	pci_cfg_write(dev->pci, off, width, value);
	return 0;
}

static s32 ks_set_bus_master(void *ctx, u32 enable)
{
	struct device *dev = inst(ctx)->dev;

	if (!dev->pci)
		return -ENODEV;
	pci_set_master(dev->pci, enable != 0);
	return 0;
}

static void release_one(struct kabi_instance *in, enum kcap_type type,
			void *obj)
{
	switch (type) {
	case KCAP_REGION:
		region_release(obj);
		break;
	case KCAP_DMA:
		kabi_dma_release(in, obj);
		break;
	case KCAP_IRQ:
		kabi_irq_release(in, obj);
		break;
	case KCAP_TIMER:
		kabi_timer_release(obj);
		break;
	case KCAP_WORK:
		kabi_work_release(obj);
		break;
	case KCAP_RING:
		kabi_ring_release(in, obj);
		break;
	case KCAP_DEVICE:
		kabi_class_release(in, obj);
		break;
	case KCAP_FREE:
		break;
	}
}

/*
 * Takes back everything the instance holds, in an order where nothing
 * freed can still be reached: Core stops sending requests, interrupts,
 * timers and work stop running driver code, the device stops DMA, and
 * only then does the memory go.
 */
void kabi_instance_release(struct kabi_instance *in)
{
	struct kabi_alloc *a, *n;

	kcap_revoke_type(in, KCAP_DEVICE, release_one);
	kcap_revoke_type(in, KCAP_IRQ, release_one);
	ks_irq_free(in);
	kcap_revoke_type(in, KCAP_TIMER, release_one);
	kcap_revoke_type(in, KCAP_WORK, release_one);
	if (in->dev->pci)
		pci_set_master(in->dev->pci, false);
	kcap_revoke_type(in, KCAP_RING, release_one);
	kcap_revoke_type(in, KCAP_DMA, release_one);
	kcap_revoke_type(in, KCAP_REGION, release_one);
	list_for_each_entry_safe(a, n, &in->allocs, node) {
		list_del(&a->node);
		kfree(a);
	}
	in->mem_bytes = 0;
}

const struct kabi_kernel_services kabi_services = {
	KABI_KERNEL_SERVICES_INIT,
	.log = ks_log,
	.alloc = ks_alloc,
	.free = ks_free,
	.dma_alloc = ks_dma_alloc,
	.dma_free = ks_dma_free,
	.device_info = ks_device_info,
	.region_map = ks_region_map,
	.region_unmap = ks_region_unmap,
	.port_read = ks_port_read,
	.port_write = ks_port_write,
	.config_read = ks_config_read,
	.config_write = ks_config_write,
	.set_bus_master = ks_set_bus_master,
	.irq_alloc = ks_irq_alloc,
	.irq_free = ks_irq_free,
	.irq_register = ks_irq_register,
	.irq_unregister = ks_irq_unregister,
	.irq_mask = ks_irq_mask,
	.clock_ns = ks_clock_ns,
	.udelay = ks_udelay,
	.timer_create = ks_timer_create,
	.timer_arm = ks_timer_arm,
	.timer_cancel = ks_timer_cancel,
	.timer_destroy = ks_timer_destroy,
	.work_create = ks_work_create,
	.work_queue = ks_work_queue,
	.work_cancel = ks_work_cancel,
	.work_destroy = ks_work_destroy,
	.ring_create = ks_ring_create,
	.ring_destroy = ks_ring_destroy,
	.ring_notify = ks_ring_notify,
	.register_device = ks_register_device,
	.unregister_device = ks_unregister_device,
};
