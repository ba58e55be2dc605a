// SPDX-License-Identifier: MIT
/*
 * Timed sleeps.  The timer is armed on the sleeper's CPU and its callback
 * runs there in interrupt context, so the on-stack timer and context
 * cannot be torn down while the callback still uses them.
 */
#include <umka/sched.h>
#include <umka/timer.h>
#include <umka/time.h>

struct sleeper {
	struct task *task;
	bool fired;
};

static void sleeper_timeout(void *data)
{
	struct sleeper *s = data;

	WRITE_ONCE(s->fired, true);
	wake_up_process(s->task);
}

/*
 * Sleep in the state the caller already set until woken or until @ns
 * have passed.  Returns the nanoseconds left (0 if the time ran out).
 */
u64 schedule_timeout(u64 ns)
{
	struct sleeper s = { current, false };
	u64 deadline = ktime_get_ns() + ns, now;
	struct timer t;

	timer_setup(&t, sleeper_timeout, &s);
	timer_arm(&t, deadline);
	schedule();
	timer_cancel(&t);
	now = ktime_get_ns();
	return READ_ONCE(s.fired) || now >= deadline ? 0 : deadline - now;
}

void sleep_ns(u64 ns)
{
	u64 deadline = ktime_get_ns() + ns, now;

	/* Spurious wake-ups just send us round again. */
	while ((now = ktime_get_ns()) < deadline) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_timeout(deadline - now);
	}
	set_current_state(TASK_RUNNING);
}

void msleep(unsigned int ms)
{
	sleep_ns((u64)ms * NSEC_PER_MSEC);
}
