/* SPDX-License-Identifier: MIT */
/*
 * Preemption control.  The count lives in the per-CPU block; the
 * scheduler only switches away from a task when it is zero.
 */
#ifndef UMKA_PREEMPT_H
#define UMKA_PREEMPT_H

#include <umka/compiler.h>
#include <umka/percpu.h>

void preempt_schedule(void);

static inline void preempt_disable(void)
{
	cpu_local()->preempt_count++;
	barrier();
}

static inline void preempt_enable_no_resched(void)
{
	barrier();
	cpu_local()->preempt_count--;
}

static inline void preempt_enable(void)
{
	struct cpu_local *c;

	barrier();
	c = cpu_local();
	if (--c->preempt_count == 0 && unlikely(c->need_resched))
		preempt_schedule();
}

static inline int preempt_count(void)
{
	return cpu_local()->preempt_count;
}

static inline bool in_interrupt(void)
{
	struct cpu_local *c = cpu_local();

	return c->hardirq_count || c->softirq_count;
}

/* Sleeping is forbidden: preemption off, in an IRQ, or IRQs disabled. */
bool in_atomic_context(void);

#endif
