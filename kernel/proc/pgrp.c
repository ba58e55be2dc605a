// SPDX-License-Identifier: MIT
/*
 * Process groups and sessions (credentials(7), setpgid(2), setsid(2)).
 * Errors: ESRCH (no such process, or not us or our child), EINVAL
 * (negative pgid), EPERM (moving a session leader, into another
 * session, or setsid by a group leader), EACCES (child already exec'd).
 */
#include <umka/syscall.h>
#include <umka/proc.h>
#include <umka/errno.h>

static struct task *lookup(pid_t pid)
{
	return pid ? find_task_by_pid(pid) : current;
}

static bool group_exists(pid_t pgid, pid_t sid)
{
	struct task *t;

	list_for_each_entry(t, task_list(), all_tasks)
		if (t->pgid == pgid && t->sid == sid && !t->exit_state)
			return true;
	return false;
}

static bool leads_a_group(pid_t pid)
{
	struct task *t;

	list_for_each_entry(t, task_list(), all_tasks)
		if (t->pgid == pid && !t->exit_state)
			return true;
	return false;
}

static long do_setpgid(pid_t pid, pid_t pgid)
{
	struct task *t = lookup(pid);

	if (!t || t->exit_state ||
	    (t != current && t->parent != current))
		return -ESRCH;
	if (!pgid)
		pgid = t->pid;
	if (t->sid != current->sid || t->pid == t->sid)
		return -EPERM;
	if (pgid != t->pid && !group_exists(pgid, current->sid))
		return -EPERM;
	t->pgid = pgid;
	return 0;
}

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	unsigned long flags;
	long ret;

	if (pgid < 0 || pid < 0)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	ret = do_setpgid(pid, pgid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

static long get_field(pid_t pid, bool sid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = pid < 0 ? NULL : lookup(pid);
	long ret = t ? (sid ? t->sid : t->pgid) : -ESRCH;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	return get_field(pid, false);
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->pgid;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	return get_field(pid, true);
}

SYSCALL_DEFINE0(setsid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	long ret;

	if (leads_a_group(current->pid)) {
		ret = -EPERM;	/* a group leader cannot start a session */
	} else {
		current->sid = current->pgid = current->pid;
		current->ctty = NULL;
		ret = current->sid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
