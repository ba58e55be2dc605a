// SPDX-License-Identifier: MIT
/*
 * Process and thread ids, and set_tid_address.  These cannot fail.
 */
#include <umka/syscall.h>
#include <umka/proc.h>

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *p = current->parent;
	pid_t ppid = p ? p->tgid : 0;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = (unsigned long)tidptr;
	return current->pid;
}
