// SPDX-License-Identifier: MIT
/*
 * The process side of terminal job control, plugged into the tty layer:
 * signalling a process group, stopping background jobs that touch the
 * terminal (SIGTTIN/SIGTTOU), and checking process groups for
 * TIOCSPGRP.  See docs/tty.md.
 */
#include <umka/proc.h>
#include <umka/tty.h>
#include <umka/signal.h>
#include <umka/sigtypes.h>
#include <umka/errno.h>

#define SIGMASK(s) (1ULL << ((s) - 1))

static int kill_pgrp(pid_t pgrp, int sig)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t;
	int found = 0;

	list_for_each_entry(t, task_list(), all_tasks) {
		/* Once per process, which its threads may take. */
		if (t->pgid != pgrp || t->pid != t->tgid ||
		    !signal_group_alive(t))
			continue;
		send_signal(t, sig, SI_KERNEL, 0);
		found++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found ? 0 : -ESRCH;
}

static bool pgrp_in_session(pid_t pgrp, pid_t sid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t;
	bool found = false;

	list_for_each_entry(t, task_list(), all_tasks)
		if (t->pgid == pgrp && t->sid == sid && !t->exit_state) {
			found = true;
			break;
		}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

static bool ignored_or_blocked(int sig)
{
	struct task *t = current;

	return (t->sig_blocked & SIGMASK(sig)) ||
	       (t->sighand && t->sighand->action[sig - 1].handler == SIG_IGN);
}

static int job_check(struct tty *tty, int sig)
{
	struct task *t = current;
	pid_t fg = tty_get_pgrp(tty);

	/* Only our own controlling terminal, and only from the background. */
	if (t->ctty != tty || !fg || t->pgid == fg)
		return 0;
	if (ignored_or_blocked(sig))
		return sig == SIGTTOU ? 0 : -EIO;
	kill_pgrp(t->pgid, sig);
	return -ERESTARTSYS;
}

static const struct tty_job_ops proc_job_ops = {
	.kill_pgrp = kill_pgrp,
	.job_check = job_check,
	.pgrp_in_session = pgrp_in_session,
};

void jobctl_init(void)
{
	tty_set_job_ops(&proc_job_ops);
}
