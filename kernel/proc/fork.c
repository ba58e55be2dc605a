// SPDX-License-Identifier: MIT
/*
 * fork, vfork and clone.  The child gets a copy of the parent's user
 * registers with rax = 0 and starts in fork_start (switch.S).
 *
 * Errors: EINVAL for flag combinations Linux rejects (CLONE_THREAD
 * without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM); ENOMEM; EAGAIN
 * over the process limit.
 */
#include <umka/proc.h>
#include <umka/syscall.h>
#include <umka/vm.h>
#include <umka/slab.h>
#include <umka/wait.h>
#include <umka/completion.h>
#include <umka/string.h>
#include <umka/errno.h>
#include <umka/user_return.h>
#include <umka/fs_hooks.h>
#include <umka/signal.h>
#include <asm/process.h>
#include <asm/fpu.h>
#include "../sched/sched.h"

#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID 0x01000000
#define CSIGNAL 0xff

#define MAX_PROCESSES 4096
static int nr_processes = 1;
/* Between a vfork parent that stops waiting and its child (below). */
static DEFINE_SPINLOCK(vfork_lock, LOCK_LEVEL_VFORK);

/* Called on the child's first run (from fork_start). */
void fork_child_start(struct task *t);
void fork_child_start(struct task *t)
{
	finish_switch(cpu_rq(smp_processor_id()));
	if (t->set_child_tid)
		put_user(t->pid, (int __user *)t->set_child_tid);
}

static int copy_context(struct task *c, struct task *p, unsigned long flags)
{
	if (flags & CLONE_VM) {
		mm_get(p->mm);
		c->mm = p->mm;
	} else {
		c->mm = mm_dup(p->mm);
		if (!c->mm)
			return -ENOMEM;
	}
	c->sighand = sighand_copy(p->sighand, flags & CLONE_SIGHAND);
	if (!c->sighand)
		return -ENOMEM;
	if (signal_task_init(c, p, flags & CLONE_THREAD))
		return -ENOMEM;
	c->sig_blocked = p->sig_blocked;
	c->files = fs_hook_files_copy(p->files, flags & CLONE_FILES);
	c->fs = fs_hook_fs_copy(p->fs, flags & CLONE_FS);
	if ((p->files && !c->files) || (p->fs && !c->fs))
		return -ENOMEM;
	return 0;
}

static void undo_context(struct task *c)
{
	sighand_put(c->sighand);
	signal_task_free(c);
	fs_hook_files_put(c->files);
	fs_hook_fs_put(c->fs);
	mm_put(c->mm);
}

void vfork_release(struct task *t)
{
	unsigned long flags;

	if (!READ_ONCE(t->vfork_done))
		return;
	flags = spin_lock_irqsave(&vfork_lock);
	if (t->vfork_done)
		complete(t->vfork_done);
	t->vfork_done = NULL;
	spin_unlock_irqrestore(&vfork_lock, flags);
}

/*
 * The vfork parent sleeps until the child execs or exits; a SIGKILL
 * ends that, as on Linux (an exec in another thread of the process
 * waits for this one to die).  The child completes @done under
 * vfork_lock: while it has not, it is alive and its pointer to our
 * stack can be taken back; once we hold the lock, complete() has also
 * finished with @done (it wakes after it counts).
 */
static void wait_for_vfork(struct task *c, struct completion *done)
{
	unsigned long flags;
	bool ok;

	while (!(ok = wait_for_completion_timeout(done, 20 * 1000 * 1000))) {
		if (READ_ONCE(current->pending.set) & (1ULL << (SIGKILL - 1)))
			break;
	}
	flags = spin_lock_irqsave(&vfork_lock);
	if (!ok && !completion_done(done))
		c->vfork_done = NULL;
	spin_unlock_irqrestore(&vfork_lock, flags);
}

static int check_flags(unsigned long flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (flags & CLONE_PIDFD)
		return -EINVAL;	/* pidfds are not supported yet */
	return 0;
}

static void link_child(struct task *c, struct task *p, unsigned long flags)
{
	unsigned long f = spin_lock_irqsave(&tasklist_lock);
	struct task *parent = flags & (CLONE_PARENT | CLONE_THREAD) ?
				      p->parent : p;

	c->tgid = flags & CLONE_THREAD ? p->tgid : c->pid;
	c->pgid = p->pgid;
	c->sid = p->sid;
	task_register(c, parent);
	c->sig->nr_live++;
	/*
	 * Found by kill() from now on, so it takes signals from now on.  A
	 * SIGKILL may start it early: everything is set up by now.
	 */
	signal_task_start(c);
	spin_unlock_irqrestore(&tasklist_lock, f);
}

static struct task *alloc_child(struct task *p, unsigned long flags)
{
	struct task *c = task_create_blank(p->comm);

	if (!c)
		return NULL;
	c->cred = p->cred;
	groups_get(c->cred.groups);
	rlimit_inherit(c, p);
	c->ctty = p->ctty;
	sched_fork(c, p);
	/* Affinity is inherited; a pinned parent's child starts beside it. */
	c->cpus_allowed = p->cpus_allowed;
	if (p->cpus_allowed)
		c->cpu = (int)smp_processor_id();
	c->exit_signal = flags & CLONE_THREAD ? -1 : (int)(flags & CSIGNAL);
	c->personality = p->personality;
	c->ioprio = p->ioprio;
	c->fs_base = p->fs_base;
	if (p->fpu) {
		c->fpu = kmalloc(sizeof(*c->fpu));
		if (!c->fpu) {
			task_free(c);
			return NULL;
		}
		/* The live registers are newer than p->fpu: save them first. */
		fpu_save(p->fpu);
		*c->fpu = *p->fpu;
	}
	return c;
}

/*
 * RLIMIT_NPROC counts every task (threads too) of the parent's real uid,
 * zombies included, as Linux does.  Root stands in for CAP_SYS_RESOURCE
 * and CAP_SYS_ADMIN, which bypass the limit.  The count is not held
 * across the fork, so racing forks may overshoot by the number of CPUs.
 */
static bool over_nproc_limit(const struct task *p)
{
	u64 limit = rlimit_cur(RLIMIT_NPROC_RES), n = 0;
	unsigned long f;
	struct task *t;

	if (p->cred.uid == 0 || p->cred.euid == 0 || limit == ~0ULL)
		return false;
	f = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(t, task_list(), all_tasks)
		if (t->cred.uid == p->cred.uid)
			n++;
	spin_unlock_irqrestore(&tasklist_lock, f);
	return n >= limit;
}

long do_fork(unsigned long flags, unsigned long stack, int *parent_tid,
	     int *child_tid, unsigned long tls)
{
	struct task *p = current, *c;
	struct pt_regs *regs;
	struct completion vfork_done;
	struct mm *copied = NULL;
	u64 truncs;
	int err = check_flags(flags);

	if (err)
		return err;
	if (__atomic_load_n(&nr_processes, __ATOMIC_RELAXED) >= MAX_PROCESSES)
		return -EAGAIN;
	if (over_nproc_limit(p))
		return -EAGAIN;
	c = alloc_child(p, flags);
	if (!c)
		return -ENOMEM;
	truncs = file_trunc_count();
	err = copy_context(c, p, flags);
	if (err) {
		undo_context(c);
		task_free(c);
		return err;
	}
	c->pid = pid_alloc();
	regs = (struct pt_regs *)c->stack_top - 1;
	*regs = *current_pt_regs();
	regs->rax = 0;
	if (stack)
		regs->rsp = stack;
	if (flags & CLONE_SETTLS)
		c->fs_base = tls;
	if (flags & CLONE_CHILD_CLEARTID)
		c->clear_child_tid = (unsigned long)child_tid;
	if (flags & CLONE_PARENT_SETTID)
		put_user(c->pid, parent_tid);
	arch_task_init_fork_stack(c);
	if (flags & CLONE_VFORK) {
		init_completion(&vfork_done);
		c->vfork_done = &vfork_done;
	}
	/* CHILD_SETTID writes into the child's memory: it is ours if CLONE_VM. */
	if ((flags & CLONE_CHILD_SETTID) && (flags & CLONE_VM))
		put_user(c->pid, child_tid);
	else if (flags & CLONE_CHILD_SETTID)
		c->set_child_tid = (unsigned long)child_tid;
	if (!(flags & CLONE_VM)) {
		copied = c->mm;		/* a SIGKILL may start the child now */
		if (copied)
			mm_get(copied);
	}
	link_child(c, p, flags);
	/* A truncation that missed the child while it was invisible. */
	if (copied) {
		mm_recheck_file_eof(copied, truncs);
		mm_put(copied);
	}
	if (!(flags & CLONE_THREAD))
		proc_count_fork();	/* threads are not counted at exit */
	err = c->pid;
	wake_up_process(c);
	if (flags & CLONE_VFORK)
		wait_for_vfork(c, &vfork_done);
	return err;
}

void proc_count_fork(void)
{
	__atomic_fetch_add(&nr_processes, 1, __ATOMIC_RELAXED);
}

void proc_count_exit(void)
{
	__atomic_fetch_sub(&nr_processes, 1, __ATOMIC_RELAXED);
}

SYSCALL_DEFINE0(fork)
{
	return do_fork(17 /* SIGCHLD */, 0, NULL, NULL, 0);
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork(CLONE_VFORK | CLONE_VM | 17, 0, NULL, NULL, 0);
}

/*
 * clone3: clone's arguments in a structure that may grow.  A newer,
 * larger structure is accepted if its extra bytes are zero (E2BIG if
 * not).  The child's stack is [stack, stack + stack_size).  set_tid,
 * pidfds and cgroups are not supported (EINVAL, as an older Linux).
 */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal;
	u64 stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CLONE_ARGS_SIZE_VER0 64

static int copy_clone_args(struct clone_args *a, const void __user *ua,
			   size_t size)
{
	u8 extra;

	if (size < CLONE_ARGS_SIZE_VER0 || size > PAGE_SIZE)
		return size > PAGE_SIZE ? -E2BIG : -EINVAL;
	memset(a, 0, sizeof(*a));
	if (copy_from_user(a, ua, min(size, sizeof(*a))))
		return -EFAULT;
	for (size_t i = sizeof(*a); i < size; i++) {
		if (get_user(extra, (u8 __user *)ua + i))
			return -EFAULT;
		if (extra)
			return -E2BIG;
	}
	return 0;
}

SYSCALL_DEFINE2(clone3, struct clone_args __user *, uargs, size_t, size)
{
	struct clone_args a;
	int err = copy_clone_args(&a, uargs, size);

	if (err)
		return err;
	if ((a.flags & CSIGNAL) || a.exit_signal > _NSIG || a.flags >> 32)
		return -EINVAL;
	if (a.set_tid || a.set_tid_size || a.cgroup)
		return -EINVAL;
	if (!a.stack != !a.stack_size)
		return -EINVAL;	/* a stack needs its size, and the reverse */
	return do_fork(a.flags | a.exit_signal,
		       a.stack ? a.stack + a.stack_size : 0,
		       (int __user *)a.parent_tid, (int __user *)a.child_tid,
		       a.tls);
}

/* x86-64 argument order: flags, stack, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, stack,
		int __user *, parent_tid, int __user *, child_tid,
		unsigned long, tls)
{
	return do_fork(flags, stack, parent_tid, child_tid, tls);
}
