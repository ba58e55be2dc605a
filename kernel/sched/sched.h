/* SPDX-License-Identifier: MIT */
/* Scheduler internals shared by the files of kernel/sched/. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <umka/sched.h>
#include <umka/spinlock.h>
#include <asm/layout.h>

struct rq {
	struct spinlock lock;
	struct list_head queue;		/* runnable, not running */
	unsigned int nr_running;	/* tasks on queue */
	struct task *curr;
	struct task *idle;
	struct task *prev_dead;		/* freed by the next task */
	struct task *prev_migrate;	/* moved by the next task */
	u64 nr_switches;
	u64 nr_switches_seen;		/* passes through schedule/idle */
	u64 ticks;
};

struct rq *cpu_rq(unsigned int cpu);
void enqueue_task(struct rq *rq, struct task *t);
void task_free_stack(struct task *t);
void finish_switch(struct rq *rq);
struct task *task_alloc_idle(unsigned int cpu);
struct task *task_create_blank(const char *name);
void task_free(struct task *t);
u64 sched_quiescent_count(unsigned int cpu);

#endif
