/* SPDX-License-Identifier: MIT */
/*
 * Tasks and the scheduler.  For now a per-CPU round-robin of kernel
 * threads with a timer-driven time slice; the Linux scheduling classes
 * (EEVDF, RT, deadline) replace the policy later behind the same calls.
 */
#ifndef UMKA_SCHED_H
#define UMKA_SCHED_H

#include <umka/types.h>
#include <umka/list.h>
#include <umka/lockdep.h>
#include <umka/percpu.h>

enum task_state {
	TASK_RUNNING = 0,
	TASK_INTERRUPTIBLE = 1,
	TASK_UNINTERRUPTIBLE = 2,
	TASK_DEAD = 64,
};

#define TASK_COMM_LEN 16
#define CPU_ANY (-1)

struct completion;

struct task {
	/* Private to the CPU running the task (and to switch_to). */
	unsigned long rsp;		/* saved stack pointer while off CPU */
	void *stack;			/* lowest usable stack address */
	unsigned long stack_top;
	struct lockdep_task lockdep;	/* locks this task holds */
	/* Under the runqueue lock of task->cpu. */
	int state;
	int cpu;
	int bound_cpu;			/* CPU_ANY or a fixed CPU */
	bool on_rq;
	struct list_head run_list;
	unsigned int slice_ticks;
	u64 nr_switches;
	/* Set at creation, then read-only. */
	u32 tid;
	char comm[TASK_COMM_LEN];
	int (*fn)(void *arg);
	void *arg;
	bool is_idle;
	/* Exit: written by the task, read after 'exited' completes. */
	int exit_code;
	struct completion *exited;
};

static inline struct task *get_current(void)
{
	return cpu_local()->curr_task;
}
#define current get_current()

void sched_init(void);			/* boot CPU, before others start */
/* Other CPUs: the boot CPU allocates the idle task, the AP installs it. */
struct task *sched_alloc_idle(unsigned int cpu);
void sched_free_idle(struct task *idle);
void sched_init_ap(unsigned int cpu, struct task *idle);
void cpu_idle_loop(void) __attribute__((noreturn));
bool sched_running(void);

void schedule(void);
void schedule_preempt(void);		/* involuntary: current stays runnable */
void schedule_from_irq(void);
/* Called from the timer interrupt on every CPU, every tick. */
void sched_tick(void);
void yield(void);
bool wake_up_process(struct task *t);
void set_current_state(int state);
/* Sleep for at least @ns nanoseconds (uninterruptible). */
void sleep_ns(u64 ns);
void msleep(unsigned int ms);

/* Kernel threads. */
struct task *kthread_create(int (*fn)(void *), void *arg, const char *name);
struct task *kthread_run(int (*fn)(void *), void *arg, const char *name);
void kthread_bind(struct task *t, unsigned int cpu);
void kthread_exit(int code) __attribute__((noreturn));
/* Wait for @t to exit, free it and return its exit code. */
int kthread_join(struct task *t);

u64 sched_nr_switches(unsigned int cpu);
unsigned int sched_nr_running(unsigned int cpu);

#endif
