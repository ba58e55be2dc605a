// SPDX-License-Identifier: MIT
#include <umka/preempt.h>
#include <umka/irq.h>
#include <umka/sched.h>
#include <umka/irqflags.h>

/*
 * Called from preempt_enable() when a reschedule is pending.  Never from
 * an interrupt handler (the next task would inherit its hardirq count)
 * or with interrupts off: the interrupt exit path or the next tick picks
 * the reschedule up instead.
 */
void preempt_schedule(void)
{
	if (!sched_running() || in_interrupt() || irqs_disabled())
		return;
	schedule_preempt();
}

/* Called on the way out of an interrupt that interrupted preemptible code. */
void preempt_schedule_irq(void)
{
	if (!sched_running())
		return;
	schedule_from_irq();
}

bool in_atomic_context(void)
{
	return preempt_count() || in_interrupt() || irqs_disabled();
}
