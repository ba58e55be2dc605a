// SPDX-License-Identifier: MIT
/*
 * ioprio_get, ioprio_set: a task's I/O scheduling class and level.  The
 * block layer here dispatches in order, like Linux's "none" scheduler,
 * under which these values change nothing either; they are kept, checked
 * and reported as on Linux (ionice works), and inherited by fork.
 *
 * Errors: EINVAL (bad which, class or level), ESRCH (no such task),
 * EPERM (the realtime class, or another user's task, without root).
 */
#include <umka/syscall.h>
#include <umka/proc.h>
#include <umka/errno.h>

#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_WHO_PGRP 2
#define IOPRIO_WHO_USER 3
#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_CLASS_RT 1
#define IOPRIO_CLASS_IDLE 3
#define IOPRIO_LEVELS 8

static int class_of(int prio)
{
	return (prio >> IOPRIO_CLASS_SHIFT) & 7;
}

static bool matches(const struct task *t, int which, int who)
{
	if (t->exit_state || !t->mm)
		return false;
	if (which == IOPRIO_WHO_PROCESS)
		return t->pid == (who ? who : current->pid);
	if (which == IOPRIO_WHO_PGRP)
		return t->pgid == (who ? who : current->pgid);
	return t->cred.uid == (uid_t)(who ? who : (int)current->cred.uid);
}

static int check_value(int prio)
{
	int class = class_of(prio);
	int level = prio & ((1 << IOPRIO_CLASS_SHIFT) - 1);

	if (class > IOPRIO_CLASS_IDLE || prio >> 16)
		return -EINVAL;
	if (class && class != IOPRIO_CLASS_IDLE && level >= IOPRIO_LEVELS)
		return -EINVAL;
	if (class == IOPRIO_CLASS_RT && current->cred.euid != 0)
		return -EPERM;	/* CAP_SYS_ADMIN on Linux */
	return 0;
}

SYSCALL_DEFINE3(ioprio_set, int, which, int, who, int, prio)
{
	unsigned long flags;
	struct task *t;
	int err = check_value(prio), found = 0;

	if (which < IOPRIO_WHO_PROCESS || which > IOPRIO_WHO_USER)
		return -EINVAL;
	if (err)
		return err;
	flags = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(t, task_list(), all_tasks) {
		if (!matches(t, which, who))
			continue;
		found = 1;
		if (current->cred.euid && current->cred.euid != t->cred.uid &&
		    current->cred.uid != t->cred.uid)
			err = -EPERM;
		else
			t->ioprio = prio;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found ? err : -ESRCH;
}

/* Class "none" ranks as best-effort when tasks are compared. */
static int rank(int prio)
{
	return class_of(prio) ? class_of(prio) : 2;
}

/* Of several tasks, the strongest setting counts, as on Linux. */
static bool stronger(int a, int b)
{
	return rank(a) < rank(b) || (rank(a) == rank(b) && (a & 0xff) < (b & 0xff));
}

SYSCALL_DEFINE2(ioprio_get, int, which, int, who)
{
	unsigned long flags;
	struct task *t;
	int best = -ESRCH;

	if (which < IOPRIO_WHO_PROCESS || which > IOPRIO_WHO_USER)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(t, task_list(), all_tasks)
		if (matches(t, which, who) &&
		    (best < 0 || stronger(t->ioprio, best)))
			best = t->ioprio;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}
