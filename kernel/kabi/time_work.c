// SPDX-License-Identifier: MIT
/*
 * Time for drivers: the clock, busy-waits, one-shot and periodic timers
 * (run in interrupt context), and delayed work run by one kernel thread,
 * "kabi_work", where driver code may sleep.
 */
#include <umka/errno.h>
#include <umka/printk.h>
#include <umka/rcu.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/time.h>
#include <umka/timer.h>
#include <umka/wait.h>
#include "internal.h"

u64 ks_clock_ns(void *ctx)
{
	return ktime_get_ns();
}

void ks_udelay(void *ctx, u32 usecs)
{
	udelay(usecs > 10000 ? 10000 : usecs);	/* sleep for longer waits */
}

struct kabi_timer {
	struct timer t;
	kabi_timer_fn fn;
	void *arg;
	u64 period;
	bool stopped;
};

static void timer_fire(void *data)
{
	struct kabi_timer *kt = data;

	if (READ_ONCE(kt->stopped))
		return;
	kt->fn(kt->arg);
	if (kt->period && !READ_ONCE(kt->stopped))
		timer_arm(&kt->t, ktime_get_ns() + kt->period);
}

s32 ks_timer_create(void *ctx, kabi_timer_fn fn, void *arg, kabi_handle *out)
{
	struct kabi_timer *kt;

	if (!fn)
		return -EINVAL;
	kt = kzalloc(sizeof(*kt));
	if (!kt)
		return -ENOMEM;
	timer_setup(&kt->t, timer_fire, kt);
	kt->fn = fn;
	kt->arg = arg;
	*out = kcap_add(ctx, KCAP_TIMER, kt);
	if (!*out) {
		kfree(kt);
		return -ENOSPC;
	}
	return 0;
}

s32 ks_timer_arm(void *ctx, kabi_handle h, u64 delay, u64 period)
{
	struct kabi_timer *kt = kcap_get(ctx, h, KCAP_TIMER);

	if (!kt)
		return -EBADF;
	if (period && period < 100000)
		return -EINVAL;		/* 100 us: a driver cannot flood a CPU */
	timer_cancel(&kt->t);
	kt->period = period;
	WRITE_ONCE(kt->stopped, false);
	timer_arm(&kt->t, ktime_get_ns() + delay);
	return 0;
}

s32 ks_timer_cancel(void *ctx, kabi_handle h)
{
	struct kabi_timer *kt = kcap_get(ctx, h, KCAP_TIMER);

	if (!kt)
		return -EBADF;
	WRITE_ONCE(kt->stopped, true);
	timer_cancel(&kt->t);
	return 0;
}

void kabi_timer_release(void *obj)
{
	struct kabi_timer *kt = obj;

	WRITE_ONCE(kt->stopped, true);
	timer_cancel(&kt->t);
	synchronize_rcu();	/* a callback already running has returned */
	timer_cancel(&kt->t);
	kfree(kt);
}

void ks_timer_destroy(void *ctx, kabi_handle h)
{
	void *kt = kcap_take(ctx, h, KCAP_TIMER);

	if (kt)
		kabi_timer_release(kt);
}

/* Delayed work. */
struct kabi_work {
	struct list_head node;	/* on pending, under work_lock */
	struct timer t;
	kabi_work_fn fn;
	void *arg;
	bool queued, running;
};

static DEFINE_SPINLOCK(work_lock, LOCK_LEVEL_KABI_WORK);
static LIST_HEAD(pending);
static struct wait_queue_head work_wq, done_wq;
static struct task *worker;

static bool current_is_kabi_worker(void)
{
	return current == worker;
}

static void work_due(void *data)
{
	struct kabi_work *w = data;
	unsigned long flags = spin_lock_irqsave(&work_lock);

	if (w->queued && list_empty(&w->node))
		list_add_tail(&w->node, &pending);
	spin_unlock_irqrestore(&work_lock, flags);
	wake_up(&work_wq);
}

static struct kabi_work *next_work(void)
{
	unsigned long flags = spin_lock_irqsave(&work_lock);
	struct kabi_work *w = NULL;

	if (!list_empty(&pending)) {
		w = list_first_entry(&pending, struct kabi_work, node);
		list_del(&w->node);
		w->queued = false;
		w->running = true;
	}
	spin_unlock_irqrestore(&work_lock, flags);
	return w;
}

static int work_thread(void *unused)
{
	for (;;) {
		struct kabi_work *w;
		unsigned long flags;

		wait_event(work_wq, !list_empty(&pending));
		while ((w = next_work())) {
			w->fn(w->arg);
			flags = spin_lock_irqsave(&work_lock);
			w->running = false;
			spin_unlock_irqrestore(&work_lock, flags);
			wake_up_all(&done_wq);
		}
	}
	return 0;
}

void kabi_work_init(void)
{
	init_waitqueue_head(&work_wq);
	init_waitqueue_head(&done_wq);
	worker = kthread_run(work_thread, NULL, "kabi_work");
}

s32 ks_work_create(void *ctx, kabi_work_fn fn, void *arg, kabi_handle *out)
{
	struct kabi_work *w;

	if (!fn)
		return -EINVAL;
	w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	list_init(&w->node);
	timer_setup(&w->t, work_due, w);
	w->fn = fn;
	w->arg = arg;
	*out = kcap_add(ctx, KCAP_WORK, w);
	if (!*out) {
		kfree(w);
		return -ENOSPC;
	}
	return 0;
}

s32 ks_work_queue(void *ctx, kabi_handle h, u64 delay)
{
	struct kabi_work *w = kcap_get(ctx, h, KCAP_WORK);
	unsigned long flags;
	bool already;

	if (!w)
		return -EBADF;
	flags = spin_lock_irqsave(&work_lock);
	already = w->queued;
	w->queued = true;
	spin_unlock_irqrestore(&work_lock, flags);
	if (already)
		return 0;	/* one pending run covers both requests */
	if (delay)
		timer_arm(&w->t, ktime_get_ns() + delay);
	else
		work_due(w);
	return 0;
}

static void work_stop(struct kabi_work *w, bool wait)
{
	unsigned long flags;

	flags = spin_lock_irqsave(&work_lock);
	w->queued = false;
	list_del(&w->node);
	spin_unlock_irqrestore(&work_lock, flags);
	timer_cancel(&w->t);
	if (wait)
		wait_event(done_wq, !READ_ONCE(w->running));
}

s32 ks_work_cancel(void *ctx, kabi_handle h, u32 wait)
{
	struct kabi_work *w = kcap_get(ctx, h, KCAP_WORK);

	if (!w)
		return -EBADF;
	if (wait && current_is_kabi_worker())
		return -EDEADLK;	/* waiting for ourselves */
	work_stop(w, wait != 0);
	return 0;
}

void kabi_work_release(void *obj)
{
	struct kabi_work *w = obj;

	work_stop(w, !current_is_kabi_worker());
	synchronize_rcu();	/* work_due() may still be finishing */
	work_stop(w, false);
	kfree(w);
}

void ks_work_destroy(void *ctx, kabi_handle h)
{
	void *w = kcap_take(ctx, h, KCAP_WORK);

	if (w)
		kabi_work_release(w);
}
