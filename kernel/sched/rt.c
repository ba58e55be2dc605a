// SPDX-License-Identifier: MIT
/*
 * The real-time class: SCHED_FIFO and SCHED_RR at priorities 1..99
 * (higher runs first), always ahead of every fair task.  One FIFO list
 * per priority and a bitmap of the non-empty ones make the pick O(1).
 *
 * A task that wakes up, yields or uses up its SCHED_RR slice goes to the
 * end of its list; one that was preempted by a higher priority stays at
 * the front (POSIX).  SCHED_FIFO runs until it blocks, yields or is
 * preempted; SCHED_RR also loses the CPU to tasks of its own priority
 * after each 100 ms of run time.  There is no RT throttling: a spinning FIFO task owns its
 * CPU, as Linux's would with sched_rt_runtime_us = -1.
 */
#include "sched.h"


void rt_rq_init(struct rt_rq *rr)
{
	rr->bitmap[0] = rr->bitmap[1] = 0;
	for (int i = 0; i < MAX_RT_PRIO; i++)
		list_init(&rr->queue[i]);
	rr->nr = 0;
}

void rt_enqueue(struct rt_rq *rr, struct task *t, bool head)
{
	int p = t->rt_priority;

	if (head)
		list_add(&t->run_list, &rr->queue[p]);
	else
		list_add_tail(&t->run_list, &rr->queue[p]);
	rr->bitmap[p / 64] |= 1ULL << (p % 64);
	rr->nr++;
}

void rt_dequeue(struct rt_rq *rr, struct task *t)
{
	int p = t->rt_priority;

	list_del(&t->run_list);
	list_init(&t->run_list);
	if (list_empty(&rr->queue[p]))
		rr->bitmap[p / 64] &= ~(1ULL << (p % 64));
	rr->nr--;
}

/* The highest priority with a queued task; 0 when none is queued. */
int rt_top_prio(const struct rt_rq *rr)
{
	if (rr->bitmap[1])
		return 127 - __builtin_clzll(rr->bitmap[1]);
	if (rr->bitmap[0])
		return 63 - __builtin_clzll(rr->bitmap[0]);
	return 0;
}

struct task *rt_pick(struct rt_rq *rr)
{
	int p = rt_top_prio(rr);

	return p ? list_first_entry(&rr->queue[p], struct task, run_list) :
		   NULL;
}

bool rt_tick(struct rq *rq, struct task *t)
{
	/*
	 * The slice is measured in run time, not in ticks: a virtual CPU
	 * that the host stops may see one tick for many milliseconds.
	 */
	if (t->policy != SCHED_RR ||
	    t->sum_exec_runtime - t->rr_slice_start < SCHED_RR_SLICE_NS)
		return false;
	t->rr_slice_start = t->sum_exec_runtime;
	if (list_empty(&rq->rt.queue[t->rt_priority]))
		return false;	/* alone at its priority: carry on */
	t->rt_requeue_tail = true;
	return true;
}

/* For the balancer: the most urgent queued task that may run on @cpu. */
struct task *rt_pick_migratable(struct rt_rq *rr, unsigned int cpu)
{
	for (int p = MAX_RT_PRIO - 1; p > 0; p--) {
		struct task *t;

		if (!(rr->bitmap[p / 64] & (1ULL << (p % 64))))
			continue;
		list_for_each_entry(t, &rr->queue[p], run_list)
			if (task_allowed_on(t, cpu))
				return t;
	}
	return NULL;
}
