// SPDX-License-Identifier: MIT
/*
 * exit and wait.  An exiting task drops its address space and files at
 * once, becomes a zombie holding only its status, hands its children to
 * init, and wakes its parent.  The parent's wait4 reaps it.
 *
 * wait4 errors: ECHILD (no matching child), EINVAL (bad options),
 * EFAULT (bad status pointer), EINTR (signal while waiting).
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
#include "../sched/sched.h"

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000


static void release_context(struct task *t)
{
	struct mm *mm = t->mm;
	struct files_struct *files;
	struct fs_struct *fs;
	unsigned long flags;

	if (t->clear_child_tid && mm &&
	    !put_user(0, (int __user *)t->clear_child_tid))
		futex_wake_tid((u32 __user *)t->clear_child_tid);
	/* Detach under tasklist_lock: procfs takes references under it. */
	flags = spin_lock_irqsave(&tasklist_lock);
	files = t->files;
	fs = t->fs;
	t->files = NULL;
	t->fs = NULL;
	t->mm = NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	fs_hook_files_put(files);
	fs_hook_fs_put(fs);
	if (mm) {
		mm_activate(NULL);
		mm_put(mm);
	}
	if (t->vfork_done) {
		complete(t->vfork_done);
		t->vfork_done = NULL;
	}
	sighand_put(t->sighand);
	t->sighand = NULL;
	itimer_exit(t);
}

/* Children go to init (pid 1); tasklist_lock held.  Returns init. */
static struct task *reparent_children(struct task *t)
{
	struct task *init = find_task_by_pid(1), *c, *n;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del(&c->sibling);
		c->parent = init;
		if (init && init != t)
			list_add_tail(&c->sibling, &init->children);
		else
			list_init(&c->sibling);
	}
	return init;
}

/* Other threads of the process die with it (exit_group, fatal signal). */
static void kill_other_threads(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *o;

	list_for_each_entry(o, task_list(), all_tasks)
		if (o != t && o->tgid == t->tgid && !o->exit_state && o->mm)
			send_signal(o, SIGKILL, SI_KERNEL, 0);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* A thread (no exit signal) is nobody's child: it reaps itself. */
static void become_dead_thread(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	reparent_children(t);
	t->exit_state = EXIT_DEAD;
	t->autoreap = true;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void become_zombie(struct task *t, int wait_status)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *parent = t->parent, *init;
	bool orphan_zombies;

	init = reparent_children(t);
	orphan_zombies = init && init != t;
	t->wait_status = wait_status;
	t->exit_state = EXIT_ZOMBIE;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* Wake outside tasklist_lock: wait queues rank below it. */
	if (parent && t->exit_signal > 0)
		send_signal(parent, t->exit_signal,
			    wait_status & 0x7f ? CLD_KILLED : CLD_EXITED, t->tgid);
	if (parent && parent->child_wait)
		wake_up(parent->child_wait);
	if (orphan_zombies && init->child_wait)
		wake_up(init->child_wait);
}

static void __noreturn exit_with_status(int wait_status)
{
	struct task *t = current;

	if (t->pid == 1)
		panic("Attempted to kill init! exitcode=0x%08x", wait_status);
	release_context(t);
	if (t->exit_signal < 0) {
		become_dead_thread(t);
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
	kill_other_threads(current);
	exit_with_status(sig & 0x7f);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit(code);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	kill_other_threads(current);
	do_exit(code);
}

void notify_parent_stop(struct task *t, int sig)
{
	struct task *parent = t->parent;

	t->wait_status = (sig << 8) | 0x7f;
	if (!parent)
		return;
	if (!parent->sighand ||
	    !(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_signal(parent, SIGCHLD, CLD_STOPPED, t->tgid);
	if (parent->child_wait)
		wake_up(parent->child_wait);
}

static bool matches(const struct task *c, pid_t pid, const struct task *me)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == me->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return true;
}

/*
 * Scan for a child to report.  A zombie comes back marked EXIT_DEAD for
 * reaping; with WUNTRACED a newly stopped child comes back with *stopped
 * set.  *any says whether some child matched at all.
 */
static struct task *find_zombie(pid_t pid, bool *any, int options,
				bool *stopped)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *me = current, *c, *found = NULL;

	*any = false;
	list_for_each_entry(c, &me->children, sibling) {
		if (!matches(c, pid, me))
			continue;
		*any = true;
		if (c->exit_state == EXIT_ZOMBIE) {
			c->exit_state = EXIT_DEAD;
			found = c;
			break;
		}
		if ((options & WUNTRACED) && (c->stop_state & 0x100)) {
			c->stop_state &= ~0x100;	/* report once */
			*stopped = true;
			found = c;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

static pid_t reap(struct task *c, int *status)
{
	pid_t pid = c->pid;

	/*
	 * Its CPU (maybe another one) must have switched away and freed the
	 * stack.  do_wait4() marked us asleep: yield as a runnable task, or
	 * nobody would ever wake us.
	 */
	set_current_state(TASK_RUNNING);
	while (__atomic_load_n(&c->stack, __ATOMIC_ACQUIRE))
		yield();
	*status = c->wait_status;
	task_unregister(c);
	task_free(c);
	return pid;
}

/* The core of wait4; the status word comes back in *status (kernel). */
long do_wait4(pid_t pid, int *status, int options)
{
	struct wait_entry e = { 0 };
	struct task *c;
	bool any;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WALL | __WCLONE))
		return -EINVAL;
	for (;;) {
		bool stopped = false;

		prepare_to_wait(current->child_wait, &e, TASK_INTERRUPTIBLE);
		c = find_zombie(pid, &any, options, &stopped);
		if (c && stopped) {
			*status = c->wait_status;
			ret = c->pid;
			break;
		}
		if (c) {
			ret = reap(c, status);
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

SYSCALL_DEFINE4(wait4, pid_t, pid, int __user *, ustatus, int, options,
		void __user *, rusage)
{
	int status = 0;
	long ret;

	/* Linux checks the pointer only when there is a status to store. */
	ret = do_wait4(pid, &status, options);
	if (ret > 0 && ustatus && put_user(status, ustatus))
		return -EFAULT;
	/* No resource accounting yet: report zeros, as for a fresh child. */
	if (ret > 0 && rusage && clear_user(rusage, 144))
		return -EFAULT;
	return ret;
}
