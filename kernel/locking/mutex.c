// SPDX-License-Identifier: MIT
/*
 * Mutexes: an atomic owner word for the uncontended case, and a FIFO of
 * sleeping waiters.  Unlock hands the mutex directly to the first waiter
 * (the owner word is set for it), so a stream of newcomers cannot starve
 * a sleeper.
 */
#include <umka/mutex.h>
#include <umka/sched.h>
#include <umka/lockdep.h>
#include <umka/panic.h>
#include <umka/preempt.h>

struct mutex_waiter {
	struct list_head list;
	struct task *task;
	bool granted;
};

void mutex_init(struct mutex *m, const char *name, unsigned level)
{
	m->owner = NULL;
	spin_lock_init(&m->wait_lock, "mutex_wait", LOCK_LEVEL_MUTEX_INTERNAL);
	list_init(&m->waiters);
	m->level = level;
	m->name = name;
}

static bool try_own(struct mutex *m)
{
	struct task *none = NULL;

	return __atomic_compare_exchange_n(&m->owner, &none, current, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void lock_slow(struct mutex *m)
{
	struct mutex_waiter w = { .task = current };
	unsigned long flags = spin_lock_irqsave(&m->wait_lock);

	if (try_own(m)) {
		spin_unlock_irqrestore(&m->wait_lock, flags);
		return;
	}
	list_add_tail(&w.list, &m->waiters);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (__atomic_load_n(&w.granted, __ATOMIC_ACQUIRE))
			break;
		spin_unlock_irqrestore(&m->wait_lock, flags);
		schedule();
		flags = spin_lock_irqsave(&m->wait_lock);
	}
	set_current_state(TASK_RUNNING);
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

void _mutex_lock(struct mutex *m, const char *site)
{
	if (in_atomic_context())
		panic("mutex_lock(%s) in atomic context at %s", m->name, site);
	/* Its wait_lock must nest inside it (see lock_levels.h). */
	BUG_ON(m->level >= LOCK_LEVEL_MUTEX_INTERNAL);
	lockdep_acquire(m, m->name, m->level, site);
	if (!try_own(m))
		lock_slow(m);
}

bool _mutex_trylock(struct mutex *m, const char *site)
{
	if (!try_own(m))
		return false;
	lockdep_acquire(m, m->name, m->level, site);
	return true;
}

void mutex_unlock(struct mutex *m)
{
	unsigned long flags;
	struct mutex_waiter *w;

	if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) != current)
		panic("mutex_unlock(%s) by a task that does not own it",
		      m->name);
	lockdep_release(m);
	flags = spin_lock_irqsave(&m->wait_lock);
	if (list_empty(&m->waiters)) {
		__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	} else {
		w = list_first_entry(&m->waiters, struct mutex_waiter, list);
		list_del(&w->list);
		__atomic_store_n(&m->owner, w->task, __ATOMIC_RELEASE);
		__atomic_store_n(&w->granted, true, __ATOMIC_RELEASE);
		wake_up_process(w->task);
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

bool mutex_is_locked(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) != NULL;
}
