/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU timers and the scheduler tick.
 *
 * A timer fires once, on the CPU that armed it, at or after a monotonic
 * deadline (ktime_get_ns()); its callback runs in hardirq context with
 * interrupts off, so it must not sleep.  Re-arming from the callback is
 * fine.  Arming or cancelling one timer from two CPUs at once is not
 * supported: callers serialise that themselves.
 *
 *	static struct timer t;
 *	timer_setup(&t, fn, data);
 *	timer_arm(&t, ktime_get_ns() + 10 * NSEC_PER_MSEC);
 *
 * The tick runs at HZ on every CPU that started it and calls
 * sched_tick(); the hardware is driven one-shot, at whichever comes
 * first, the next tick or the earliest timer.
 */
#ifndef UMKA_TIMER_H
#define UMKA_TIMER_H

#include <umka/types.h>
#include <umka/list.h>

#define HZ 250
#define TICK_NSEC (1000000000ULL / HZ)

struct timer_base;
typedef void (*timer_fn_t)(void *data);

struct timer {
	struct list_head node;
	u64 expires;			/* monotonic ns */
	timer_fn_t fn;
	void *data;
	struct timer_base *base;	/* queued here; NULL when idle */
	bool running;			/* its function runs right now */
};

void timer_setup(struct timer *t, timer_fn_t fn, void *data);
/* (Re)arm @t on this CPU; an already pending @t is moved. */
void timer_arm(struct timer *t, u64 expires_ns);
/* True if @t was pending (it will not fire now). */
bool timer_cancel(struct timer *t);
/*
 * Cancel, and wait until its function is not running on any CPU: after
 * this the timer (and what it points at) may be freed.  Not from the
 * timer's own function.
 */
void timer_cancel_sync(struct timer *t);
bool timer_pending(const struct timer *t);

/* Ticks since the boot CPU started its tick, advanced by the boot CPU. */
extern u64 jiffies;
u64 get_jiffies(void);

/* ---- For the architecture ---- */

/* This CPU's one-shot interrupt: programs the calling CPU only. */
struct clockevent {
	const char *name;
	void (*set_next_event)(u64 deadline_ns);
};

void clockevent_register(const struct clockevent *ce);
/* Start the tick on the calling CPU (after its clockevent works). */
void timer_start_cpu(void);
/* Called by the arch from the timer interrupt, in hardirq context. */
void timer_interrupt(void);

#endif
