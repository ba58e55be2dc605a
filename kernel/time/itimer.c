// SPDX-License-Identifier: MIT
/*
 * alarm, setitimer, getitimer: ITIMER_REAL sends SIGALRM when it runs
 * out and re-arms itself with the interval.  ITIMER_VIRTUAL (user CPU
 * time) and ITIMER_PROF (user and system) belong to the process and are
 * charged by the scheduler tick, a tick at a time, as Linux charges
 * them without precise accounting; they send SIGVTALRM and SIGPROF.
 * Errors: EINVAL (unknown timer, bad timeval), EFAULT.
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <umka/proc.h>
#include <umka/timer.h>
#include <umka/time.h>
#include <umka/signal.h>
#include <umka/slab.h>
#include <umka/errno.h>

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

struct kernel_itimerval {
	s64 int_sec, int_usec;
	s64 val_sec, val_usec;
};

/* ITIMER_REAL of a process: its signal group points here. */
struct itimer {
	struct timer timer;
	pid_t tgid;		/* the process: SIGALRM goes to any thread */
	u64 expires;		/* monotonic ns, 0: disarmed */
	u64 interval;
};

static void itimer_fire(void *data)
{
	struct itimer *it = data;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(it->tgid);

	if (t)
		send_signal(t, SIGALRM, SI_KERNEL, 0);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (it->interval) {
		it->expires += it->interval;
		timer_arm(&it->timer, it->expires);
	} else {
		it->expires = 0;
	}
}

/* Our process's ITIMER_REAL, made on first use. */
static struct itimer *my_itimer(void)
{
	struct signal_group *g = current->sig;
	struct itimer *it = READ_ONCE(g->real_itimer), *mine;
	unsigned long flags;

	if (it)
		return it;
	mine = kzalloc(sizeof(*mine));
	if (!mine)
		return NULL;
	mine->tgid = current->tgid;
	timer_setup(&mine->timer, itimer_fire, mine);
	flags = spin_lock_irqsave(&g->lock);
	it = g->real_itimer;
	if (!it)
		it = g->real_itimer = mine;
	spin_unlock_irqrestore(&g->lock, flags);
	if (it != mine)
		kfree(mine);	/* another thread made it first */
	return it;
}

/* The process's last thread exits: its ITIMER_REAL goes too. */
void itimer_group_exit(struct signal_group *g)
{
	struct itimer *it = g->real_itimer;

	if (it) {
		g->real_itimer = NULL;
		timer_cancel_sync(&it->timer);
		kfree(it);
	}
}

static u64 tv_ns(s64 sec, s64 usec)
{
	return (u64)sec * NSEC_PER_SEC + (u64)usec * 1000;
}

static void current_value(struct itimer *it, struct kernel_itimerval *v)
{
	u64 now = ktime_get_ns(), left = it->expires > now ? it->expires - now : 0;

	if (it->expires && !left)
		left = 1000;	/* due: Linux reports at least 1 us */
	v->val_sec = left / NSEC_PER_SEC;
	v->val_usec = (left % NSEC_PER_SEC + 999) / 1000;
	if (v->val_usec == 1000000) {
		v->val_sec++;
		v->val_usec = 0;
	}
	v->int_sec = it->interval / NSEC_PER_SEC;
	v->int_usec = it->interval % NSEC_PER_SEC / 1000;
}

static long set_real(const struct kernel_itimerval *nv,
		     struct kernel_itimerval *ov)
{
	struct itimer *it = my_itimer();

	if (!it)
		return -ENOMEM;
	timer_cancel_sync(&it->timer);
	current_value(it, ov);
	it->interval = tv_ns(nv->int_sec, nv->int_usec);
	it->expires = 0;
	if (nv->val_sec || nv->val_usec) {
		it->expires = ktime_get_ns() + tv_ns(nv->val_sec, nv->val_usec);
		timer_arm(&it->timer, it->expires);
	}
	return 0;
}

static bool valid(const struct kernel_itimerval *v)
{
	return v->int_sec >= 0 && v->val_sec >= 0 && v->int_usec >= 0 &&
	       v->int_usec < 1000000 && v->val_usec >= 0 &&
	       v->val_usec < 1000000;
}

/*
 * From the tick on this CPU, IRQs off, no locks held: @t ran a tick in
 * user mode (@user) or in the kernel.
 */
void itimer_cpu_tick(struct task *t, bool user)
{
	static const int sigs[2] = { SIGVTALRM, SIGPROF };
	struct signal_group *g = t->sig;
	bool fire[2] = { false, false };

	if (!g || !READ_ONCE(g->cpu_itimer_armed))
		return;
	spin_lock(&g->lock);
	for (int i = user ? 0 : 1; i < 2; i++) {
		u64 *left = &g->cpu_itimer[i].left;

		if (!*left)
			continue;
		if (*left > TICK_NSEC) {
			*left -= TICK_NSEC;
			continue;
		}
		fire[i] = true;
		*left = g->cpu_itimer[i].interval;
	}
	g->cpu_itimer_armed = g->cpu_itimer[0].left || g->cpu_itimer[1].left;
	spin_unlock(&g->lock);
	for (int i = 0; i < 2; i++)
		if (fire[i])
			send_signal(t, sigs[i], SI_KERNEL, 0);
}

static void cpu_value(u64 left, u64 interval, struct kernel_itimerval *v)
{
	v->val_sec = (s64)(left / NSEC_PER_SEC);
	v->val_usec = (s64)((left % NSEC_PER_SEC + 999) / 1000);
	if (v->val_usec == 1000000) {
		v->val_sec++;
		v->val_usec = 0;
	}
	v->int_sec = (s64)(interval / NSEC_PER_SEC);
	v->int_usec = (s64)(interval % NSEC_PER_SEC / 1000);
}

/* ITIMER_VIRTUAL or ITIMER_PROF: @nv (NULL: just read) and the old value. */
static void set_cpu(int which, const struct kernel_itimerval *nv,
		    struct kernel_itimerval *ov)
{
	struct signal_group *g = current->sig;
	unsigned long flags = spin_lock_irqsave(&g->lock);
	int i = which - ITIMER_VIRTUAL;

	cpu_value(g->cpu_itimer[i].left, g->cpu_itimer[i].interval, ov);
	if (nv) {
		g->cpu_itimer[i].left = tv_ns(nv->val_sec, nv->val_usec);
		g->cpu_itimer[i].interval = tv_ns(nv->int_sec, nv->int_usec);
		g->cpu_itimer_armed = g->cpu_itimer[0].left ||
				      g->cpu_itimer[1].left;
	}
	spin_unlock_irqrestore(&g->lock, flags);
}

SYSCALL_DEFINE3(setitimer, int, which, const struct kernel_itimerval __user *, unv,
		struct kernel_itimerval __user *, uov)
{
	struct kernel_itimerval nv = { 0 }, ov;
	long err;

	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL &&
	    which != ITIMER_PROF)
		return -EINVAL;
	if (unv && copy_from_user(&nv, unv, sizeof(nv)))
		return -EFAULT;
	if (!valid(&nv))
		return -EINVAL;
	err = 0;
	if (which == ITIMER_REAL)
		err = set_real(&nv, &ov);
	else
		set_cpu(which, &nv, &ov);
	if (!err && uov && copy_to_user(uov, &ov, sizeof(ov)))
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE2(getitimer, int, which, struct kernel_itimerval __user *, uv)
{
	struct kernel_itimerval v = { 0 };
	struct itimer *it;

	if (which == ITIMER_VIRTUAL || which == ITIMER_PROF) {
		set_cpu(which, NULL, &v);
		return copy_to_user(uv, &v, sizeof(v)) ? -EFAULT : 0;
	}
	if (which != ITIMER_REAL)
		return -EINVAL;
	it = my_itimer();
	if (!it)
		return -ENOMEM;
	current_value(it, &v);
	return copy_to_user(uv, &v, sizeof(v)) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct kernel_itimerval nv = { 0, 0, seconds, 0 }, ov;

	if (set_real(&nv, &ov))
		return 0;
	/* Rounded to the nearest second, at least 1 if one was pending. */
	return ov.val_sec + (ov.val_usec >= 500000) +
	       (!ov.val_sec && ov.val_usec && ov.val_usec < 500000);
}
