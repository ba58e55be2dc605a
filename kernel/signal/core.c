// SPDX-License-Identifier: MIT
/*
 * Signal generation and delivery (Linux semantics, signal(7)): per-task
 * pending and blocked masks, shared handler tables, default actions
 * including job-control stop and continue, and handler invocation via
 * an architecture signal frame.
 */
#include <umka/signal.h>
#include <umka/sigtypes.h>
#include <umka/proc.h>
#include <umka/wait.h>
#include <umka/slab.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/printk.h>
#include <asm/signal_frame.h>

#define SIGMASK(s) (1ULL << ((s) - 1))
#define IGNORE_SET (SIGMASK(SIGCHLD) | SIGMASK(SIGURG) | SIGMASK(SIGWINCH) | \
		    SIGMASK(SIGCONT))
#define STOP_SET (SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | \
		  SIGMASK(SIGTTOU))
#define UNBLOCKABLE (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))

struct sighand *sighand_alloc(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));

	if (sh) {
		sh->refs = 1;
		spin_lock_init(&sh->lock, "sighand", LOCK_LEVEL_SIGHAND);
	}
	return sh;
}

struct sighand *sighand_copy(struct sighand *old, bool share)
{
	struct sighand *sh;

	if (!old)
		return sighand_alloc();
	if (share) {
		__atomic_fetch_add(&old->refs, 1, __ATOMIC_RELAXED);
		return old;
	}
	sh = sighand_alloc();
	if (sh)
		memcpy(sh->action, old->action, sizeof(sh->action));
	return sh;
}

void sighand_put(struct sighand *sh)
{
	if (sh && __atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sh);
}

/* exec: handlers go back to default; ignored signals stay ignored. */
void sighand_reset_for_exec(struct sighand *sh)
{
	for (int i = 0; i < 64; i++)
		if (sh->action[i].handler != SIG_IGN)
			sh->action[i] = (struct k_sigaction){ 0 };
}

void recalc_sigpending(struct task *t)
{
	WRITE_ONCE(t->sigpending, (t->sig_pending & ~t->sig_blocked) != 0);
}

static unsigned long handler_of(struct task *t, int sig)
{
	return t->sighand ? t->sighand->action[sig - 1].handler : SIG_DFL;
}

static bool ignored(struct task *t, int sig)
{
	unsigned long h = handler_of(t, sig);

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN || (h == SIG_DFL && (SIGMASK(sig) & IGNORE_SET) &&
				sig != SIGCONT);
}

/* SIGCONT resumes a stopped task; any stop signal cancels a pending CONT. */
static void job_control_generate(struct task *t, int sig)
{
	if (sig == SIGCONT || sig == SIGKILL) {
		__atomic_fetch_and(&t->sig_pending, ~STOP_SET, __ATOMIC_SEQ_CST);
		if (__atomic_exchange_n(&t->stop_state, 0, __ATOMIC_SEQ_CST))
			wake_up_process(t);
	} else if (SIGMASK(sig) & STOP_SET) {
		__atomic_fetch_and(&t->sig_pending, ~SIGMASK(SIGCONT),
				   __ATOMIC_SEQ_CST);
	}
}

int send_signal_value(struct task *t, int sig, int code, pid_t from,
		      u64 value)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	job_control_generate(t, sig);
	if (ignored(t, sig) && sig != SIGCONT)
		return 0;
	if (sig == SIGCONT && ignored(t, sig))
		return 0;
	t->sig_info[sig - 1].code = code;
	t->sig_info[sig - 1].pid = from;
	/* The sender is current whenever there is one (kill, exit). */
	t->sig_info[sig - 1].uid = from ? current->cred.uid : 0;
	t->sig_info[sig - 1].addr = value;
	__atomic_fetch_or(&t->sig_pending, SIGMASK(sig), __ATOMIC_SEQ_CST);
	recalc_sigpending(t);
	if (READ_ONCE(t->sigpending) || sig == SIGKILL) {
		if (t->state == TASK_INTERRUPTIBLE || sig == SIGKILL)
			wake_up_process(t);
	}
	return 0;
}

int send_signal(struct task *t, int sig, int code, pid_t from)
{
	return send_signal_value(t, sig, code, from, 0);
}

void force_fault_signal(int sig, int code, unsigned long addr)
{
	struct task *t = current;

	/* A blocked or ignored fault signal cannot be deferred: Linux kills. */
	t->sig_blocked &= ~SIGMASK(sig);
	if (t->sighand && t->sighand->action[sig - 1].handler == SIG_IGN)
		t->sighand->action[sig - 1].handler = SIG_DFL;
	send_signal_value(t, sig, code, 0, addr);
}

void send_sigpipe(void)
{
	send_signal(current, SIGPIPE, SI_USER, current->tgid);
}

static int next_signal(struct task *t)
{
	u64 ready = t->sig_pending & ~t->sig_blocked;

	/* Synchronous faults first, then the lowest number, as Linux. */
	return ready ? __builtin_ctzll(ready) + 1 : 0;
}

/* Tell the parent we stopped and sleep until SIGCONT or SIGKILL. */
static void do_stop(struct task *t, int sig)
{
	bool killed;

	t->cont_report = false;
	/*
	 * The status first: a parent in wait() on another CPU reads it as
	 * soon as it sees the report bit.
	 */
	t->wait_status = (sig << 8) | 0x7f;
	__atomic_store_n(&t->stop_state, sig | 0x100, __ATOMIC_RELEASE);
	notify_parent_stop(t, sig);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		killed = t->sig_pending & SIGMASK(SIGKILL);
		if (!__atomic_load_n(&t->stop_state, __ATOMIC_ACQUIRE) || killed)
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	__atomic_store_n(&t->stop_state, 0, __ATOMIC_RELAXED);
	if (!killed)
		notify_parent_cont(t);
}

static bool is_fault(int sig, int code)
{
	return code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
			    sig == SIGFPE || sig == SIGTRAP);
}

static void fill_info(struct task *t, int sig, struct user_siginfo *info)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = t->sig_info[sig - 1].code;
	if (is_fault(sig, info->si_code)) {
		info->addr = t->sig_info[sig - 1].addr;
		return;
	}
	info->kill.pid = t->sig_info[sig - 1].pid;
	info->kill.uid = t->sig_info[sig - 1].uid;
	/* SIGCHLD from an exit or stop: the status rides in the value. */
	if (sig == SIGCHLD && info->si_code > 0) {
		info->kill.status = (int)t->sig_info[sig - 1].addr;
		return;
	}
	/* si_value follows pid and uid, 8-byte aligned. */
	if (info->si_code < 0 && info->si_code != SI_TKILL)
		memcpy(info->bytes + 8, &t->sig_info[sig - 1].addr, 8);
}

int dequeue_signal(struct task *t, u64 mask, struct user_siginfo *info)
{
	u64 ready = t->sig_pending & mask;
	int sig;

	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	__atomic_fetch_and(&t->sig_pending, ~SIGMASK(sig), __ATOMIC_SEQ_CST);
	recalc_sigpending(t);
	fill_info(t, sig, info);
	return sig;
}

/* Restart or fail the interrupted system call, per SA_RESTART. */
static void handle_restart(struct pt_regs *r, bool in_syscall,
			   const struct k_sigaction *ka)
{
	long ret = (long)r->rax;

	if (!in_syscall)
		return;
	if (ret == -ERESTARTNOHAND || (ret == -ERESTARTSYS && ka &&
				       !(ka->flags & SA_RESTART)))
		r->rax = (unsigned long)-EINTR;
	else if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR)
		arch_restart_syscall(r);
}

static bool deliver(struct task *t, struct pt_regs *r, int sig,
		    bool in_syscall)
{
	struct k_sigaction ka = t->sighand->action[sig - 1];
	struct user_siginfo info;
	u64 old_blocked = t->restore_blocked ? t->saved_blocked : t->sig_blocked;

	handle_restart(r, in_syscall, &ka);
	fill_info(t, sig, &info);
	if (arch_setup_rt_frame(t, r, sig, &ka, &info, old_blocked)) {
		force_fault_signal(SIGSEGV, SI_KERNEL, 0);
		return false;
	}
	t->restore_blocked = false;
	if (ka.flags & SA_RESETHAND)
		t->sighand->action[sig - 1].handler = SIG_DFL;
	t->sig_blocked |= ka.mask & ~UNBLOCKABLE;
	if (!(ka.flags & SA_NODEFER))
		t->sig_blocked |= SIGMASK(sig) & ~UNBLOCKABLE;
	return true;
}

void do_signal_ex(struct pt_regs *regs, bool in_syscall)
{
	struct task *t = current;
	int sig;

	while ((sig = next_signal(t))) {
		unsigned long h = handler_of(t, sig);

		__atomic_fetch_and(&t->sig_pending, ~SIGMASK(sig),
				   __ATOMIC_SEQ_CST);
		recalc_sigpending(t);
		if (h == SIG_IGN && sig != SIGKILL && sig != SIGSTOP)
			continue;
		if (h != SIG_DFL && sig != SIGKILL && sig != SIGSTOP) {
			if (deliver(t, regs, sig, in_syscall))
				in_syscall = false;
			break;	/* one frame per return, like Linux */
		}
		if (SIGMASK(sig) & IGNORE_SET)
			continue;
		if (SIGMASK(sig) & STOP_SET) {
			do_stop(t, sig);
			continue;
		}
		/* RLIMIT_CORE is 0 as on Debian: no core, no core bit. */
		do_exit_signal(sig);
	}
	handle_restart(regs, in_syscall, NULL);
	if (t->restore_blocked) {
		t->sig_blocked = t->saved_blocked;
		t->restore_blocked = false;
	}
	recalc_sigpending(t);
}

void do_signal(struct pt_regs *regs)
{
	do_signal_ex(regs, false);
}
