/* SPDX-License-Identifier: MIT */
/* Scheduler internals shared by the files of kernel/sched/. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <umka/sched.h>
#include <umka/spinlock.h>
#include <umka/rbtree.h>
#include <asm/layout.h>

/* Real-time tasks: a FIFO list per priority, and a bitmap of the lists
 * that are not empty. */
struct rt_rq {
	u64 bitmap[2];
	struct list_head queue[MAX_RT_PRIO];
	unsigned int nr;
};

/*
 * Fair tasks (EEVDF).  Virtual times are kept as keys relative to
 * @zero, so that the weighted sum of the queued tasks' keys stays small;
 * the running task is not in the tree and is added in when the average
 * is needed.
 */
struct fair_rq {
	struct rb_root tree;		/* queued tasks, by virtual deadline */
	u64 zero;			/* reference point of the keys */
	s64 sum_wkey;			/* sum of weight * (vruntime - zero) */
	u64 sum_w;			/* sum of weights */
	struct task *curr;		/* the running fair task, or NULL */
	unsigned int nr;
};

struct rq {
	struct spinlock lock;
	unsigned int nr_running;	/* queued tasks, the running one not */
	unsigned int cpu;
	struct rt_rq rt;
	struct fair_rq fair;
	struct task *curr;
	struct task *idle;
	struct task *prev_dead;		/* freed by the next task */
	struct task *prev_migrate;	/* moved by the next task */
	u64 nr_switches;
	u64 nr_switches_seen;		/* passes through schedule/idle */
	u64 ticks;
	u64 cpu_ticks[3];		/* ticks spent in user, system, idle */
};

/* Enqueue flags: how the task arrives. */
#define ENQ_WAKEUP 1		/* from sleep: placed with its lag */
#define ENQ_MIGRATED 2		/* from another CPU: placed with its lag */
#define ENQ_HEAD 4		/* RT: first of its priority (preempted) */

struct rq *cpu_rq(unsigned int cpu);
/* Lock the run queue @t is on; interrupts must be off. */
struct rq *task_rq_lock(struct task *t);
void finish_switch(struct rq *rq);
struct task *task_alloc_idle(unsigned int cpu);
struct task *task_create_blank(const char *name);
void task_free(struct task *t);
void task_free_stack(struct task *t);
u64 sched_quiescent_count(unsigned int cpu);
void sched_task_init(struct task *t);

/* Class dispatch (core.c), rq->lock held. */
static inline bool task_is_rt(const struct task *t)
{
	return t->policy == SCHED_FIFO || t->policy == SCHED_RR;
}

void enqueue_task(struct rq *rq, struct task *t, int flags);
void dequeue_task(struct rq *rq, struct task *t);
/* Make @cpu reschedule (an IPI if remote); without its rq->lock held. */
void resched_cpu(unsigned int cpu);
/* Should @t, just queued on @rq, take the CPU from rq->curr?  The
 * caller then calls resched_cpu() once it has dropped rq->lock. */
bool check_preempt(struct rq *rq, struct task *t);
bool task_allowed_on(const struct task *t, unsigned int cpu);

/* fair.c */
#define SCHED_BASE_SLICE_NS 3000000ULL	/* fair request size: 3 ms */
unsigned int sched_policy_weight(int policy, int nice);
void fair_rq_init(struct fair_rq *fr);
void fair_enqueue(struct fair_rq *fr, struct task *t, int flags);
void fair_dequeue(struct fair_rq *fr, struct task *t);
/* The running task leaves the CPU (sleep, migration, class change). */
void fair_put_curr_off(struct fair_rq *fr, struct task *t);
/* The running task stays runnable: back into the tree. */
void fair_put_curr(struct fair_rq *fr, struct task *t);
struct task *fair_pick(struct fair_rq *fr);
void fair_set_curr(struct fair_rq *fr, struct task *t);
/* Advance the running task's virtual time; true if its slice ran out. */
bool fair_charge(struct fair_rq *fr, struct task *t, u64 delta);
bool fair_wakeup_preempts(struct fair_rq *fr, struct task *curr,
			  struct task *t);
void fair_yield(struct fair_rq *fr, struct task *t);
/* A fair task (queued or running) changes weight: keep its lag. */
void fair_reweight(struct fair_rq *fr, struct task *t, unsigned int weight);
/* For the balancer: a queued task that may run on @cpu, least urgent
 * first; NULL if none. */
struct task *fair_pick_migratable(struct fair_rq *fr, unsigned int cpu);
u64 fair_avg_vruntime(const struct fair_rq *fr);
bool fair_eligible(const struct fair_rq *fr, const struct task *t);

/* rt.c */
void rt_rq_init(struct rt_rq *rr);
void rt_enqueue(struct rt_rq *rr, struct task *t, bool head);
void rt_dequeue(struct rt_rq *rr, struct task *t);
struct task *rt_pick(struct rt_rq *rr);
int rt_top_prio(const struct rt_rq *rr);	/* 0 if empty */
bool rt_tick(struct rq *rq, struct task *t);	/* true: reschedule */
struct task *rt_pick_migratable(struct rt_rq *rr, unsigned int cpu);

/* balance.c */
void sched_balance_tick(struct rq *rq);
/* From the idle loop: pull work; true if something was pulled. */
bool sched_balance_idle(struct rq *rq);

#endif
