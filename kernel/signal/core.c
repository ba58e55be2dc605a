// SPDX-License-Identifier: MIT
/*
 * Signal generation and delivery, first cut: pending and blocked masks
 * per task and Linux's default actions.  User handlers (rt_sigaction,
 * signal frames) build on this.
 */
#include <umka/signal.h>
#include <umka/proc.h>
#include <umka/errno.h>
#include <umka/printk.h>

#define SIGMASK(s) (1ULL << ((s) - 1))
/* Default action "ignore" (Linux signal(7)). */
#define IGNORE_SET (SIGMASK(SIGCHLD) | SIGMASK(SIGURG) | SIGMASK(SIGWINCH))
/* Default action "stop". */
#define STOP_SET (SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | \
		  SIGMASK(SIGTTOU))

static void recalc_pending(struct task *t)
{
	WRITE_ONCE(t->sigpending, (t->sig_pending & ~t->sig_blocked) != 0);
}

int send_signal(struct task *t, int sig, int code, pid_t from)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	__atomic_fetch_or(&t->sig_pending, SIGMASK(sig), __ATOMIC_SEQ_CST);
	t->sig_info[sig - 1].code = code;
	t->sig_info[sig - 1].pid = from;
	recalc_pending(t);
	/* Wake it if it sleeps interruptibly (or at all for SIGKILL). */
	if (t->state == TASK_INTERRUPTIBLE || sig == SIGKILL)
		wake_up_process(t);
	return 0;
}

void force_fault_signal(int sig, int code, unsigned long addr)
{
	struct task *t = current;

	/* A fault signal that is blocked cannot be deferred: Linux kills. */
	t->sig_blocked &= ~SIGMASK(sig);
	t->sig_info[sig - 1].addr = addr;
	send_signal(t, sig, code, 0);
}

void send_sigpipe(void)
{
	send_signal(current, SIGPIPE, SI_USER, current->tgid);
}

static int next_signal(struct task *t)
{
	u64 ready = t->sig_pending & ~t->sig_blocked;

	return ready ? __builtin_ctzll(ready) + 1 : 0;
}

void do_signal(struct pt_regs *regs)
{
	struct task *t = current;
	int sig;

	(void)regs;
	while ((sig = next_signal(t))) {
		__atomic_fetch_and(&t->sig_pending, ~SIGMASK(sig),
				   __ATOMIC_SEQ_CST);
		if (SIGMASK(sig) & (IGNORE_SET | STOP_SET))
			continue;	/* job control arrives with the TTY */
		/*
		 * Core signals would dump core, but RLIMIT_CORE is 0 (as on
		 * Debian by default), so like Linux we report no core.
		 */
		do_exit_signal(sig);
	}
	recalc_pending(t);
}
