/* SPDX-License-Identifier: MIT */
/*
 * Tasks and the scheduler: per-CPU run queues with two classes, picked
 * in this order: real time (SCHED_FIFO, SCHED_RR; priorities 1..99) and
 * fair (SCHED_OTHER, SCHED_BATCH, SCHED_IDLE; EEVDF weighted by nice).
 * See docs/scheduler.md.
 */
#ifndef UMKA_SCHED_H
#define UMKA_SCHED_H

#include <umka/types.h>
#include <umka/list.h>
#include <umka/lockdep.h>
#include <umka/percpu.h>
#include <umka/cred.h>
#include <umka/rbtree.h>
#include <umka/uaccess.h>
#include <umka/sigpending.h>

enum task_state {
	TASK_RUNNING = 0,
	TASK_INTERRUPTIBLE = 1,
	TASK_UNINTERRUPTIBLE = 2,
	TASK_DEAD = 64,
};

#define TASK_COMM_LEN 16
#define EXIT_ZOMBIE 1
#define EXIT_DEAD 2
#define CPU_ANY (-1)

/* Linux's policy numbers (sched_setscheduler(2)). */
#define SCHED_NORMAL 0			/* SCHED_OTHER */
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6
#define SCHED_RESET_ON_FORK 0x40000000
#define MAX_RT_PRIO 100			/* RT priorities are 1..99 */
#define MIN_NICE (-20)
#define MAX_NICE 19

struct completion;
struct mm;
struct files_struct;
struct fs_struct;
struct fpu_state;
struct sighand;
struct tty;
struct itimer;

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
	u64 cpus_allowed;		/* sched_setaffinity; 0: all CPUs */
	int migrate_to;			/* 1 + target CPU, 0: stay */
	bool on_rq;			/* queued (the running task is not) */
	bool sched_placed;		/* has been queued once */
	bool rt_requeue_tail;		/* RR slice over or yield: go last */
	/* Policy, under the run-queue lock too (sched_set_params). */
	int policy;			/* SCHED_NORMAL ... */
	int rt_priority;		/* 1..99 for FIFO and RR, else 0 */
	int nice;			/* -20..19, kept for every policy */
	bool reset_on_fork;
	unsigned int weight;		/* fair: from nice (or SCHED_IDLE) */
	/* EEVDF (kernel/sched/fair.c): virtual times in ns x 1024/weight. */
	u64 vruntime;
	u64 deadline;			/* vruntime at the end of the slice */
	s64 vlag;			/* zero-lag point minus vruntime, saved
					 * while off the fair queue */
	u64 slice;			/* request size, ns of real time */
	struct rb_node run_node;	/* fair queue, by deadline */
	struct list_head run_list;	/* RT queue of its priority */
	u64 rr_slice_start;		/* SCHED_RR: run time when its slice began */
	/* CPU time (kernel/sched/cputime.c), under the run-queue lock. */
	u64 exec_start;			/* ns when the running task's time was
					 * last charged */
	u64 sum_exec_runtime;		/* ns on a CPU */
	u64 utime_ticks, stime_ticks;	/* ticks that found it in user/kernel */
	u64 nr_switches;		/* times it was switched in */
	u64 nvcsw, nivcsw;		/* switched out asleep / preempted */
	/* Set at creation, then read-only (comm changes at exec). */
	char comm[TASK_COMM_LEN];
	int (*fn)(void *arg);
	void *arg;
	bool is_idle;
	/*
	 * Process context (NULL for kernel threads).  Shared between the
	 * threads of a process and reference-counted by their owners:
	 * mm/ for mm, fs/ for files and fs.  Set or cleared under
	 * tasklist_lock once the task is registered, so that procfs can
	 * take a reference on another task's under that lock.
	 */
	struct mm *mm;
	struct files_struct *files;
	struct fs_struct *fs;
	struct cred cred;
	/*
	 * Signals (kernel/signal/).  The pending sets and sig_blocked change
	 * under sig->lock; sigpending is read without it.
	 */
	bool sigpending;		/* something to do on return to user */
	u64 sig_blocked;
	u64 real_blocked;		/* sigtimedwait: the mask it lifted */
	struct sigpending pending;	/* private: tkill, faults */
	struct signal_group *sig;	/* shared with CLONE_THREAD */
	struct list_head thread_node;	/* in sig->threads until exit */
	u64 saved_blocked;		/* sigsuspend's mask to put back */
	bool restore_blocked;
	struct sighand *sighand;	/* shared with CLONE_SIGHAND */
	u64 altstack_sp, altstack_size;
	int altstack_flags;
	int stop_state;			/* its stop signal while stopped */
	/*
	 * Process tree and identity, guarded by tasklist_lock
	 * (kernel/proc/pid.c).  pid is Linux's TID; tgid is the process id.
	 */
	pid_t pid, tgid, pgid, sid;
	struct task *parent;
	struct tty *ctty;		/* controlling terminal */
	struct list_head children;	/* our children, via sibling */
	struct list_head sibling;
	struct list_head all_tasks;
	u64 start_time;			/* ns since boot, at task_register */
	/*
	 * Thread-group leader only, under tasklist_lock: CPU time of the
	 * group's threads that exited, and of reaped children (and theirs).
	 */
	struct {
		u64 rtime, uticks, sticks, nvcsw, nivcsw;
	} dead_threads;
	struct {
		u64 utime, stime, nvcsw, nivcsw;	/* ns, counts */
	} reaped;
	int exit_signal;		/* sent to the parent at exit */
	unsigned int personality;	/* personality(2); kept by fork, exec */
	int ioprio;			/* ioprio_set(2); kept by fork */
	int exit_state;			/* EXIT_ZOMBIE once exited */
	bool autoreap;			/* threads: freed when switched out */
	int wait_status;		/* wait4 status word for the parent */
	unsigned long clear_child_tid;	/* set_tid_address */
	unsigned long set_child_tid;
	unsigned long robust_list;	/* set_robust_list (not walked yet) */	/* CLONE_CHILD_SETTID, done at start */
	struct completion *vfork_done;	/* parent waits on it in vfork */
	unsigned long fs_base;		/* arch_prctl(ARCH_SET_FS) */
	struct fpu_state *fpu;		/* user FPU/SSE registers, if any */
	/*
	 * Resource limits of the process (kernel/sys_info.c): each thread
	 * has a copy, all updated together under tasklist_lock; until
	 * rlim_valid they are the defaults.
	 */
	struct task_rlimit {
		u64 cur, max;
	} rlim[16];
	bool rlim_valid;
	struct wait_queue_head *child_wait;	/* woken when a child exits */
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
/* Give up the CPU to another task of the same class if one is waiting. */
void yield(void);
bool wake_up_process(struct task *t);
void set_current_state(int state);
/* Sleep in the state already set, woken or after @ns; returns ns left. */
u64 schedule_timeout(u64 ns);
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

/* A blocking call should give up with -EINTR (or restart) when true. */
static inline bool signal_pending(struct task *t)
{
	return READ_ONCE(t->sigpending);
}

struct signal_group;
void itimer_group_exit(struct signal_group *g);
/* The tick charged @t (in user mode if @user): ITIMER_VIRTUAL/PROF. */
void itimer_cpu_tick(struct task *t, bool user);

/* Move @t to @cpu at its next switch-out (current: right away). */
void sched_migrate(struct task *t, unsigned int cpu);
/* Print every task and where it sleeps (kernel/sched/show.c). */
void show_tasks(void);
/* sched_setaffinity's mask (0: all CPUs); the caller then migrates. */
void sched_set_cpus_allowed(struct task *t, u64 mask);

u64 sched_nr_switches(unsigned int cpu);
unsigned int sched_nr_running(unsigned int cpu);
/* Ticks @cpu spent running user code, kernel code, and idle. */
void sched_cpu_ticks(unsigned int cpu, u64 ticks[3]);

/*
 * Scheduling parameters.  sched_set_params() applies them (no permission
 * checks: those are the system calls' business) and moves the task
 * between classes; sched_fork() gives a new task its parent's.
 */
struct sched_params {
	int policy;
	int rt_priority;
	int nice;
	bool reset_on_fork;
};

void sched_get_params(struct task *t, struct sched_params *p);
void sched_set_params(struct task *t, const struct sched_params *p);
void sched_fork(struct task *child, const struct task *parent);
/* Weight of a nice level (Linux's table: nice 0 is 1024). */
unsigned int sched_nice_to_weight(int nice);
/* Fair tasks' slice and SCHED_RR's, in ns. */
u64 sched_slice_ns(const struct task *t);
#define SCHED_RR_SLICE_NS 100000000ULL

/*
 * CPU time (kernel/sched/cputime.c).  Run time is exact (ns, charged at
 * every switch and tick); ticks that found the task in user or kernel
 * mode split it into user and system time.
 */
struct cpu_times {
	u64 rtime, utime, stime;	/* ns; utime + stime == rtime */
	u64 nvcsw, nivcsw;
};

/* One thread. */
void task_cpu_times(struct task *t, struct cpu_times *ct);
/* Its whole process: live threads and exited ones.  The second form
 * needs tasklist_lock held. */
void process_cpu_times(struct task *t, struct cpu_times *ct);
void process_cpu_times_locked(struct task *t, struct cpu_times *ct);
/* Reaped children of @t's process (and their reaped children). */
void process_children_times_locked(struct task *t, struct cpu_times *ct);
/* Exit of a thread that is not its group's leader; tasklist_lock held. */
void cputime_thread_exit_locked(struct task *t);
/* @parent reaps @child: bank the child's times, return them in @ct. */
void cputime_reap(struct task *parent, struct task *child,
		  struct cpu_times *ct);
/* Write a struct rusage for these times to user memory. */
int put_rusage(void __user *ru, const struct cpu_times *ct);

#endif
