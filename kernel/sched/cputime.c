// SPDX-License-Identifier: MIT
/*
 * CPU time.  The scheduler charges each task's run time exactly, in ns,
 * at every switch and every tick (sum_exec_runtime); the tick also notes
 * whether it found the task in user or kernel mode.  User and system
 * time are the run time split in the proportion of those samples, as
 * Linux does without precise accounting: the sum is exact, the split is
 * as good as tick sampling (a task that never met a tick counts as all
 * user time).
 *
 * A process's time is that of its live threads plus what its exited
 * threads left in the leader's dead_threads; its children's time is
 * what it banked in reaped (in the leader) when it reaped them, each
 * child bringing its own reaped children along, as getrusage(2)'s
 * RUSAGE_CHILDREN and times(2)'s cutime/cstime count them.
 */
#include <umka/proc.h>
#include <umka/time.h>
#include <umka/irqflags.h>
#include <umka/string.h>
#include <umka/uaccess.h>
#include "sched.h"

struct raw_times {
	u64 rtime, uticks, sticks, nvcsw, nivcsw;
};

/* Add @t's counters to @r, with the running task's current stretch. */
static void task_raw(struct task *t, struct raw_times *r)
{
	unsigned long flags = local_irq_save();
	struct rq *rq = task_rq_lock(t);
	u64 rtime = t->sum_exec_runtime;

	if (rq->curr == t && !t->is_idle) {
		u64 now = ktime_get_ns();

		if ((s64)(now - t->exec_start) > 0)
			rtime += now - t->exec_start;
	}
	r->rtime += rtime;
	r->uticks += t->utime_ticks;
	r->sticks += t->stime_ticks;
	r->nvcsw += t->nvcsw;
	r->nivcsw += t->nivcsw;
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
}

/* a * b / c for b <= c, without 128-bit division. */
static u64 scale(u64 a, u64 b, u64 c)
{
	return a / c * b + a % c * b / c;
}

static void split(const struct raw_times *r, struct cpu_times *ct)
{
	u64 stime;

	if (!r->sticks)
		stime = 0;
	else if (!r->uticks)
		stime = r->rtime;
	else
		stime = scale(r->rtime, r->sticks, r->uticks + r->sticks);
	ct->rtime = r->rtime;
	ct->stime = stime;
	ct->utime = r->rtime - stime;
	ct->nvcsw = r->nvcsw;
	ct->nivcsw = r->nivcsw;
}

void task_cpu_times(struct task *t, struct cpu_times *ct)
{
	struct raw_times r = { 0 };

	task_raw(t, &r);
	split(&r, ct);
}

/* The group leader, where the per-process totals live. */
static struct task *leader_of(struct task *t)
{
	struct task *l = find_task_by_pid(t->tgid);

	return l ? l : t;
}

/* Threads that exited were banked in the leader: skip them. */
static bool banked(const struct task *t)
{
	return t->exit_state == EXIT_DEAD && t->pid != t->tgid;
}

void process_cpu_times_locked(struct task *t, struct cpu_times *ct)
{
	struct raw_times r = { 0 };
	struct task *o, *l = leader_of(t);

	list_for_each_entry(o, task_list(), all_tasks)
		if (o->tgid == t->tgid && !banked(o))
			task_raw(o, &r);
	r.rtime += l->dead_threads.rtime;
	r.uticks += l->dead_threads.uticks;
	r.sticks += l->dead_threads.sticks;
	r.nvcsw += l->dead_threads.nvcsw;
	r.nivcsw += l->dead_threads.nivcsw;
	split(&r, ct);
}

void process_cpu_times(struct task *t, struct cpu_times *ct)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	process_cpu_times_locked(t, ct);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void process_children_times_locked(struct task *t, struct cpu_times *ct)
{
	struct task *l = leader_of(t);

	ct->utime = l->reaped.utime;
	ct->stime = l->reaped.stime;
	ct->rtime = ct->utime + ct->stime;
	ct->nvcsw = l->reaped.nvcsw;
	ct->nivcsw = l->reaped.nivcsw;
}

void cputime_thread_exit_locked(struct task *t)
{
	struct task *l = find_task_by_pid(t->tgid);
	struct raw_times r = { 0 };

	if (!l || l == t)
		return;
	task_raw(t, &r);
	l->dead_threads.rtime += r.rtime;
	l->dead_threads.uticks += r.uticks;
	l->dead_threads.sticks += r.sticks;
	l->dead_threads.nvcsw += r.nvcsw;
	l->dead_threads.nivcsw += r.nivcsw;
}

void cputime_reap(struct task *parent, struct task *child,
		  struct cpu_times *ct)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct cpu_times self, kids;
	struct task *l;

	process_cpu_times_locked(child, &self);
	process_children_times_locked(child, &kids);
	ct->utime = self.utime + kids.utime;
	ct->stime = self.stime + kids.stime;
	ct->rtime = ct->utime + ct->stime;
	ct->nvcsw = self.nvcsw + kids.nvcsw;
	ct->nivcsw = self.nivcsw + kids.nivcsw;
	l = leader_of(parent);
	l->reaped.utime += ct->utime;
	l->reaped.stime += ct->stime;
	l->reaped.nvcsw += ct->nvcsw;
	l->reaped.nivcsw += ct->nivcsw;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* struct rusage on x86-64: two timevals, then fourteen longs. */
struct rusage64 {
	s64 utime_sec, utime_usec, stime_sec, stime_usec;
	s64 maxrss, ixrss, idrss, isrss, minflt, majflt, nswap;
	s64 inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

int put_rusage(void __user *ru, const struct cpu_times *ct)
{
	struct rusage64 r;

	memset(&r, 0, sizeof(r));
	r.utime_sec = (s64)(ct->utime / NSEC_PER_SEC);
	r.utime_usec = (s64)(ct->utime % NSEC_PER_SEC / NSEC_PER_USEC);
	r.stime_sec = (s64)(ct->stime / NSEC_PER_SEC);
	r.stime_usec = (s64)(ct->stime % NSEC_PER_SEC / NSEC_PER_USEC);
	r.nvcsw = (s64)ct->nvcsw;
	r.nivcsw = (s64)ct->nivcsw;
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}
