// SPDX-License-Identifier: MIT
/*
 * Job control as the tty sees it: which session owns the terminal, which
 * process group is in the foreground, and the hooks into the process
 * code that actually sends signals and judges background access.  The
 * tty only stores ids; it never looks at tasks.
 */
#include <umka/compiler.h>
#include <umka/errno.h>
#include "tty_internal.h"

const struct tty_job_ops *tty_job_ops;

const struct tty_job_ops *tty_set_job_ops(const struct tty_job_ops *ops)
{
	const struct tty_job_ops *old = tty_job_ops;

	WRITE_ONCE(tty_job_ops, ops);
	return old;
}

void tty_signal_pgrp(pid_t pgrp, int sig)
{
	const struct tty_job_ops *ops = READ_ONCE(tty_job_ops);

	/* No foreground group (or no process code yet): nobody to tell. */
	if (pgrp > 0 && ops && ops->kill_pgrp)
		ops->kill_pgrp(pgrp, sig);
}

int tty_job_check(struct tty *t, int sig)
{
	const struct tty_job_ops *ops = READ_ONCE(tty_job_ops);

	return ops && ops->job_check ? ops->job_check(t, sig) : 0;
}

pid_t tty_get_pgrp(struct tty *t)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	pid_t pgrp = t->pgrp;

	spin_unlock_irqrestore(&t->lock, flags);
	return pgrp;
}

pid_t tty_get_session(struct tty *t)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	pid_t sid = t->session;

	spin_unlock_irqrestore(&t->lock, flags);
	return sid;
}

void tty_release_session(struct tty *t, pid_t sid)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	pid_t pgrp = 0;
	bool owned = sid > 0 && t->session == sid;

	if (owned) {
		pgrp = t->pgrp;
		t->session = 0;
		t->pgrp = 0;
	}
	spin_unlock_irqrestore(&t->lock, flags);
	if (!owned)
		return;
	/* As on Linux: the foreground job hears the hang-up, and stopped
	 * members are continued so they can act on it. */
	tty_signal_pgrp(pgrp, TTY_SIGHUP);
	tty_signal_pgrp(pgrp, TTY_SIGCONT);
}
