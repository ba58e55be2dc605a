// SPDX-License-Identifier: MIT
/*
 * Interrupts for drivers: irq_alloc() grants vectors (MSI-X, or the
 * device's one INTx line), irq_register() attaches a handler to one of
 * them.  The kernel owns the vectors; the driver only ever names them
 * by index.
 */
#include <umka/errno.h>
#include <umka/irq.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/rcu.h>
#include <umka/slab.h>
#include "internal.h"

struct kabi_irq {
	struct kabi_instance *in;
	u32 index;
	kabi_irq_fn fn;
	void *arg;
	bool masked;
	u64 unhandled;
};

/* What a vector's handler gets: the instance and the index. */
struct kabi_vec {
	struct kabi_instance *in;
	u32 index;
};

static void vector_handler(unsigned vector, void *data)
{
	struct kabi_vec *v = data;
	struct kabi_irq *irq;

	if (!v)
		return;
	irq = __atomic_load_n(&v->in->irqs[v->index], __ATOMIC_ACQUIRE);
	if (!irq || irq->masked)
		return;
	if (irq->fn(irq->arg, v->index) == KABI_IRQ_NONE)
		irq->unhandled++;
}

static struct kabi_vec *vec_data[256];

static int grant_vectors(struct kabi_instance *in, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		struct kabi_vec *v = kmalloc(sizeof(*v));
		int vec;

		if (!v)
			return -ENOMEM;
		v->in = in;
		v->index = i;
		vec = irq_alloc_vector(vector_handler, v, in->drv->name);
		if (vec < 0) {
			kfree(v);
			return -ENOSPC;
		}
		vec_data[vec] = v;
		in->vectors[i] = (u8)vec;
		in->nr_irqs = i + 1;
	}
	return 0;
}

static void drop_vectors(struct kabi_instance *in)
{
	for (u32 i = 0; i < in->nr_irqs; i++)
		irq_free_vector(in->vectors[i]);
	/* Handlers run with preemption off: after this none is running. */
	synchronize_rcu();
	for (u32 i = 0; i < in->nr_irqs; i++) {
		kfree(vec_data[in->vectors[i]]);
		vec_data[in->vectors[i]] = NULL;
	}
	in->nr_irqs = 0;
}

static int alloc_msix(struct kabi_instance *in, u32 min, u32 max)
{
	struct pci_dev *p = in->dev->pci;
	u32 n = max;
	int ret;

	if (!p || !p->msix_cap || p->msix_table_size < min)
		return -ENODEV;
	if (n > p->msix_table_size)
		n = p->msix_table_size;
	if (n > KABI_MAX_IRQS)
		n = KABI_MAX_IRQS;
	ret = grant_vectors(in, n);
	if (!ret)
		ret = pci_msix_enable(p, in->vectors, n);
	if (ret) {
		drop_vectors(in);
		return ret;
	}
	in->irq_type = KABI_IRQ_MSIX;
	return (int)n;
}

static int alloc_intx(struct kabi_instance *in)
{
	struct device *dev = in->dev;
	struct kabi_vec *v;
	int ret;

	if (dev->pci) {
		if (!dev->pci->irq_pin || dev->pci->irq_line == PCI_IRQ_NONE)
			return -ENODEV;
		ret = grant_vectors(in, 1);
		if (!ret)
			ret = pci_intx_route(dev->pci, in->vectors[0]);
		if (ret) {
			drop_vectors(in);
			return ret;
		}
	} else {
		if (!dev->isa_irq)
			return -ENODEV;
		v = kmalloc(sizeof(*v));
		if (!v)
			return -ENOMEM;
		v->in = in;
		v->index = 0;
		if (irq_enable_isa(dev->isa_irq, vector_handler, v, in->drv->name)) {
			kfree(v);
			return -EBUSY;
		}
		in->vectors[0] = (u8)IRQ_VECTOR_ISA(dev->isa_irq);
		vec_data[in->vectors[0]] = v;
		in->nr_irqs = 1;
	}
	in->irq_type = KABI_IRQ_INTX;
	return 1;
}

s32 ks_irq_alloc(void *ctx, u32 min, u32 max, u32 types, u32 *type)
{
	struct kabi_instance *in = ctx;
	int ret = -ENODEV;

	if (!min || min > max || !(types & (KABI_IRQ_MSIX | KABI_IRQ_INTX)))
		return -EINVAL;
	if (in->irq_type)
		return -EBUSY;
	if (types & KABI_IRQ_MSIX)
		ret = alloc_msix(in, min, max);
	if (ret < 0 && (types & KABI_IRQ_INTX) && min == 1)
		ret = alloc_intx(in);
	if (ret > 0)
		*type = in->irq_type;
	return ret;
}

void ks_irq_free(void *ctx)
{
	struct kabi_instance *in = ctx;

	if (!in->irq_type)
		return;
	if (in->irq_type == KABI_IRQ_MSIX)
		pci_msix_disable(in->dev->pci);
	else if (in->dev->pci) {
		pci_cfg_write(in->dev->pci, PCI_COMMAND, 2,
			      pci_cfg_read(in->dev->pci, PCI_COMMAND, 2) |
				      PCI_COMMAND_INTX_DISABLE);
		pci_intx_release(in->dev->pci);
	}
	drop_vectors(in);
	in->irq_type = 0;
}

s32 ks_irq_register(void *ctx, u32 index, kabi_irq_fn fn, void *arg,
		    kabi_handle *out)
{
	struct kabi_instance *in = ctx;
	struct kabi_irq *irq;

	if (!fn || index >= in->nr_irqs)
		return -EINVAL;
	if (in->irqs[index])
		return -EBUSY;
	irq = kzalloc(sizeof(*irq));
	if (!irq)
		return -ENOMEM;
	irq->in = in;
	irq->index = index;
	irq->fn = fn;
	irq->arg = arg;
	*out = kcap_add(in, KCAP_IRQ, irq);
	if (!*out) {
		kfree(irq);
		return -ENOSPC;
	}
	__atomic_store_n(&in->irqs[index], irq, __ATOMIC_RELEASE);
	if (in->irq_type == KABI_IRQ_INTX && in->dev->pci)
		pci_cfg_write(in->dev->pci, PCI_COMMAND, 2,
			      pci_cfg_read(in->dev->pci, PCI_COMMAND, 2) &
				      ~PCI_COMMAND_INTX_DISABLE);
	return 0;
}

void kabi_irq_release(struct kabi_instance *in, struct kabi_irq *irq)
{
	__atomic_store_n(&in->irqs[irq->index], NULL, __ATOMIC_RELEASE);
	/* A handler may be running on another CPU: let it finish. */
	synchronize_rcu();
	kfree(irq);
}

void ks_irq_unregister(void *ctx, kabi_handle h)
{
	struct kabi_instance *in = ctx;
	struct kabi_irq *irq = kcap_take(in, h, KCAP_IRQ);

	if (irq)
		kabi_irq_release(in, irq);
}

s32 ks_irq_mask(void *ctx, kabi_handle h, u32 masked)
{
	struct kabi_instance *in = ctx;
	struct kabi_irq *irq = kcap_get(in, h, KCAP_IRQ);

	if (!irq)
		return -EBADF;
	irq->masked = masked != 0;
	if (in->irq_type == KABI_IRQ_MSIX)
		pci_msix_mask(in->dev->pci, irq->index, irq->masked);
	return 0;
}
