// SPDX-License-Identifier: MIT
/*
 * Per-CPU timers and the tick.  Each CPU keeps its pending timers in a
 * list sorted by deadline; the hardware (a clockevent) is programmed
 * one-shot for the earlier of the next tick and the first timer.  Lists
 * are short in practice, so a sorted list beats a wheel or a heap here.
 */
#include <umka/timer.h>
#include <umka/processor.h>
#include <umka/compiler.h>
#include <umka/irqflags.h>
#include <umka/percpu.h>
#include <umka/sched.h>
#include <umka/spinlock.h>
#include <umka/time.h>

struct timer_base {
	struct spinlock lock;
	struct list_head pending;	/* sorted by expires */
	u64 next_tick;			/* monotonic ns */
	u64 programmed;			/* deadline the hardware has */
	bool ready;
	bool ticking;
};

static DEFINE_PER_CPU(struct timer_base, timer_bases);
static const struct clockevent *clockevent;
u64 jiffies;

void clockevent_register(const struct clockevent *ce)
{
	clockevent = ce;
}

u64 get_jiffies(void)
{
	return READ_ONCE(jiffies);
}

/* Per-CPU areas start zeroed, so each base is set up on first use. */
static struct timer_base *this_base(void)
{
	struct timer_base *b = this_cpu_ptr(timer_bases);

	if (!b->ready) {
		spin_lock_init(&b->lock, "timer_base", LOCK_LEVEL_TIMER);
		list_init(&b->pending);
		b->ready = true;
	}
	return b;
}

void timer_setup(struct timer *t, timer_fn_t fn, void *data)
{
	list_init(&t->node);
	t->expires = 0;
	t->fn = fn;
	t->data = data;
	t->base = NULL;
}

bool timer_pending(const struct timer *t)
{
	return READ_ONCE(t->base) != NULL;
}

static u64 next_event(struct timer_base *b)
{
	u64 next = b->next_tick;

	if (!list_empty(&b->pending)) {
		struct timer *first =
			list_first_entry(&b->pending, struct timer, node);

		next = min(next, first->expires);
	}
	return next;
}

/* Caller holds b->lock, on b's own CPU. */
static void program(struct timer_base *b)
{
	u64 next;

	if (!b->ticking || !clockevent)
		return;
	next = next_event(b);
	if (next == b->programmed)
		return;
	b->programmed = next;
	clockevent->set_next_event(next);
}

/* Remove @t from whatever CPU's list it is on; true if it was queued. */
static bool detach(struct timer *t)
{
	for (;;) {
		struct timer_base *b = READ_ONCE(t->base);
		unsigned long flags;

		if (!b)
			return false;
		flags = spin_lock_irqsave(&b->lock);
		if (t->base == b) {
			list_del(&t->node);
			t->base = NULL;
			spin_unlock_irqrestore(&b->lock, flags);
			return true;
		}
		/* It fired or moved meanwhile: look again. */
		spin_unlock_irqrestore(&b->lock, flags);
	}
}

static void enqueue(struct timer_base *b, struct timer *t)
{
	struct list_head *pos;

	/* Stable: equal deadlines fire in the order they were armed. */
	list_for_each(pos, &b->pending)
		if (list_entry(pos, struct timer, node)->expires > t->expires)
			break;
	list_add_tail(&t->node, pos);
	t->base = b;
}

void timer_arm(struct timer *t, u64 expires_ns)
{
	unsigned long irq = local_irq_save();
	struct timer_base *b = this_base();
	unsigned long flags;

	detach(t);
	flags = spin_lock_irqsave(&b->lock);
	t->expires = expires_ns;
	enqueue(b, t);
	if (expires_ns < b->programmed)
		program(b);
	spin_unlock_irqrestore(&b->lock, flags);
	local_irq_restore(irq);
}

bool timer_cancel(struct timer *t)
{
	/* The hardware may fire for nothing later; that is harmless. */
	return detach(t);
}

void timer_cancel_sync(struct timer *t)
{
	/* A running function may re-arm the timer: detach once it is done. */
	do {
		detach(t);
		while (__atomic_load_n(&t->running, __ATOMIC_ACQUIRE))
			cpu_relax();
	} while (READ_ONCE(t->base));
}

void timer_start_cpu(void)
{
	unsigned long irq = local_irq_save();
	struct timer_base *b = this_base();
	unsigned long flags = spin_lock_irqsave(&b->lock);

	b->next_tick = ktime_get_ns() + TICK_NSEC;
	b->programmed = ~0ULL;
	b->ticking = true;
	program(b);
	spin_unlock_irqrestore(&b->lock, flags);
	local_irq_restore(irq);
}

/* Advance the tick past @now; returns how many ticks elapsed. */
static u64 advance_tick(struct timer_base *b, u64 now)
{
	u64 n;

	if (now < b->next_tick)
		return 0;
	n = (now - b->next_tick) / TICK_NSEC + 1;
	b->next_tick += n * TICK_NSEC;
	return n;
}

static void run_expired(struct timer_base *b, u64 now)
{
	unsigned long flags = spin_lock_irqsave(&b->lock);

	/* Only timers due at entry: one that re-arms itself in the past
	 * waits for the next interrupt instead of looping here. */
	while (!list_empty(&b->pending)) {
		struct timer *t =
			list_first_entry(&b->pending, struct timer, node);
		timer_fn_t fn = t->fn;
		void *data = t->data;

		if (t->expires > now)
			break;
		list_del(&t->node);
		t->base = NULL;
		t->running = true;
		spin_unlock_irqrestore(&b->lock, flags);
		fn(data);
		flags = spin_lock_irqsave(&b->lock);
		/* After this store t may be freed by timer_cancel_sync(). */
		__atomic_store_n(&t->running, false, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&b->lock, flags);
}

void timer_interrupt(void)
{
	struct timer_base *b = this_base();
	u64 now = ktime_get_ns();
	unsigned long flags;
	u64 ticks;

	flags = spin_lock_irqsave(&b->lock);
	ticks = advance_tick(b, now);
	b->programmed = ~0ULL;	/* what was programmed has fired */
	spin_unlock_irqrestore(&b->lock, flags);

	if (ticks && smp_processor_id() == 0)
		WRITE_ONCE(jiffies, jiffies + ticks);
	run_expired(b, now);
	if (ticks)
		sched_tick();

	flags = spin_lock_irqsave(&b->lock);
	program(b);
	spin_unlock_irqrestore(&b->lock, flags);
}
