// SPDX-License-Identifier: MIT
/*
 * execve in a multi-threaded process, as Linux's de_thread: the other
 * threads get SIGKILL and exec waits until they have exited, so none
 * runs the old image again and their private signals are gone (the
 * process's shared ones stay).  A thread that is not the leader then
 * takes the leader's place: the process keeps its pid, start time and
 * parent, and the parent never hears of the old leader.
 *
 * Two threads exec'ing at once: the first to mark the group wins, the
 * other is killed with the rest.  A SIGKILL (or a fatal signal another
 * thread takes) during the wait ends it: exec fails with EAGAIN and the
 * pending SIGKILL finishes the thread off before it returns to user.
 */
#include <umka/proc.h>
#include <umka/signal.h>
#include <umka/sigtypes.h>
#include <umka/errno.h>
#include "../sched/sched.h"

void release_unwaited(struct task *t)
{
	/* Its CPU may not have switched away yet: reap() does the same. */
	set_current_state(TASK_RUNNING);
	while (__atomic_load_n(&t->stack, __ATOMIC_ACQUIRE))
		yield();
	task_unregister(t);
	task_free(t);
}

static bool exec_killed(const struct task *t)
{
	return READ_ONCE(t->pending.set) & (1ULL << (SIGKILL - 1));
}

/* The old leader's per-process CPU totals go to the new one. */
static void take_times(struct task *t, const struct task *l)
{
	t->dead_threads.rtime += l->dead_threads.rtime;
	t->dead_threads.uticks += l->dead_threads.uticks;
	t->dead_threads.sticks += l->dead_threads.sticks;
	t->dead_threads.nvcsw += l->dead_threads.nvcsw;
	t->dead_threads.nivcsw += l->dead_threads.nivcsw;
	t->reaped.utime += l->reaped.utime;
	t->reaped.stime += l->reaped.stime;
	t->reaped.nvcsw += l->reaped.nvcsw;
	t->reaped.nivcsw += l->reaped.nivcsw;
}

/*
 * @t becomes the leader in place of @l, a zombie nobody was told of.
 * The ids swap, so a lookup of the process's pid finds @t from now on.
 * tasklist_lock held.
 */
static void take_leader_place(struct task *t, struct task *l)
{
	pid_t tid = t->pid;

	t->pid = l->pid;
	l->pid = tid;
	t->exit_signal = l->exit_signal;
	l->exit_signal = -1;
	t->start_time = l->start_time;	/* /proc/<pid> stays the same */
	t->pgid = l->pgid;
	t->sid = l->sid;
	t->ctty = l->ctty;
	list_del(&t->sibling);
	t->parent = l->parent;
	if (t->parent)
		list_add_tail(&t->sibling, &t->parent->children);
	list_del(&l->sibling);
	take_times(t, l);
	cputime_thread_exit_locked(l);	/* its own time, into @t now */
	l->exit_state = EXIT_DEAD;
}

static void wait_for_others(struct task *t)
{
	for (;;) {
		/* Exiting threads and SIGKILL wake us whatever the state. */
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(t->sig->nr_live) == 1 || exec_killed(t))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
}

int de_thread(struct task *t)
{
	struct signal_group *g = t->sig;
	struct task *l = NULL;
	unsigned long flags;
	int err;

	flags = spin_lock_irqsave(&tasklist_lock);
	/* Alone, but maybe beside a zombie leader whose place it takes. */
	if (g->nr_live == 1 && t->pid == t->tgid) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return 0;
	}
	err = signal_exec_begin(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (err)
		return err;
	wait_for_others(t);
	flags = spin_lock_irqsave(&tasklist_lock);
	signal_exec_end(t);
	if (g->nr_live != 1) {
		err = -EAGAIN;	/* killed: the others finish dying alone */
	} else if (t->pid != t->tgid) {
		/* The leader left the count at its exit: it is a zombie. */
		l = find_task_by_pid(t->tgid);
		if (l && l->sig == g && l->exit_state == EXIT_ZOMBIE)
			take_leader_place(t, l);
		else
			l = NULL;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (l) {
		proc_count_fork();	/* the old leader's exit uncounted it */
		release_unwaited(l);
	}
	return err;
}
