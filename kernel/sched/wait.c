// SPDX-License-Identifier: MIT
#include <umka/wait.h>
#include <umka/completion.h>
#include <umka/time.h>

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "waitqueue", LOCK_LEVEL_WAITQUEUE);
	list_init(&wq->waiters);
}

static void __prepare(struct wait_queue_head *wq, struct wait_entry *e,
		      int state, bool exclusive)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	e->task = current;
	e->exclusive = exclusive;
	if (!e->list.next || list_empty(&e->list)) {
		if (exclusive)
			list_add_tail(&e->list, &wq->waiters);
		else
			list_add(&e->list, &wq->waiters);
	}
	/* State first, then the caller tests its condition. */
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_entry *e,
		     int state)
{
	__prepare(wq, e, state, false);
}

void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_entry *e, int state)
{
	__prepare(wq, e, state, true);
}

void finish_wait(struct wait_queue_head *wq, struct wait_entry *e)
{
	unsigned long flags;

	set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&wq->lock);
	if (e->list.next && !list_empty(&e->list))
		list_del(&e->list);
	spin_unlock_irqrestore(&wq->lock, flags);
}

static void __wake_up(struct wait_queue_head *wq, bool all)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	struct wait_entry *e;

	list_for_each_entry(e, &wq->waiters, list) {
		wake_up_process(e->task);
		if (e->exclusive && !all)
			break;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up(struct wait_queue_head *wq)
{
	__wake_up(wq, false);
}

void wake_up_all(struct wait_queue_head *wq)
{
	__wake_up(wq, true);
}

bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->waiters);
}

void init_completion(struct completion *c)
{
	c->done = 0;
	init_waitqueue_head(&c->wait);
}

void complete(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wait.lock);

	if (c->done != ~0u)
		c->done++;
	spin_unlock_irqrestore(&c->wait.lock, flags);
	wake_up(&c->wait);
}

void complete_all(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wait.lock);

	c->done = ~0u;
	spin_unlock_irqrestore(&c->wait.lock, flags);
	wake_up_all(&c->wait);
}

/* Consume one "done" if there is one. */
static bool try_take(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wait.lock);
	bool ok = c->done > 0;

	if (ok && c->done != ~0u)
		c->done--;
	spin_unlock_irqrestore(&c->wait.lock, flags);
	return ok;
}

void wait_for_completion(struct completion *c)
{
	struct wait_entry e = { 0 };

	for (;;) {
		prepare_to_wait_exclusive(&c->wait, &e, TASK_UNINTERRUPTIBLE);
		if (try_take(c))
			break;
		schedule();
	}
	finish_wait(&c->wait, &e);
}

bool completion_done(struct completion *c)
{
	return READ_ONCE(c->done) > 0;
}

bool wait_for_completion_timeout(struct completion *c, u64 ns)
{
	u64 deadline = ktime_get_ns() + ns, now;
	struct wait_entry e = { 0 };
	bool ok = false;

	for (;;) {
		prepare_to_wait_exclusive(&c->wait, &e, TASK_UNINTERRUPTIBLE);
		if (try_take(c)) {
			ok = true;
			break;
		}
		now = ktime_get_ns();
		if (now >= deadline)
			break;
		schedule_timeout(deadline - now);
	}
	finish_wait(&c->wait, &e);
	return ok;
}
