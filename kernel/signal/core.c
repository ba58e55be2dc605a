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

/* siglock held.  A thread with group-stop work counts as pending too. */
void recalc_sigpending(struct task *t)
{
	struct signal_group *g = t->sig;
	u64 ready = (t->pending.set | g->shared.set) & ~t->sig_blocked;
	bool stop = READ_ONCE(g->stop_state) && !t->stop_state;

	WRITE_ONCE(t->sigpending, ready || stop);
}

/* Another task's handlers: read under its siglock (exit clears them). */
static unsigned long handler_of(struct task *t, int sig)
{
	struct sighand *sh = READ_ONCE(t->sighand);

	return sh ? sh->action[sig - 1].handler : SIG_DFL;
}

static bool ignored(struct task *t, int sig)
{
	unsigned long h = handler_of(t, sig);

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN || (h == SIG_DFL && (SIGMASK(sig) & IGNORE_SET) &&
				sig != SIGCONT);
}

/* An ignored signal is dropped when sent, unless blocked (for sigwait). */
static bool discard(struct task *t, int sig)
{
	return ignored(t, sig) &&
	       !((t->sig_blocked | t->real_blocked) & SIGMASK(sig));
}

static bool live_thread(const struct task *t)
{
	return !list_empty(&t->thread_node);
}

bool signal_group_alive(const struct task *t)
{
	return t->sig && !list_empty(&t->sig->threads);
}

/*
 * Tell @t it has a signal.  The flag is written before the state is
 * read; a sleeper sets its state before it reads the flag.
 */
static void signal_wake(struct task *t, int sig)
{
	WRITE_ONCE(t->sigpending, true);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (sig == SIGKILL || READ_ONCE(t->state) == TASK_INTERRUPTIBLE)
		wake_up_process(t);
}

static bool wants(const struct task *t, int sig)
{
	return live_thread(t) && !(t->sig_blocked & SIGMASK(sig));
}

/*
 * A process-directed signal: wake one thread that can take it, @pref
 * first (the main thread for kill), else any.  If all block it, it stays
 * pending until one unblocks it or waits for it.  siglock held.
 */
static void complete_group(struct signal_group *g, struct task *pref, int sig)
{
	struct task *o;

	if (pref && wants(pref, sig)) {
		signal_wake(pref, sig);
		return;
	}
	list_for_each_entry(o, &g->threads, thread_node)
		if (wants(o, sig)) {
			signal_wake(o, sig);
			return;
		}
}

/* Drop the signals in @mask from the group and all its threads. */
static void flush_group(struct signal_group *g, u64 mask)
{
	struct task *o;

	sigpending_flush(&g->shared, mask);
	list_for_each_entry(o, &g->threads, thread_node)
		sigpending_flush(&o->pending, mask);
}

/* A SIGKILL for @t itself (a process-wide one lands there too). */
static bool task_killed_private(const struct task *t)
{
	return (t->pending.set & SIGMASK(SIGKILL)) != 0;
}

/* SIGKILL for a whole process reaches every thread at once. */
static void kill_group(struct signal_group *g, const struct ksiginfo *info,
		       struct task *except)
{
	struct task *o;

	list_for_each_entry(o, &g->threads, thread_node) {
		if (o == except)
			continue;
		sigpending_add(&o->pending, SIGKILL, info, 0, 0);
		signal_wake(o, SIGKILL);
	}
}

/*
 * SIGCONT and SIGKILL resume a stopped group and cancel pending stops;
 * a stop signal cancels a pending SIGCONT.  siglock held.
 */
static void job_control_generate(struct signal_group *g, int sig)
{
	struct task *o;

	if (sig == SIGCONT || sig == SIGKILL) {
		flush_group(g, STOP_SET);
		if (!READ_ONCE(g->stop_state))
			return;
		/*
		 * Before the stop ends, so a resumed thread sees it; only a
		 * stop the parent was told of (all threads stopped).
		 */
		if (sig == SIGCONT && !g->stop_count)
			__atomic_store_n(&g->cont_pending, true,
					 __ATOMIC_RELEASE);
		__atomic_exchange_n(&g->stop_state, 0, __ATOMIC_SEQ_CST);
		list_for_each_entry(o, &g->threads, thread_node)
			wake_up_process(o);
	} else if (SIGMASK(sig) & STOP_SET) {
		flush_group(g, SIGMASK(SIGCONT));
	}
}

static int send_locked(struct task *t, int sig, const struct ksiginfo *info,
		       bool thread)
{
	struct signal_group *g = t->sig;
	u64 limit;
	int err;

	if (!thread && list_empty(&g->threads))
		return 0;	/* every thread has exited */
	job_control_generate(g, sig);
	if (discard(t, sig))
		return 0;
	if (sig == SIGKILL && !thread) {
		kill_group(g, info, NULL);
		return 0;
	}
	limit = sig > SIG_NSTD ? task_rlimit_cur(t, RLIMIT_SIGPENDING_RES) : 0;
	err = sigpending_add(thread ? &t->pending : &g->shared, sig, info,
			     t->cred.uid, limit);
	if (err)
		return err;
	if (!thread) {
		complete_group(g, t, sig);
		return 0;
	}
	if (!(t->sig_blocked & SIGMASK(sig)))
		signal_wake(t, sig);
	return 0;
}

int send_signal_info(struct task *t, int sig, const struct ksiginfo *info,
		     bool thread)
{
	struct signal_group *g = t->sig;
	unsigned long flags;
	int err;

	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (!g)
		return 0;	/* a kernel thread takes no signals */
	flags = spin_lock_irqsave(&g->lock);
	err = send_locked(t, sig, info, thread);
	spin_unlock_irqrestore(&g->lock, flags);
	if (waitqueue_active(g->signalfd_wq))
		wake_up_all(g->signalfd_wq);
	return err;
}

struct ksiginfo ksiginfo_from(int code, pid_t from, u64 value)
{
	/* The sender is current whenever there is one (kill, exit). */
	return (struct ksiginfo){ code, from, from ? current->cred.uid : 0,
				  value };
}

int send_signal_value(struct task *t, int sig, int code, pid_t from,
		      u64 value)
{
	struct ksiginfo info = ksiginfo_from(code, from, value);

	return send_signal_info(t, sig, &info, false);
}

int send_signal(struct task *t, int sig, int code, pid_t from)
{
	return send_signal_value(t, sig, code, from, 0);
}

void signal_kill_other_threads(struct task *t, int wait_status)
{
	struct ksiginfo info = { SI_KERNEL, 0, 0, 0 };
	struct signal_group *g = t->sig;
	unsigned long flags;

	if (!g)
		return;
	flags = spin_lock_irqsave(&g->lock);
	/*
	 * While another thread execs, the threads it killed and those that
	 * call exit_group just go; a fatal signal other than SIGKILL kills
	 * the whole process, the exec'ing thread too.
	 */
	if (g->exec_task && g->exec_task != t && !g->group_exit &&
	    (!(wait_status & 0x7f) || (wait_status & 0x7f) == SIGKILL)) {
		spin_unlock_irqrestore(&g->lock, flags);
		return;
	}
	if (!g->group_exit) {
		g->group_exit = true;
		g->exit_status = wait_status;
	}
	kill_group(g, &info, t);
	spin_unlock_irqrestore(&g->lock, flags);
}

int signal_exec_begin(struct task *t)
{
	struct ksiginfo info = { SI_KERNEL, 0, 0, 0 };
	struct signal_group *g = t->sig;
	int err = 0;

	spin_lock(&g->lock);
	if (g->group_exit || g->exec_task || task_killed_private(t)) {
		err = -EAGAIN;
	} else {
		g->exec_task = t;
		kill_group(g, &info, t);
	}
	spin_unlock(&g->lock);
	return err;
}

void signal_exec_end(struct task *t)
{
	struct signal_group *g = t->sig;

	spin_lock(&g->lock);
	if (g->exec_task == t)
		g->exec_task = NULL;
	spin_unlock(&g->lock);
}

int signal_exit_status(struct task *t, int own)
{
	struct signal_group *g = t->sig;
	unsigned long flags;
	int status = own;

	if (!g)
		return own;
	flags = spin_lock_irqsave(&g->lock);
	if (g->group_exit)
		status = g->exit_status;
	spin_unlock_irqrestore(&g->lock, flags);
	return status;
}

/*
 * Newly blocked signals that are pending for the whole process: another
 * thread may take them (the one woken for them may not any more).
 */
static void retarget(struct signal_group *g, u64 mask)
{
	for (int sig = 1; mask; sig++, mask >>= 1)
		if (mask & 1)
			complete_group(g, NULL, sig);
}

void signal_set_blocked(u64 mask)
{
	struct task *t = current;
	struct signal_group *g = t->sig;
	unsigned long flags;
	u64 added;

	mask &= ~UNBLOCKABLE;
	if (!g) {
		t->sig_blocked = mask;
		return;
	}
	flags = spin_lock_irqsave(&g->lock);
	added = mask & ~t->sig_blocked;
	t->sig_blocked = mask;
	recalc_sigpending(t);
	retarget(g, added & g->shared.set);
	spin_unlock_irqrestore(&g->lock, flags);
}

/* A new action that ignores @sig discards it everywhere (POSIX). */
void signal_action_changed(int sig)
{
	struct task *t = current;
	struct signal_group *g = t->sig;
	unsigned long flags;

	if (!g || !ignored(t, sig))
		return;
	flags = spin_lock_irqsave(&g->lock);
	flush_group(g, SIGMASK(sig));
	recalc_sigpending(t);
	spin_unlock_irqrestore(&g->lock, flags);
}

u64 signal_pending_set(struct task *t)
{
	struct signal_group *g = t->sig;
	unsigned long flags;
	u64 set;

	if (!g)
		return 0;
	flags = spin_lock_irqsave(&g->lock);
	set = t->pending.set | g->shared.set;
	spin_unlock_irqrestore(&g->lock, flags);
	return set;
}

/*
 * The last thread of a group stop has stopped: wait() may report it.
 * The status first: a parent in wait() on another CPU reads it as soon
 * as it sees the report bit.  siglock held; returns the signal.
 */
static int stop_complete(struct signal_group *g)
{
	int sig = READ_ONCE(g->stop_state) & 0xff;

	g->stop_status = (sig << 8) | 0x7f;
	__atomic_fetch_or(&g->stop_state, 0x100, __ATOMIC_RELEASE);
	return sig;
}

/* One thread fewer to stop (it stopped or exited); siglock held. */
static int stop_one(struct signal_group *g)
{
	if (!READ_ONCE(g->stop_state) || !g->stop_count)
		return 0;
	return --g->stop_count ? 0 : stop_complete(g);
}

/*
 * The thread leaves its group's signal life: its own signals go, the
 * shared ones stay for the other threads (or go with the last one).
 */
void signal_task_exit(struct task *t)
{
	struct signal_group *g = t->sig;
	unsigned long flags;
	struct task *o;
	int report;
	bool last;

	if (!g)
		return;
	flags = spin_lock_irqsave(&g->lock);
	/* A stop under way no longer waits for us. */
	report = stop_one(g);
	list_del(&t->thread_node);
	sigpending_flush(&t->pending, ~0ULL);
	last = list_empty(&g->threads);
	if (last)
		sigpending_flush(&g->shared, ~0ULL);
	list_for_each_entry(o, &g->threads, thread_node) {
		recalc_sigpending(o);
		if (READ_ONCE(o->sigpending))
			signal_wake(o, 0);
	}
	spin_unlock_irqrestore(&g->lock, flags);
	if (last) {
		posix_timers_exit(g);
		itimer_group_exit(g);
	}
	if (report)
		notify_parent_stop(t, report);
}

void force_fault_signal(int sig, int code, unsigned long addr)
{
	struct task *t = current;
	struct ksiginfo info = { code, 0, 0, addr };

	/* A blocked or ignored fault signal cannot be deferred: Linux kills. */
	signal_set_blocked(t->sig_blocked & ~SIGMASK(sig));
	if (t->sighand && t->sighand->action[sig - 1].handler == SIG_IGN)
		t->sighand->action[sig - 1].handler = SIG_DFL;
	send_signal_info(t, sig, &info, true);
}

void send_sigpipe(void)
{
	send_signal(current, SIGPIPE, SI_USER, current->tgid);
}

/* Under siglock: the thread's own signals first, then the shared ones. */
static int dequeue_locked(struct task *t, u64 mask, struct ksiginfo *info)
{
	struct sigpending *p = &t->pending;
	u64 ready = p->set & mask;
	int sig;

	if (!ready) {
		p = &t->sig->shared;
		ready = p->set & mask;
	}
	if (!ready) {
		recalc_sigpending(t);	/* another thread took it first */
		return 0;
	}
	/* The lowest number first; real-time ones in send order. */
	sig = __builtin_ctzll(ready) + 1;
	sigpending_take(p, sig, info);
	recalc_sigpending(t);
	return sig;
}

static bool is_fault(int sig, int code)
{
	return code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
			    sig == SIGFPE || sig == SIGTRAP);
}

static void fill_info(int sig, const struct ksiginfo *k,
		      struct user_siginfo *info)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = k->code;
	if (is_fault(sig, info->si_code)) {
		info->addr = k->value;
		return;
	}
	info->kill.pid = k->pid;
	info->kill.uid = k->uid;
	/* SIGCHLD from an exit or stop: the status rides in the value. */
	if (sig == SIGCHLD && info->si_code > 0) {
		info->kill.status = (int)k->value;
		return;
	}
	/* si_value follows pid and uid, 8-byte aligned. */
	if (info->si_code < 0 && info->si_code != SI_TKILL)
		memcpy(info->bytes + 8, &k->value, 8);
	if (info->si_code == SI_TIMER)
		posix_timer_taken(info);
}

int dequeue_signal(struct task *t, u64 mask, struct user_siginfo *info)
{
	struct ksiginfo k;
	unsigned long flags;
	int sig;

	if (!t->sig)
		return 0;
	flags = spin_lock_irqsave(&t->sig->lock);
	sig = dequeue_locked(t, mask, &k);
	spin_unlock_irqrestore(&t->sig->lock, flags);
	if (sig)
		fill_info(sig, &k, info);
	return sig;
}

static bool task_killed(const struct task *t)
{
	return ((READ_ONCE(t->pending.set) | READ_ONCE(t->sig->shared.set)) &
		SIGMASK(SIGKILL)) != 0;
}

/*
 * Sleep while the group is stopped (until SIGCONT or SIGKILL).  The
 * last thread to stop tells the parent; the first to run again after
 * SIGCONT tells it that.
 */
static void stop_wait(struct task *t)
{
	struct signal_group *g = t->sig;
	unsigned long flags = spin_lock_irqsave(&g->lock);
	int report;
	bool killed;

	if (!READ_ONCE(g->stop_state)) {	/* SIGCONT came first */
		spin_unlock_irqrestore(&g->lock, flags);
		return;
	}
	t->stop_state = READ_ONCE(g->stop_state) & 0xff;
	report = stop_one(g);
	spin_unlock_irqrestore(&g->lock, flags);
	if (report)
		notify_parent_stop(t, report);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		killed = task_killed(t);
		if (killed || !__atomic_load_n(&g->stop_state, __ATOMIC_ACQUIRE))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	t->stop_state = 0;
	if (!killed && __atomic_exchange_n(&g->cont_pending, false,
					   __ATOMIC_ACQ_REL))
		notify_parent_cont(t);
}

/*
 * A stop signal's default action: every thread stops.  Started in the
 * siglock section that took the signal, so a SIGCONT sent after it
 * finds the stop to end.  siglock held.
 */
static void group_stop_start(struct task *t, int sig)
{
	struct signal_group *g = t->sig;
	struct task *o;

	g->cont_report = false;
	g->stop_count = 0;
	list_for_each_entry(o, &g->threads, thread_node)
		g->stop_count++;
	__atomic_store_n(&g->stop_state, sig, __ATOMIC_RELEASE);
	list_for_each_entry(o, &g->threads, thread_node)
		if (o != t)
			signal_wake(o, 0);
}

static bool stops(struct task *t, int sig)
{
	return (SIGMASK(sig) & STOP_SET) && handler_of(t, sig) == SIG_DFL;
}

/* The next signal to act on; group stops are done on the way. */
static int get_signal(struct task *t, struct ksiginfo *info)
{
	struct signal_group *g = t->sig;
	unsigned long flags;
	int sig;

	for (;;) {
		flags = spin_lock_irqsave(&g->lock);
		if (!READ_ONCE(g->stop_state) || task_killed(t)) {
			sig = dequeue_locked(t, ~t->sig_blocked, info);
			if (!sig || !stops(t, sig))
				break;
			group_stop_start(t, sig);
		}
		spin_unlock_irqrestore(&g->lock, flags);
		stop_wait(t);
	}
	spin_unlock_irqrestore(&g->lock, flags);
	return sig;
}

/*
 * Restart or fail the interrupted system call: with a handler (@ka) per
 * SA_RESTART; without one (a stop, an ignored signal, another thread
 * took it) it runs again, as on Linux.
 */
static void handle_restart(struct pt_regs *r, bool in_syscall,
			   const struct k_sigaction *ka)
{
	long ret = (long)r->rax;

	if (!in_syscall)
		return;
	if (ka && (ret == -ERESTARTNOHAND ||
		   (ret == -ERESTARTSYS && !(ka->flags & SA_RESTART))))
		r->rax = (unsigned long)-EINTR;
	else if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
		 ret == -ERESTARTNOHAND)
		arch_restart_syscall(r);
}

static bool deliver(struct task *t, struct pt_regs *r, int sig,
		    const struct ksiginfo *k, bool in_syscall)
{
	struct k_sigaction ka = t->sighand->action[sig - 1];
	struct user_siginfo info;
	u64 old_blocked = t->restore_blocked ? t->saved_blocked : t->sig_blocked;
	u64 mask = t->sig_blocked | ka.mask;

	handle_restart(r, in_syscall, &ka);
	fill_info(sig, k, &info);
	if (arch_setup_rt_frame(t, r, sig, &ka, &info, old_blocked)) {
		force_fault_signal(SIGSEGV, SI_KERNEL, 0);
		return false;
	}
	t->restore_blocked = false;
	if (ka.flags & SA_RESETHAND)
		t->sighand->action[sig - 1].handler = SIG_DFL;
	if (!(ka.flags & SA_NODEFER))
		mask |= SIGMASK(sig);
	signal_set_blocked(mask);
	return true;
}

void do_signal_ex(struct pt_regs *regs, bool in_syscall)
{
	struct task *t = current;
	struct ksiginfo info;
	int sig;

	if (!t->sig)
		return;
	while ((sig = get_signal(t, &info))) {
		unsigned long h = handler_of(t, sig);

		if (h == SIG_IGN && sig != SIGKILL && sig != SIGSTOP)
			continue;
		if (h != SIG_DFL && sig != SIGKILL && sig != SIGSTOP) {
			if (deliver(t, regs, sig, &info, in_syscall))
				in_syscall = false;
			break;	/* one frame per return, like Linux */
		}
		if (SIGMASK(sig) & IGNORE_SET)
			continue;
		/* RLIMIT_CORE is 0 as on Debian: no core, no core bit. */
		do_exit_signal(sig);
	}
	handle_restart(regs, in_syscall, NULL);
	if (t->restore_blocked) {
		t->restore_blocked = false;
		signal_set_blocked(t->saved_blocked);
	}
}

void do_signal(struct pt_regs *regs)
{
	do_signal_ex(regs, false);
}
