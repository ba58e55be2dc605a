// SPDX-License-Identifier: MIT
/*
 * Sleeping for a while: a one-shot timer on this CPU wakes the task.
 * The timer lives on our stack; it cannot fire after we return because
 * it fires on this CPU, in an interrupt, and we cancel it first.
 */
#include <umka/sched.h>
#include <umka/time.h>
#include <umka/timer.h>

static void sleep_timeout(void *task)
{
	wake_up_process(task);
}

void sleep_ns(u64 ns)
{
	u64 end = ktime_get_ns() + ns;
	struct timer t;

	timer_setup(&t, sleep_timeout, current);
	while (ktime_get_ns() < end) {
		/* State before arming: an early expiry then just undoes it. */
		set_current_state(TASK_UNINTERRUPTIBLE);
		timer_arm(&t, end);
		schedule();
		timer_cancel(&t);
	}
	set_current_state(TASK_RUNNING);
}

void msleep(unsigned int ms)
{
	sleep_ns((u64)ms * NSEC_PER_MSEC);
}
