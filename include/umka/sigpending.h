/* SPDX-License-Identifier: MIT */
/*
 * Pending signals (kernel/signal/): each thread has a private set
 * (tkill, faults) and its thread group a shared one (kill, sigqueue).
 * Standard signals 1..31 coalesce, so each has one info slot; real-time
 * signals queue one entry per send, charged to a real uid against
 * RLIMIT_SIGPENDING.  All of it, and the blocked masks of the group's
 * threads, change under the group's siglock.
 */
#ifndef UMKA_SIGPENDING_H
#define UMKA_SIGPENDING_H

#include <umka/types.h>
#include <umka/list.h>
#include <umka/spinlock.h>

struct wait_queue_head;
struct itimer;

#define SIG_NSTD 31		/* standard signals: 1..31 */

/* What a sender says about a signal (the kernel side of siginfo). */
struct ksiginfo {
	int code;
	pid_t pid;
	uid_t uid;
	u64 value;		/* si_value; si_addr (faults); status (SIGCHLD) */
};

/* One queued real-time signal. */
struct sigqueue {
	struct list_head node;
	int sig;
	uid_t owner;		/* real uid charged (RLIMIT_SIGPENDING) */
	struct ksiginfo info;
};

struct sigpending {
	u64 set;
	struct list_head queue;		/* real-time entries, send order */
	struct ksiginfo std[SIG_NSTD];	/* standard ones: the first send's */
};

/* Shared by the threads of a process (CLONE_THREAD). */
struct signal_group {
	int refs;			/* tasks pointing here, zombies too */
	struct spinlock lock;		/* siglock */
	struct sigpending shared;
	struct list_head threads;	/* live ones, by task->thread_node */
	/*
	 * Group stop: 0, or the stop signal with 0x100 until wait() has
	 * reported it.  Atomic: SIGCONT clears it while wait clears the bit.
	 */
	int stop_state;
	int stop_status;		/* wait status of the stop */
	int stop_count;			/* threads yet to stop */
	bool cont_pending;		/* SIGCONT ended a stop: report it */
	bool cont_report;		/* continued, for wait's WCONTINUED */
	/* exit_group or a fatal signal: the process's wait status. */
	bool group_exit;
	int exit_status;
	/*
	 * Under tasklist_lock: tasks of the group that have not yet exited
	 * (a zombie leader no longer counts; it is reported at 0), and the
	 * thread that waits in execve for the others to go (also written
	 * under siglock, which reads it).
	 */
	int nr_live;
	struct task *exec_task;
	/* Readers and pollers of signalfds; woken by every send. */
	struct wait_queue_head *signalfd_wq;
	/*
	 * ITIMER_VIRTUAL and ITIMER_PROF (kernel/time/itimer.c), under
	 * siglock: CPU time left and the reload, in ns; 0 left: disarmed.
	 */
	struct {
		u64 left, interval;
	} cpu_itimer[2];
	bool cpu_itimer_armed;		/* read without the lock by the tick */
	struct itimer *real_itimer;	/* ITIMER_REAL, made on first use */
	int oom_score_adj;		/* -1000..1000 (kernel/proc/oom.c) */
	unsigned int membarrier_registered;	/* MEMBARRIER_CMD_REGISTER_* */
	/* POSIX timers (kernel/time/posix_timers.c), under siglock. */
	struct list_head ptimers;
	int ptimer_next_id;
};

#endif
