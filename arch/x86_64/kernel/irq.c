// SPDX-License-Identifier: MIT
/*
 * Interrupt vectors 32..255: a table of handlers, hardirq accounting, EOI
 * and preemption on the way out.
 */
#include <umka/irq.h>
#include <umka/printk.h>
#include <umka/percpu.h>
#include <umka/preempt.h>
#include <umka/spinlock.h>
#include <asm/traps.h>
#include <asm/apic.h>

struct irq_slot {
	irq_handler_t fn;
	void *data;
	const char *name;
	u64 count;
};

static struct irq_slot irq_slots[256];
static DEFINE_SPINLOCK(irq_table_lock, LOCK_LEVEL_IRQ_CHIP);

int irq_register_vector(unsigned vector, irq_handler_t fn, void *data,
			const char *name)
{
	unsigned long flags;
	int ret = 0;

	if (vector < IRQ_VECTOR_FIRST || vector > 255)
		return -1;
	flags = spin_lock_irqsave(&irq_table_lock);
	if (irq_slots[vector].fn) {
		ret = -1;
	} else {
		irq_slots[vector].data = data;
		irq_slots[vector].name = name;
		__atomic_store_n(&irq_slots[vector].fn, fn, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&irq_table_lock, flags);
	return ret;
}

/* Finds a free vector for a device interrupt; -1 if none. */
int irq_alloc_vector(irq_handler_t fn, void *data, const char *name)
{
	for (unsigned v = IRQ_VECTOR_DEVICE_FIRST; v <= IRQ_VECTOR_DEVICE_LAST;
	     v++)
		if (!irq_slots[v].fn && !irq_register_vector(v, fn, data, name))
			return (int)v;
	return -1;
}

/*
 * Gives a device vector back.  The caller has silenced its source
 * first; a handler already running on another CPU finishes with the old
 * data, so the data must outlive it (tests pass static data).
 */
void irq_free_vector(unsigned vector)
{
	unsigned long flags;

	if (vector < IRQ_VECTOR_FIRST || vector > IRQ_VECTOR_DEVICE_LAST)
		return;
	flags = spin_lock_irqsave(&irq_table_lock);
	__atomic_store_n(&irq_slots[vector].fn, NULL, __ATOMIC_RELEASE);
	irq_slots[vector].data = NULL;
	irq_slots[vector].name = NULL;
	spin_unlock_irqrestore(&irq_table_lock, flags);
}

u64 irq_vector_count(unsigned vector)
{
	return vector < 256 ? irq_slots[vector].count : 0;
}

void irq_entry(struct pt_regs *r)
{
	struct irq_slot *s = &irq_slots[r->vector & 0xff];
	irq_handler_t fn = __atomic_load_n(&s->fn, __ATOMIC_ACQUIRE);
	struct cpu_local *c = cpu_local();

	c->hardirq_count++;
	c->irq_user = user_mode(r);
	s->count++;
	if (fn)
		fn(r->vector, s->data);
	else if (r->vector != IRQ_VECTOR_SPURIOUS)
		pr_warn("irq: unexpected vector %lu\n", r->vector);
	if (r->vector != IRQ_VECTOR_SPURIOUS)
		apic_eoi();
	c->hardirq_count--;
	/* Preempt only code that could have been preempted anyway. */
	if (c->need_resched && !c->preempt_count && !c->hardirq_count &&
	    (r->rflags & (1UL << 9)))
		preempt_schedule_irq();
}
