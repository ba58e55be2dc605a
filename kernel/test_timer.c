// SPDX-License-Identifier: MIT
/* Self-tests for the monotonic clock, the tick and per-CPU timers. */
#include <umka/ktest.h>
#include <umka/irqflags.h>
#include <umka/processor.h>
#include <umka/time.h>
#include <umka/timer.h>

struct fired {
	int order[4];
	u64 at[4];
	int n;
};

static struct fired fired;

struct probe {
	struct timer t;
	int id;
};

static void record(void *data)
{
	struct probe *p = data;

	if (fired.n < 4) {
		fired.order[fired.n] = p->id;
		fired.at[fired.n] = ktime_get_ns();
		fired.n++;
	}
}

/* Waits with interrupts on, so the tick and timers can run. */
static void wait_ns(u64 ns)
{
	u64 end = ktime_get_ns() + ns;

	while (ktime_get_ns() < end)
		cpu_relax();
}

static void wait_fired(int n, u64 timeout_ns)
{
	u64 end = ktime_get_ns() + timeout_ns;

	while (READ_ONCE(fired.n) < n && ktime_get_ns() < end)
		cpu_relax();
}

KTEST(clock_monotonic)
{
	u64 prev = ktime_get_ns(), now;

	KT_ASSERT(prev > 0);
	KT_ASSERT(!irqs_disabled());
	for (int i = 0; i < 20000; i++) {
		now = ktime_get_ns();
		KT_ASSERT(now >= prev);
		prev = now;
	}
	KT_ASSERT(ktime_get_real_ns() > ktime_get_ns());
}

KTEST(timer_fires_in_order_not_early)
{
	static struct probe p[3];
	u64 now = ktime_get_ns();
	/* Armed out of order; deadlines 3, 1, 2 ms ahead. */
	const u64 delay[3] = { 3 * NSEC_PER_MSEC, 1 * NSEC_PER_MSEC,
			       2 * NSEC_PER_MSEC };

	fired.n = 0;
	for (int i = 0; i < 3; i++) {
		p[i].id = i;
		timer_setup(&p[i].t, record, &p[i]);
		timer_arm(&p[i].t, now + delay[i]);
		/* Unless a loaded host stalled us past its deadline. */
		KT_ASSERT(timer_pending(&p[i].t) ||
			  ktime_get_ns() >= now + delay[i]);
	}
	wait_fired(3, 2 * NSEC_PER_SEC);
	KT_ASSERT_EQ(fired.n, 3);
	KT_ASSERT_EQ(fired.order[0], 1);
	KT_ASSERT_EQ(fired.order[1], 2);
	KT_ASSERT_EQ(fired.order[2], 0);
	for (int i = 0; i < 3; i++) {
		KT_ASSERT(fired.at[i] >= now + delay[fired.order[i]]);
		KT_ASSERT(!timer_pending(&p[i].t));
	}
}

KTEST(timer_cancel)
{
	static struct probe p;

	fired.n = 0;
	p.id = 7;
	timer_setup(&p.t, record, &p);
	timer_arm(&p.t, ktime_get_ns() + 2 * NSEC_PER_MSEC);
	KT_ASSERT(timer_cancel(&p.t));
	KT_ASSERT(!timer_pending(&p.t));
	wait_ns(20 * NSEC_PER_MSEC);
	KT_ASSERT_EQ(fired.n, 0);
	KT_ASSERT(!timer_cancel(&p.t));
}

KTEST(timer_rearm_moves_deadline)
{
	static struct probe p;
	u64 now = ktime_get_ns();

	fired.n = 0;
	p.id = 3;
	timer_setup(&p.t, record, &p);
	timer_arm(&p.t, now + 10 * NSEC_PER_SEC);
	timer_arm(&p.t, now + NSEC_PER_MSEC);
	wait_fired(1, 2 * NSEC_PER_SEC);
	KT_ASSERT_EQ(fired.n, 1);
	KT_ASSERT(fired.at[0] >= now + NSEC_PER_MSEC);
	wait_ns(10 * NSEC_PER_MSEC);
	KT_ASSERT_EQ(fired.n, 1);
}

KTEST(tick_advances_jiffies)
{
	u64 j0 = get_jiffies(), t0 = ktime_get_ns(), dj, dt;

	wait_ns(100 * NSEC_PER_MSEC);
	dj = get_jiffies() - j0;
	dt = ktime_get_ns() - t0;
	/* TCG timing is noisy: allow a generous band around HZ. */
	KT_ASSERT(dj * TICK_NSEC >= dt / 2);
	KT_ASSERT(dj * TICK_NSEC <= dt * 2);
}
