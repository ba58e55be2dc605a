// SPDX-License-Identifier: MIT
/*
 * Signal system calls.  Errors, as on Linux: EINVAL for a bad signal
 * number, a wrong sigsetsize, a bad `how`, or changing SIGKILL/SIGSTOP
 * actions; EFAULT for bad pointers; ESRCH when no target exists; EPERM
 * when the sender may not signal the target; EINTR from the waits.
 */
#include <umka/syscall.h>
#include <umka/sigtypes.h>
#include <umka/signal.h>
#include <umka/proc.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/user_return.h>
#include <umka/time.h>

#define SIGMASK(s) (1ULL << ((s) - 1))
#define UNBLOCKABLE (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct sighand *sh = current->sighand;
	struct k_sigaction new, old;
	unsigned long flags;

	if (sigsetsize != 8 || sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	flags = spin_lock_irqsave(&sh->lock);
	old = sh->action[sig - 1];
	if (act) {
		new.mask &= ~UNBLOCKABLE;
		sh->action[sig - 1] = new;
	}
	spin_unlock_irqrestore(&sh->lock, flags);
	if (act)
		signal_action_changed(sig);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const u64 __user *, set,
		u64 __user *, oset, size_t, sigsetsize)
{
	u64 old = current->sig_blocked, new;

	if (sigsetsize != 8)
		return -EINVAL;
	if (set) {
		if (copy_from_user(&new, set, sizeof(new)))
			return -EFAULT;
		if (how == SIG_BLOCK)
			new = old | new;
		else if (how == SIG_UNBLOCK)
			new = old & ~new;
		else if (how != SIG_SETMASK)
			return -EINVAL;
		signal_set_blocked(new);
	}
	if (oset && put_user(old, oset))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, u64 __user *, set, size_t, sigsetsize)
{
	if (sigsetsize != 8)
		return -EINVAL;
	return put_user(signal_pending_set(current) & current->sig_blocked,
			set);
}

/* Sleep until a signal is delivered; the mask comes back afterwards. */
static long suspend_with(u64 mask)
{
	struct task *t = current;

	t->saved_blocked = t->sig_blocked;
	t->restore_blocked = true;
	signal_set_blocked(mask);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(t))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE2(rt_sigsuspend, const u64 __user *, set, size_t, sigsetsize)
{
	u64 mask;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&mask, set, sizeof(mask)))
		return -EFAULT;
	return suspend_with(mask);
}

SYSCALL_DEFINE0(pause)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
	return -ERESTARTNOHAND;
}

static bool may_signal(const struct task *t)
{
	const struct cred *c = &current->cred;

	return c->euid == 0 || c->euid == t->cred.uid ||
	       c->uid == t->cred.uid || c->uid == t->cred.suid;
}

/*
 * After the permission check, @sig for @t's process (or, @thread, for
 * @t alone) with si_value @value; sig 0 only checks.
 */
static int signal_one(struct task *t, int sig, int code, u64 value,
		      bool thread)
{
	struct ksiginfo info = ksiginfo_from(code, current->tgid, value);

	if (!may_signal(t))
		return -EPERM;
	return sig ? send_signal_info(t, sig, &info, thread) : 0;
}

/*
 * Queue entries for a real-time signal to up to @n targets, allocated
 * before tasklist_lock (see kernel/signal/queue.c).
 */
static void reserve_for(int sig, unsigned int n)
{
	if (sig >= SIGRTMIN)
		sigqueue_reserve(n);
}

/* The process @pid (kill, sigqueue): its leader, maybe a zombie whose
 * other threads still run.  tasklist_lock held. */
static struct task *find_process(pid_t pid)
{
	struct task *t = find_task_by_pid(pid);

	if (!t || t->tgid != pid || !signal_group_alive(t))
		return NULL;
	return t;
}

/* kill(2) targets: 0 own group, -1 everyone, <-1 group -pid. */
static int kill_many(pid_t pid, int sig)
{
	int found = 0, err = 0, ok = 0;
	unsigned long flags;
	struct task *t;

	/* Beyond these, receivers lose the info as if memory ran out. */
	reserve_for(sig, 16);
	flags = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(t, task_list(), all_tasks) {
		bool match;

		if (t->pid != t->tgid || !signal_group_alive(t))
			continue;
		if (pid == -1)
			match = t->pid != 1 && t->tgid != current->tgid;
		else
			match = t->pgid == (pid ? -pid : current->pgid);
		if (!match)
			continue;
		found++;
		err = signal_one(t, sig, SI_USER, 0, false);
		ok += !err;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!found)
		return -ESRCH;
	return ok ? 0 : err;
}

/* kill() of one process @pid > 0. */
static long kill_one(pid_t pid, int sig)
{
	unsigned long flags;
	struct task *t;
	int err;

	reserve_for(sig, 1);
	flags = spin_lock_irqsave(&tasklist_lock);
	t = find_task_by_pid(pid);
	if (t && t->tgid != pid)
		t = NULL;
	/* A zombie whose threads have all gone: found, but nothing to do. */
	if (t && !signal_group_alive(t))
		err = t->exit_state ? 0 : -ESRCH;
	else
		err = t ? signal_one(t, sig, SI_USER, 0, false) : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	return pid <= 0 ? kill_many(pid, sig) : kill_one(pid, sig);
}


static long thread_kill(pid_t tgid, pid_t tid, int sig)
{
	unsigned long flags;
	struct task *t;
	long err;

	if (sig < 0 || sig > _NSIG || tid <= 0)
		return -EINVAL;
	reserve_for(sig, 1);
	flags = spin_lock_irqsave(&tasklist_lock);
	t = find_task_by_pid(tid);
	if (!t || t->exit_state || (tgid > 0 && t->tgid != tgid))
		err = -ESRCH;
	else
		err = signal_one(t, sig, SI_TKILL, 0, true);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

SYSCALL_DEFINE2(tkill, pid_t, tid, int, sig)
{
	return thread_kill(0, tid, sig);
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return thread_kill(tgid, tid, sig);
}

SYSCALL_DEFINE2(sigaltstack, const struct user_stack __user *, ss,
		struct user_stack __user *, oss)
{
	struct task *t = current;
	struct user_stack old = { t->altstack_sp,
				  t->altstack_size ? 0 : SS_DISABLE, 0,
				  t->altstack_size }, new;
	unsigned long sp = current_pt_regs()->rsp;

	if (t->altstack_size && sp - t->altstack_sp <= t->altstack_size)
		old.ss_flags = SS_ONSTACK;
	if (ss) {
		if (copy_from_user(&new, ss, sizeof(new)))
			return -EFAULT;
		if (old.ss_flags == SS_ONSTACK)
			return -EPERM;
		if (new.ss_flags & ~SS_DISABLE)
			return -EINVAL;
		if (new.ss_flags & SS_DISABLE) {
			t->altstack_sp = t->altstack_size = 0;
		} else {
			if (new.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->altstack_sp = new.ss_sp;
			t->altstack_size = new.ss_size;
		}
	}
	if (oss && copy_to_user(oss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

struct kernel_timespec {
	s64 tv_sec, tv_nsec;
};

/*
 * Wait for a signal of @these to be pending and take it without running
 * a handler.  For the wait they are unblocked (so their arrival wakes
 * us); any other signal that is delivered instead ends it with EINTR.
 */
SYSCALL_DEFINE4(rt_sigtimedwait, const u64 __user *, uthese,
		struct user_siginfo __user *, uinfo,
		const struct kernel_timespec __user *, uts, size_t, sigsetsize)
{
	struct task *t = current;
	struct user_siginfo info;
	struct kernel_timespec ts;
	u64 these, left = 1, saved;
	bool forever = !uts;
	int sig;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	these &= ~UNBLOCKABLE;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= (s64)NSEC_PER_SEC)
			return -EINVAL;
		left = (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	}
	sig = dequeue_signal(t, these, &info);
	if (!sig && left) {
		saved = t->sig_blocked;
		/* Senders still see them blocked: an ignored one is kept. */
		t->real_blocked = saved;
		signal_set_blocked(saved & ~these);
		for (;;) {
			set_current_state(TASK_INTERRUPTIBLE);
			if (signal_pending(t) || !left)
				break;
			if (forever)
				schedule();
			else
				left = schedule_timeout(left);
		}
		set_current_state(TASK_RUNNING);
		signal_set_blocked(saved);
		t->real_blocked = 0;
		sig = dequeue_signal(t, these, &info);
	}
	if (!sig)
		return left ? -EINTR : -EAGAIN;
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

/*
 * sigqueue: a signal with the caller's si_code and si_value.  Another
 * process may not be sent kernel codes (>= 0) or SI_TKILL: EPERM.
 */
static long queue_info(pid_t tgid, pid_t tid, int sig,
		       const struct user_siginfo __user *uinfo)
{
	struct user_siginfo info;
	unsigned long flags;
	struct task *t;
	u64 value;
	long err;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	memcpy(&value, info.bytes + 8, sizeof(value));
	reserve_for(sig, 1);
	flags = spin_lock_irqsave(&tasklist_lock);
	if (tid) {
		t = find_task_by_pid(tid);
		if (t && (t->exit_state || !t->sig || t->tgid != tgid))
			t = NULL;
	} else {
		t = find_process(tgid);
	}
	if (!t)
		err = -ESRCH;
	else if ((info.si_code >= 0 || info.si_code == SI_TKILL) &&
		 t->tgid != current->tgid)
		err = -EPERM;
	else
		err = signal_one(t, sig, info.si_code, value, tid != 0);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, pid_t, tgid, int, sig,
		const struct user_siginfo __user *, uinfo)
{
	return queue_info(tgid, 0, sig, uinfo);
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, pid_t, tgid, pid_t, tid, int, sig,
		const struct user_siginfo __user *, uinfo)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	return queue_info(tgid, tid, sig, uinfo);
}

long signal_process(pid_t tgid, int sig,
		    const struct user_siginfo __user *uinfo)
{
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	return uinfo ? queue_info(tgid, 0, sig, uinfo) : kill_one(tgid, sig);
}
