// SPDX-License-Identifier: MIT
/*
 * Load balancing.  Each CPU looks at the others at every tick (4 ms) and
 * whenever it is about to idle, and pulls one queued task from the
 * busiest if that one runs at least two more tasks than it does (so two
 * CPUs never trade a task back and forth).  Load is the number of
 * runnable tasks, the running one included; weights are not considered.
 * An RT task waiting behind another is pulled by any CPU that is not
 * running RT work, since it would run there at once.  Only tasks whose
 * affinity allows the puller are taken, and never a running one.
 *
 * The scan reads the other queues' counts without their locks; the two
 * locks (in CPU order) are taken only to move a task, and the counts are
 * checked again under them.
 */
#include <umka/smp.h>
#include "sched.h"

static unsigned int rq_load(const struct rq *rq)
{
	return READ_ONCE(rq->nr_running) +
	       (READ_ONCE(rq->curr) != rq->idle ? 1 : 0);
}

static void double_lock(struct rq *a, struct rq *b)
{
	if (a->cpu < b->cpu) {
		spin_lock(&a->lock);
		spin_lock_nested(&b->lock, 1);
	} else {
		spin_lock(&b->lock);
		spin_lock_nested(&a->lock, 1);
	}
}

static void double_unlock(struct rq *a, struct rq *b)
{
	spin_unlock(&a->lock);
	spin_unlock(&b->lock);
}

/* An RT task queued on @src that would run at once on @dst. */
static bool rt_waiting(const struct rq *dst, const struct rq *src)
{
	return READ_ONCE(src->rt.nr) && !task_is_rt(READ_ONCE(dst->curr)) &&
	       !READ_ONCE(dst->rt.nr);
}

/* Both locked.  Move one queued task from @src to @dst. */
static bool pull_one(struct rq *dst, struct rq *src)
{
	struct task *t = NULL;

	if (rt_waiting(dst, src))
		t = rt_pick_migratable(&src->rt, dst->cpu);
	if (!t && rq_load(src) >= rq_load(dst) + 2 && src->fair.nr)
		t = fair_pick_migratable(&src->fair, dst->cpu);
	if (!t)
		return false;
	dequeue_task(src, t);
	t->cpu = (int)dst->cpu;
	enqueue_task(dst, t, ENQ_MIGRATED);
	/* dst is this CPU: no IPI, just the flag. */
	if (check_preempt(dst, t))
		cpu_local()->need_resched = true;
	return true;
}

/* Interrupts off, no run-queue lock held. */
static bool balance(struct rq *this)
{
	unsigned int my = rq_load(this), best = 0;
	struct rq *busiest = NULL;
	bool moved;

	for (unsigned int c = 0; c < nr_cpus; c++) {
		struct rq *rq = cpu_rq(c);
		unsigned int load;

		if (rq == this || !cpu_online(c) || !READ_ONCE(rq->nr_running))
			continue;
		if (rt_waiting(this, rq)) {
			busiest = rq;
			break;
		}
		load = rq_load(rq);
		if (load >= my + 2 && load > best) {
			best = load;
			busiest = rq;
		}
	}
	if (!busiest)
		return false;
	double_lock(this, busiest);
	moved = pull_one(this, busiest);
	double_unlock(this, busiest);
	return moved;
}

void sched_balance_tick(struct rq *rq)
{
	if (nr_cpus > 1 && rq->idle)
		balance(rq);
}

bool sched_balance_idle(struct rq *rq)
{
	return nr_cpus > 1 && balance(rq);
}
