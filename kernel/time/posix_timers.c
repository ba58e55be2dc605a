// SPDX-License-Identifier: MIT
/*
 * POSIX per-process timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete.  A timer belongs to its process (the
 * list hangs off its signal group, under siglock) and on expiry signals
 * the process (SIGEV_SIGNAL), one of its threads (SIGEV_THREAD_ID, what
 * glibc's SIGEV_THREAD uses), or nobody (SIGEV_NONE).  While its signal
 * is still pending, further expiries only count as overruns, as on
 * Linux; when the signal is taken, its si_overrun and from then on
 * timer_getoverrun() report them.
 * Timers run on the monotonic clock underneath: an absolute
 * CLOCK_REALTIME time is converted when set.  exec and the exit of the
 * last thread delete them.
 *
 * Errors: EINVAL (clock, sigevent, flags, timespec, unknown timer id),
 * EAGAIN (too many timers), EFAULT, ENOMEM.  CPU-time clocks: EINVAL.
 */
#include <umka/syscall.h>
#include <umka/proc.h>
#include <umka/sched.h>
#include <umka/signal.h>
#include <umka/sigpending.h>
#include <umka/sigtypes.h>
#include <umka/slab.h>
#include <umka/spinlock.h>
#include <umka/time.h>
#include <umka/timer.h>
#include <umka/uaccess.h>
#include <umka/errno.h>
#include <umka/itimerspec.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define TIMER_ABSTIME 1
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD_ID 4
#define MAX_TIMERS 4096		/* per process; Linux bounds by memory */
#define SIGMASK(s) (1ULL << ((s) - 1))

struct user_sigevent {
	u64 value;		/* sigev_value */
	int signo;
	int notify;
	int tid;		/* SIGEV_THREAD_ID */
	int pad[11];
};

struct ptimer {
	struct list_head node;		/* in signal_group.ptimers */
	int id;
	bool realtime;
	int signo, notify;
	pid_t target;			/* the process, or the thread */
	u64 value;
	struct spinlock lock;		/* what follows */
	struct timer timer;
	u64 expires, interval;		/* monotonic ns; 0: disarmed */
	int overrun;			/* expiries while the signal pended */
	int last_overrun;		/* what the last signal reported */
};

/* Timer @id of @g, or NULL; siglock held. */
static struct ptimer *find_locked(struct signal_group *g, int id)
{
	struct ptimer *pt;

	list_for_each_entry(pt, &g->ptimers, node)
		if (pt->id == id)
			return pt;
	return NULL;
}

/* Our timer @id, or NULL.  It stays valid until we delete it. */
static struct ptimer *find_timer(int id)
{
	struct signal_group *g = current->sig;
	unsigned long flags = spin_lock_irqsave(&g->lock);
	struct ptimer *found = find_locked(g, id);

	spin_unlock_irqrestore(&g->lock, flags);
	return found;
}

/* The task to signal; tasklist_lock held. */
static struct task *target_of(const struct ptimer *pt)
{
	struct task *t = find_task_by_pid(pt->target);

	return t && !t->exit_state ? t : NULL;
}

static void ptimer_signal(struct ptimer *pt)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = target_of(pt);
	struct ksiginfo info;
	unsigned long irq;

	if (t && (signal_pending_set(t) & SIGMASK(pt->signo))) {
		irq = spin_lock_irqsave(&pt->lock);
		pt->overrun++;	/* the last one has not been taken yet */
		spin_unlock_irqrestore(&pt->lock, irq);
	} else if (t) {
		/* Timer siginfo: si_timerid and si_overrun where kill's pid
		 * and uid are, si_value after them. */
		info = (struct ksiginfo){ SI_TIMER, pt->id, 0, pt->value };
		send_signal_info(t, pt->signo, &info,
				 pt->notify == SIGEV_THREAD_ID);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void ptimer_fire(void *data)
{
	struct ptimer *pt = data;
	unsigned long irq = spin_lock_irqsave(&pt->lock);

	if (pt->interval) {
		pt->overrun += (int)itimer_forward(&pt->expires, pt->interval,
						   ktime_get_ns());
		timer_arm(&pt->timer, pt->expires);
	} else {
		pt->expires = 0;
	}
	spin_unlock_irqrestore(&pt->lock, irq);
	if (pt->notify != SIGEV_NONE)
		ptimer_signal(pt);
}

static bool clock_ok(int clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC ||
	       clock == CLOCK_BOOTTIME || clock == CLOCK_REALTIME_ALARM ||
	       clock == CLOCK_BOOTTIME_ALARM;
}

/* Check a sigevent and fill in the timer's notification. */
static int take_sigevent(struct ptimer *pt, const struct user_sigevent *ev)
{
	pt->notify = ev->notify;
	pt->signo = ev->signo;
	pt->value = ev->value;
	pt->target = current->tgid;
	if (ev->notify == SIGEV_NONE)
		return 0;
	if (ev->signo < 1 || ev->signo > _NSIG)
		return -EINVAL;
	if (ev->notify == SIGEV_SIGNAL)
		return 0;
	if (ev->notify != SIGEV_THREAD_ID)
		return -EINVAL;
	pt->target = ev->tid;
	return 0;
}

/* A thread of ours with id @tid? */
static bool own_thread(pid_t tid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(tid);
	bool ok = t && t->tgid == current->tgid && !t->exit_state;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ok;
}

/* Give @pt an id and put it on our list; -EAGAIN when full. */
static int add_timer(struct ptimer *pt)
{
	struct signal_group *g = current->sig;
	unsigned long flags = spin_lock_irqsave(&g->lock);
	struct ptimer *o;
	int n = 0;

	list_for_each_entry(o, &g->ptimers, node)
		n++;
	if (n >= MAX_TIMERS) {
		spin_unlock_irqrestore(&g->lock, flags);
		return -EAGAIN;
	}
	/* Ids count up from 0 and are not reused until they wrap. */
	do {
		pt->id = g->ptimer_next_id++ & 0x7fffffff;
		n = 0;
		list_for_each_entry(o, &g->ptimers, node)
			n |= o->id == pt->id;
	} while (n);
	list_add_tail(&pt->node, &g->ptimers);
	spin_unlock_irqrestore(&g->lock, flags);
	return 0;
}

/*
 * A timer's signal is being taken (siglock not held): hand it the
 * overruns counted since it was sent.
 */
void posix_timer_taken(struct user_siginfo *info)
{
	struct ptimer *pt = find_timer(info->kill.pid);
	unsigned long irq;

	if (!pt)
		return;	/* deleted meanwhile: the signal keeps what it had */
	irq = spin_lock_irqsave(&pt->lock);
	pt->last_overrun = pt->overrun;
	pt->overrun = 0;
	info->kill.uid = (u32)pt->last_overrun;
	spin_unlock_irqrestore(&pt->lock, irq);
}

static void destroy(struct ptimer *pt)
{
	timer_cancel_sync(&pt->timer);
	kfree(pt);
}

static long remove_timer(int id)
{
	struct signal_group *g = current->sig;
	unsigned long flags = spin_lock_irqsave(&g->lock);
	struct ptimer *found = find_locked(g, id);

	if (found)
		list_del(&found->node);
	spin_unlock_irqrestore(&g->lock, flags);
	if (!found)
		return -EINVAL;
	destroy(found);
	return 0;
}

SYSCALL_DEFINE3(timer_create, int, clock, struct user_sigevent __user *, uev,
		int __user *, uid)
{
	struct user_sigevent ev = { .signo = SIGALRM, .notify = SIGEV_SIGNAL };
	struct ptimer *pt;
	int err;

	if (!clock_ok(clock))
		return -EINVAL;
	if (uev && copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	pt = kzalloc(sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	err = take_sigevent(pt, &ev);
	if (!err && ev.notify == SIGEV_THREAD_ID && !own_thread(ev.tid))
		err = -EINVAL;
	if (err)
		goto fail;
	pt->realtime = clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_ALARM;
	spin_lock_init(&pt->lock, "ptimer", LOCK_LEVEL_PTIMER);
	timer_setup(&pt->timer, ptimer_fire, pt);
	err = add_timer(pt);
	if (err)
		goto fail;
	if (!uev)
		pt->value = (u64)pt->id;	/* Linux: si_value is the id */
	if (put_user(pt->id, uid)) {
		remove_timer(pt->id);
		return -EFAULT;
	}
	return 0;
fail:
	kfree(pt);
	return err;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags,
		const struct kernel_itimerspec __user *, unew,
		struct kernel_itimerspec __user *, uold)
{
	struct kernel_itimerspec v, old;
	struct ptimer *pt;
	unsigned long irq;

	if (copy_from_user(&v, unew, sizeof(v)))
		return -EFAULT;
	pt = find_timer(id);
	if (!pt)
		return -EINVAL;
	if (flags & ~TIMER_ABSTIME || !itimerspec_valid(&v))
		return -EINVAL;
	timer_cancel_sync(&pt->timer);
	irq = spin_lock_irqsave(&pt->lock);
	itimerspec_current(&old, pt->expires, pt->interval);
	pt->interval = itimerspec_interval_ns(&v);
	pt->expires = itimerspec_deadline(&v, flags & TIMER_ABSTIME,
					  pt->realtime);
	pt->overrun = 0;
	if (pt->expires)
		timer_arm(&pt->timer, pt->expires);
	spin_unlock_irqrestore(&pt->lock, irq);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(timer_gettime, int, id, struct kernel_itimerspec __user *, ucur)
{
	struct ptimer *pt = find_timer(id);
	struct kernel_itimerspec v;
	unsigned long irq;

	if (!pt)
		return -EINVAL;
	irq = spin_lock_irqsave(&pt->lock);
	itimerspec_current(&v, pt->expires, pt->interval);
	spin_unlock_irqrestore(&pt->lock, irq);
	return copy_to_user(ucur, &v, sizeof(v)) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	struct ptimer *pt = find_timer(id);

	return pt ? READ_ONCE(pt->last_overrun) : -EINVAL;
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	return remove_timer(id);
}

/* exec, or the last thread's exit: every timer of the process goes. */
void posix_timers_exit(struct signal_group *g)
{
	struct list_head gone;
	struct ptimer *pt, *n;
	unsigned long flags;

	list_init(&gone);
	flags = spin_lock_irqsave(&g->lock);
	list_for_each_entry_safe(pt, n, &g->ptimers, node)
		list_move_tail(&pt->node, &gone);
	spin_unlock_irqrestore(&g->lock, flags);
	list_for_each_entry_safe(pt, n, &gone, node)
		destroy(pt);
}
