// SPDX-License-Identifier: MIT
/*
 * exit and wait.  An exiting task drops its address space and files at
 * once, becomes a zombie holding only its status, hands its children to
 * init, and wakes its parent.  The parent's wait4 reaps it.
 *
 * wait4 and waitid errors: ECHILD (no matching child), EINVAL (bad
 * options or id type; waitid without WEXITED, WSTOPPED or WCONTINUED),
 * EFAULT (bad status pointer), EINTR (signal while waiting).  waitid's
 * P_PIDFD waits for the process a pidfd names (EBADF: no such fd).
 */
#include <umka/proc.h>
#include <umka/syscall.h>
#include <umka/vm.h>
#include <umka/wait.h>
#include <umka/completion.h>
#include <umka/errno.h>
#include <umka/panic.h>
#include <umka/printk.h>
#include <umka/fs_hooks.h>
#include <umka/irqflags.h>
#include <umka/signal.h>
#include <umka/futex.h>
#include <umka/sigtypes.h>
#include <umka/string.h>
#include "../sched/sched.h"

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED WUNTRACED
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000


static void release_context(struct task *t)
{
	struct mm *mm = t->mm;
	struct files_struct *files;
	struct fs_struct *fs;
	struct sighand *sh;
	unsigned long flags;

	if (t->robust_list && mm)
		futex_exit_robust(t);
	if (t->clear_child_tid && mm &&
	    !put_user(0, (int __user *)t->clear_child_tid))
		futex_wake_tid((u32 __user *)t->clear_child_tid);
	/*
	 * Detach under tasklist_lock: procfs takes references under it.
	 * The handler table also under siglock, which signal senders hold
	 * while they look at our handlers.
	 */
	flags = spin_lock_irqsave(&tasklist_lock);
	files = t->files;
	fs = t->fs;
	sh = t->sighand;
	t->files = NULL;
	t->fs = NULL;
	t->mm = NULL;
	if (t->sig)
		spin_lock(&t->sig->lock);
	t->sighand = NULL;
	if (t->sig)
		spin_unlock(&t->sig->lock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	fs_hook_files_put(files);
	fs_hook_fs_put(fs);
	if (mm) {
		mm_activate(NULL);
		mm_put(mm);
	}
	vfork_release(t);
	sighand_put(sh);
}

/*
 * Where an exiting task's children go: to a live thread of its process,
 * as on Linux (an exec'ing thread so keeps the old leader's), else to
 * init.  tasklist_lock held.
 */
static struct task *new_parent_for(struct task *t)
{
	struct task *o;

	if (t->sig)
		list_for_each_entry(o, task_list(), all_tasks)
			if (o != t && o->sig == t->sig && !o->exit_state)
				return o;
	return find_task_by_pid(1);
}

/*
 * Hand @t's children on; tasklist_lock held.  Returns init if it
 * received a zombie, which it must be woken to reap (live children wake
 * their new parent themselves when they exit).  A thread that gets one
 * finds it at its next wait.
 */
static struct task *reparent_children(struct task *t)
{
	struct task *to, *c, *n;
	bool zombies = false;

	if (list_empty(&t->children))
		return NULL;
	to = new_parent_for(t);
	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del(&c->sibling);
		c->parent = to;
		if (to && to != t) {
			list_add_tail(&c->sibling, &to->children);
			zombies |= c->exit_state == EXIT_ZOMBIE;
		} else {
			list_init(&c->sibling);
		}
	}
	return zombies && to && to->pid == 1 ? to : NULL;
}

/*
 * A parent that ignores SIGCHLD (or set SA_NOCLDWAIT) leaves no zombies:
 * the child reaps itself, as a thread does.  tasklist_lock held.
 */
static bool parent_wants_no_zombie(const struct task *t)
{
	const struct task *p = t->parent;
	const struct k_sigaction *ka;

	if (!p || !p->sighand || t->exit_signal != SIGCHLD)
		return false;
	ka = &p->sighand->action[SIGCHLD - 1];
	return ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

/* What an exit tells others once tasklist_lock is dropped. */
struct exit_note {
	struct task *parent;
	int signal;		/* to the parent, if > 0 */
	int status;
	pid_t pid;
	struct task *init;	/* given zombies: wake it */
	struct task *unwaited;	/* a leader nobody waits for: free it */
};

/*
 * @t leaves its process's count of live tasks; tasklist_lock held.
 * Returns the leader when @t was the last task and the leader, a zombie
 * already, waits to be reported.
 */
static struct task *leave_group(struct task *t)
{
	struct signal_group *g = t->sig;
	struct task *l;

	if (!g || --g->nr_live)
		return NULL;
	l = find_task_by_pid(t->tgid);
	if (!l || l == t || l->sig != g || l->exit_state != EXIT_ZOMBIE)
		return NULL;
	return l;
}

/* An exec waits for the other threads: the last one wakes it. */
static void wake_exec(struct signal_group *g)
{
	if (g && g->exec_task && g->nr_live == 1)
		wake_up_process(g->exec_task);
}

/*
 * The whole process of leader @l has exited: @l becomes the zombie its
 * parent reaps, with the group's status if exit_group or a fatal signal
 * set one; or it goes at once if the parent wants no zombies.
 * tasklist_lock held.
 */
static void process_done(struct task *l, struct exit_note *n)
{
	struct signal_group *g = l->sig;

	if (g) {
		spin_lock(&g->lock);
		if (g->group_exit)
			l->wait_status = g->exit_status;
		spin_unlock(&g->lock);
	}
	n->parent = l->parent;
	n->signal = l->exit_signal;
	n->status = l->wait_status;
	n->pid = l->tgid;
	if (!parent_wants_no_zombie(l)) {
		l->exit_state = EXIT_ZOMBIE;
		return;
	}
	list_del(&l->sibling);	/* no wait will find it */
	l->exit_state = EXIT_DEAD;
	n->signal = 0;
	if (l == current)
		l->autoreap = true;
	else
		n->unwaited = l;
}

static void send_note(const struct exit_note *n)
{
	int st = n->status;

	/* Wake outside tasklist_lock: wait queues rank below it. */
	if (n->parent && n->signal > 0)
		send_signal_value(n->parent, n->signal,
				  st & 0x7f ? CLD_KILLED : CLD_EXITED, n->pid,
				  st & 0x7f ? (u64)(st & 0x7f) :
					      (u64)((st >> 8) & 0xff));
	if (n->parent && n->parent->child_wait)
		wake_up(n->parent->child_wait);
	if (n->init && n->init->child_wait)
		wake_up(n->init->child_wait);
	if (n->unwaited)
		release_unwaited(n->unwaited);
	if (n->pid)
		pidfd_process_exited();
}

/*
 * A thread (no exit signal) is nobody's child: it reaps itself.  If it
 * is the last of its process and the leader exited before it, the
 * parent hears of the process now, with this thread's status unless the
 * process had a group exit (Linux does the same).
 */
static void become_dead_thread(struct task *t, int wait_status)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct exit_note n = { 0 };
	struct task *l;

	n.init = reparent_children(t);
	cputime_thread_exit_locked(t);
	t->exit_state = EXIT_DEAD;
	t->autoreap = true;
	l = leave_group(t);
	if (l) {
		l->wait_status = wait_status;
		process_done(l, &n);
	}
	wake_exec(t->sig);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	send_note(&n);
}

/*
 * A leader whose other threads still run stays a zombie nobody is told
 * of (wait() skips it) until the last of them exits, as on Linux.
 */
static void become_zombie(struct task *t, int wait_status)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct exit_note n = { 0 };

	n.init = reparent_children(t);
	t->wait_status = wait_status;
	leave_group(t);
	if (t->sig && t->sig->nr_live) {
		t->exit_state = EXIT_ZOMBIE;
		wake_exec(t->sig);
	} else {
		process_done(t, &n);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	send_note(&n);
}

static void __noreturn exit_with_status(int wait_status)
{
	struct task *t = current;

	if (t->pid == 1)
		panic("Attempted to kill init! exitcode=0x%08x", wait_status);
	/* No more a thread to take the process's signals. */
	signal_task_exit(t);
	wait_status = signal_exit_status(t, wait_status);
	release_context(t);
	if (t->exit_signal < 0) {
		become_dead_thread(t, wait_status);
	} else {
		become_zombie(t, wait_status);
		proc_count_exit();
	}
	local_irq_disable();
	t->state = TASK_DEAD;
	schedule();
	panic("zombie %d ran again", t->pid);
}

void do_exit(int code)
{
	exit_with_status((code & 0xff) << 8);
}

void do_exit_signal(int sig)
{
	signal_kill_other_threads(current, sig & 0x7f);
	exit_with_status(sig & 0x7f);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit(code);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	signal_kill_other_threads(current, (code & 0xff) << 8);
	do_exit(code);
}

void notify_parent_stop(struct task *t, int sig)
{
	struct task *parent = t->parent;

	if (!parent)
		return;
	if (!parent->sighand ||
	    !(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_signal_value(parent, SIGCHLD, CLD_STOPPED, t->tgid, sig);
	if (parent->child_wait)
		wake_up(parent->child_wait);
}

void notify_parent_cont(struct task *t)
{
	struct task *parent = t->parent;

	WRITE_ONCE(t->sig->cont_report, true);
	if (!parent)
		return;
	if (!parent->sighand ||
	    !(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_signal_value(parent, SIGCHLD, CLD_CONTINUED, t->tgid,
				  SIGCONT);
	if (parent->child_wait)
		wake_up(parent->child_wait);
}

/* Which children a wait is for: P_ALL, P_PID id, or P_PGID id. */
struct wait_sel {
	int type;
	pid_t id;
};

/* What a wait found: the wait4 status word, and waitid's view of it. */
struct wait_report {
	pid_t pid;
	uid_t uid;
	int status;		/* wait4's status word */
	int code;		/* CLD_* */
	int cstatus;		/* exit code or signal */
	struct cpu_times times;	/* of a reaped child and its children */
};

static bool matches(const struct task *c, const struct wait_sel *sel)
{
	if (sel->type == P_PID)
		return c->pid == sel->id;
	if (sel->type == P_PGID)
		return c->pgid == sel->id;
	return true;
}

static void report(struct wait_report *r, const struct task *c, int status)
{
	r->pid = c->pid;
	r->uid = c->cred.uid;
	r->status = status;
	if (status == 0xffff) {
		r->code = CLD_CONTINUED;
		r->cstatus = SIGCONT;
	} else if ((status & 0xff) == 0x7f) {
		r->code = CLD_STOPPED;
		r->cstatus = (status >> 8) & 0xff;
	} else if (!(status & 0x7f)) {
		r->code = CLD_EXITED;
		r->cstatus = (status >> 8) & 0xff;
	} else {
		r->code = status & 0x80 ? CLD_DUMPED : CLD_KILLED;
		r->cstatus = status & 0x7f;
	}
}

/*
 * A stopped or continued process to report (once, unless WNOWAIT).
 * tasklist_lock held, which keeps c->sig.
 */
static bool stop_report(struct task *c, int options, struct wait_report *r)
{
	struct signal_group *g = c->sig;
	bool keep = options & WNOWAIT;

	/* A SIGCONT may clear stop_state under us: no plain RMW. */
	if ((options & WSTOPPED) &&
	    (__atomic_load_n(&g->stop_state, __ATOMIC_ACQUIRE) & 0x100)) {
		report(r, c, READ_ONCE(g->stop_status));
		if (!keep)
			__atomic_fetch_and(&g->stop_state, ~0x100,
					   __ATOMIC_RELAXED);
		return true;
	}
	if ((options & WCONTINUED) && READ_ONCE(g->cont_report)) {
		report(r, c, 0xffff);
		if (!keep)
			WRITE_ONCE(g->cont_report, false);
		return true;
	}
	return false;
}

/*
 * Scan for a child to report.  A zombie comes back marked EXIT_DEAD for
 * reaping (unless WNOWAIT); a stop or a continue is reported once
 * (unless WNOWAIT).  *any says whether some child matched at all.
 */
static struct task *find_waitable(const struct wait_sel *sel, int options,
				  struct wait_report *r, bool *any)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *me = current, *c, *found = NULL;
	bool keep = options & WNOWAIT, delayed;

	*any = false;
	list_for_each_entry(c, &me->children, sibling) {
		/* Threads are never waited for, as on Linux. */
		if (c->pid != c->tgid || !matches(c, sel))
			continue;
		*any = true;
		/*
		 * A leader whose threads still run is reported with the last
		 * of them; until then it reports their stops and continues.
		 */
		delayed = c->exit_state == EXIT_ZOMBIE && c->sig &&
			  c->sig->nr_live;
		if ((options & WEXITED) && c->exit_state == EXIT_ZOMBIE &&
		    !delayed) {
			report(r, c, c->wait_status);
			if (!keep)
				c->exit_state = EXIT_DEAD;
			found = c;
			break;
		}
		/* Stops and continues are the process's: its leader reports. */
		if ((c->exit_state && !delayed) || !c->sig)
			continue;
		if (stop_report(c, options, r)) {
			found = c;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

static void reap(struct task *c, struct cpu_times *ct)
{
	/*
	 * Its CPU (maybe another one) must have switched away and freed the
	 * stack.  do_wait() marked us asleep: yield as a runnable task, or
	 * nobody would ever wake us.
	 */
	set_current_state(TASK_RUNNING);
	while (__atomic_load_n(&c->stack, __ATOMIC_ACQUIRE))
		yield();
	cputime_reap(current, c, ct);
	task_unregister(c);
	task_free(c);
}

/* The core of wait4 and waitid: the child's pid, 0 (WNOHANG), -errno. */
static long do_wait(const struct wait_sel *sel, int options,
		    struct wait_report *r)
{
	struct wait_entry e = { 0 };
	struct task *c;
	bool any;
	long ret;

	for (;;) {
		prepare_to_wait(current->child_wait, &e, TASK_INTERRUPTIBLE);
		c = find_waitable(sel, options, r, &any);
		if (c) {
			/*
			 * Only a reaped child's times are reported: one that
			 * stays (a stop, WNOWAIT) may be reaped by another
			 * thread at any moment, so it is not read here.
			 */
			memset(&r->times, 0, sizeof(r->times));
			if (c->exit_state == EXIT_DEAD)
				reap(c, &r->times);
			ret = r->pid;
			break;
		}
		if (!any) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(current->child_wait, &e);
	return ret;
}

/* wait4's pid: >0 that child, 0 our group, -1 any, <-1 group -pid. */
static long wait4_report(pid_t pid, int options, struct wait_report *r)
{
	struct wait_sel sel = { P_ALL, 0 };

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WALL | __WCLONE))
		return -EINVAL;
	if (pid > 0)
		sel = (struct wait_sel){ P_PID, pid };
	else if (pid == 0)
		sel = (struct wait_sel){ P_PGID, current->pgid };
	else if (pid < -1)
		sel = (struct wait_sel){ P_PGID, -pid };
	return do_wait(&sel, options | WEXITED, r);
}

long do_wait4(pid_t pid, int *status, int options)
{
	struct wait_report r;
	long ret = wait4_report(pid, options, &r);

	if (ret > 0)
		*status = r.status;
	return ret;
}

SYSCALL_DEFINE4(wait4, pid_t, pid, int __user *, ustatus, int, options,
		void __user *, rusage)
{
	struct wait_report r;
	long ret;

	/* Linux checks the pointer only when there is a status to store. */
	ret = wait4_report(pid, options, &r);
	if (ret > 0 && ustatus && put_user(r.status, ustatus))
		return -EFAULT;
	if (ret > 0 && rusage && put_rusage(rusage, &r.times))
		return -EFAULT;
	return ret;
}

struct waitid_info {
	int si_signo, si_errno, si_code, pad;
	int si_pid;
	u32 si_uid;
	int si_status;
};

SYSCALL_DEFINE5(waitid, int, which, pid_t, id, void __user *, infop,
		int, options, void __user *, rusage)
{
	struct wait_sel sel = { which, id };
	struct wait_report r;
	struct waitid_info info = { 0 };
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		if (!id)
			sel.id = current->pgid;
		break;
	case P_PIDFD:	/* the process a pidfd names, as P_PID */
		ret = pidfd_to_pid(id, &sel.id);
		if (ret)
			return ret;
		sel.type = P_PID;
		break;
	default:
		return -EINVAL;
	}
	ret = do_wait(&sel, options, &r);
	if (ret < 0)
		return ret;
	/* Nothing ready under WNOHANG: the fields read back as zeros. */
	if (ret > 0) {
		info.si_signo = SIGCHLD;
		info.si_code = r.code;
		info.si_pid = r.pid;
		info.si_uid = r.uid;
		info.si_status = r.cstatus;
	}
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	if (ret == 0)
		memset(&r.times, 0, sizeof(r.times));
	if (rusage && put_rusage(rusage, &r.times))
		return -EFAULT;
	return 0;
}
