// SPDX-License-Identifier: MIT
#include <umka/preempt.h>
#include <umka/irq.h>
#include <umka/sched.h>
#include <umka/irqflags.h>

/* Called from preempt_enable() when a reschedule is pending. */
void preempt_schedule(void)
{
	/*
	 * Inside an interrupt handler the switch waits for the IRQ exit path
	 * (switching here would postpone the EOI, and the next task would
	 * inherit the hardirq count); with interrupts off the caller is a
	 * critical section of its own.
	 */
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
