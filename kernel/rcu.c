// SPDX-License-Identifier: MIT
/*
 * A small RCU.  A CPU is quiescent whenever it passes through schedule()
 * or the idle loop: readers keep preemption off, so neither can happen
 * inside a read-side section.  synchronize_rcu() samples every CPU's pass
 * counter and waits until each has moved, nudging the slow ones with a
 * reschedule IPI.  call_rcu() queues callbacks for a kernel thread that
 * runs them one grace period later.
 */
#include <umka/rcu.h>
#include <umka/sched.h>
#include <umka/smp.h>
#include <umka/spinlock.h>
#include <umka/completion.h>
#include <umka/wait.h>
#include <umka/irq.h>
#include <umka/arch_smp.h>
#include <umka/panic.h>
#include <umka/slab.h>
#include "sched/sched.h"

static u64 grace_periods;
static DEFINE_SPINLOCK(cb_lock, LOCK_LEVEL_RCU);
static struct rcu_head *cb_list;
static struct wait_queue_head cb_wait;

void synchronize_rcu(void)
{
	unsigned int me = smp_processor_id(), n = nr_cpus;
	u64 *snap = kmalloc(n * sizeof(u64));

	if (!snap)
		panic("synchronize_rcu: out of memory");
	for (unsigned int c = 0; c < n; c++)
		snap[c] = sched_quiescent_count(c);
	for (unsigned int c = 0; c < n; c++) {
		if (c == me || !cpu_online(c))
			continue;	/* we are not in a read section */
		while (sched_quiescent_count(c) == snap[c]) {
			arch_send_ipi(c, IRQ_VECTOR_IPI_RESCHED);
			yield();
		}
	}
	kfree(snap);
	__atomic_fetch_add(&grace_periods, 1, __ATOMIC_RELAXED);
}

u64 rcu_grace_periods(void)
{
	return __atomic_load_n(&grace_periods, __ATOMIC_RELAXED);
}

void call_rcu(struct rcu_head *head, void (*fn)(struct rcu_head *head))
{
	unsigned long flags = spin_lock_irqsave(&cb_lock);

	head->fn = fn;
	head->next = cb_list;
	cb_list = head;
	spin_unlock_irqrestore(&cb_lock, flags);
	wake_up(&cb_wait);
}

static struct rcu_head *take_callbacks(void)
{
	unsigned long flags = spin_lock_irqsave(&cb_lock);
	struct rcu_head *list = cb_list;

	cb_list = NULL;
	spin_unlock_irqrestore(&cb_lock, flags);
	return list;
}

static int rcu_thread(void *arg)
{
	(void)arg;
	for (;;) {
		struct rcu_head *list;

		wait_event(cb_wait, READ_ONCE(cb_list) != NULL);
		list = take_callbacks();
		synchronize_rcu();
		while (list) {
			struct rcu_head *next = list->next;

			list->fn(list);
			list = next;
		}
	}
	return 0;
}

void rcu_init(void)
{
	init_waitqueue_head(&cb_wait);
	if (!kthread_run(rcu_thread, NULL, "rcu_gp"))
		panic("cannot start the RCU thread");
}
