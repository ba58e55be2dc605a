// SPDX-License-Identifier: MIT
/*
 * Scheduling system calls: sched_setscheduler, sched_setparam,
 * sched_getscheduler, sched_getparam, sched_setattr, sched_getattr,
 * sched_get_priority_max/min, sched_rr_get_interval, setpriority and
 * getpriority, with Linux's argument checks, errors and permission
 * rules.  Root (euid 0) stands in for CAP_SYS_NICE.
 *
 * Errors: EINVAL for a negative pid, a NULL parameter pointer, an
 * unknown policy or flag, or a priority outside the policy's range;
 * ESRCH when no task has the pid; EFAULT for unreadable or unwritable
 * memory; E2BIG for a struct sched_attr of an impossible size or with
 * non-zero bytes beyond the fields we know; EPERM when an unprivileged
 * caller raises a priority beyond the target's RLIMIT_NICE /
 * RLIMIT_RTPRIO, asks
 * for SCHED_DEADLINE, leaves SCHED_IDLE or SCHED_RESET_ON_FORK, or
 * changes another user's task; setpriority() reports the nice limit as
 * EACCES, as Linux does.  Utilisation clamps are not supported
 * (EOPNOTSUPP, as on a kernel without CONFIG_UCLAMP_TASK).
 *
 * SCHED_DEADLINE is not implemented.  Its parameters are still checked
 * as Linux checks them (EINVAL), an unprivileged caller gets EPERM, and
 * a valid request from root fails admission control with EBUSY, as it
 * would on Linux with no deadline bandwidth left on the CPUs.
 */
#include <umka/syscall.h>
#include <umka/proc.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/time.h>
#include <umka/timer.h>
#include <umka/page.h>
#include "sched.h"

#define SETPARAM_POLICY (-1)

#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_RECLAIM 0x02
#define SCHED_FLAG_DL_OVERRUN 0x04
#define SCHED_FLAG_KEEP_POLICY 0x08
#define SCHED_FLAG_KEEP_PARAMS 0x10
#define SCHED_FLAG_UTIL_CLAMP_MIN 0x20
#define SCHED_FLAG_UTIL_CLAMP_MAX 0x40
#define SCHED_FLAG_UTIL_CLAMP (SCHED_FLAG_UTIL_CLAMP_MIN | \
			       SCHED_FLAG_UTIL_CLAMP_MAX)
#define SCHED_FLAG_ALL 0x7f

#define SCHED_ATTR_SIZE_VER0 48
#define SCHED_ATTR_SIZE_VER1 56

#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

/* Deadline periods Linux accepts by default: 100 us .. 2^22 us. */
#define DL_PERIOD_MIN_NS (100 * NSEC_PER_USEC)
#define DL_PERIOD_MAX_NS ((1ULL << 22) * NSEC_PER_USEC)

struct sched_param {
	int sched_priority;
};

struct sched_attr {
	u32 size;
	u32 sched_policy;
	u64 sched_flags;
	s32 sched_nice;
	u32 sched_priority;
	u64 sched_runtime;
	u64 sched_deadline;
	u64 sched_period;
	u32 sched_util_min;
	u32 sched_util_max;
};

_Static_assert(sizeof(struct sched_attr) == SCHED_ATTR_SIZE_VER1,
	       "struct sched_attr is Linux's");

static bool valid_policy(int policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_FIFO ||
	       policy == SCHED_RR || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE || policy == SCHED_DEADLINE;
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* Policies whose nice level the request sets (SCHED_IDLE keeps it). */
static bool nice_policy(int policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_BATCH;
}

static bool privileged(void)
{
	return current->cred.euid == 0;
}

/* The caller's euid is @t's real or effective uid. */
static bool same_owner(const struct task *t)
{
	uid_t euid = current->cred.euid;

	return euid == t->cred.uid || euid == t->cred.euid;
}

/* @t's RLIMIT_NICE counts 20 - nice: 1 allows nice 19, 40 allows -20. */
static bool nice_allowed(const struct task *t, int nice)
{
	return (u64)(20 - nice) <= task_rlimit_cur(t, RLIMIT_NICE);
}

/* The task a pid names (0: the caller); tasklist_lock held. */
static struct task *task_by_pid(pid_t pid)
{
	struct task *t = pid ? find_task_by_pid(pid) : current;

	return t && t->exit_state != EXIT_DEAD ? t : NULL;
}

/* The scheduling parameters of task @pid (0: us); -ESRCH if none. */
static int params_of(pid_t pid, struct sched_params *p)
{
	unsigned long f = spin_lock_irqsave(&tasklist_lock);
	struct task *t = task_by_pid(pid);

	if (t)
		sched_get_params(t, p);
	spin_unlock_irqrestore(&tasklist_lock, f);
	return t ? 0 : -ESRCH;
}

static bool dl_params_valid(const struct sched_attr *a)
{
	u64 period = a->sched_period ? a->sched_period : a->sched_deadline;

	if (!a->sched_deadline || a->sched_runtime < 1024)
		return false;
	if ((a->sched_deadline | a->sched_period) & (1ULL << 63))
		return false;
	if (period < a->sched_deadline || a->sched_deadline < a->sched_runtime)
		return false;
	return period >= DL_PERIOD_MIN_NS && period <= DL_PERIOD_MAX_NS;
}

/* Permission rules for an unprivileged caller (Linux's order). */
static int check_permission(struct task *t, const struct sched_attr *a,
			    int policy, bool reset_on_fork)
{
	bool ok = true;

	if (nice_policy(policy) && a->sched_nice < t->nice &&
	    !nice_allowed(t, a->sched_nice))
		ok = false;
	if (rt_policy(policy)) {
		u64 rtprio = task_rlimit_cur(t, RLIMIT_RTPRIO);

		if (policy != t->policy && !rtprio)
			ok = false;
		if ((int)a->sched_priority > t->rt_priority &&
		    a->sched_priority > rtprio)
			ok = false;
	}
	if (policy == SCHED_DEADLINE)
		ok = false;
	/* SCHED_IDLE counts as nice 20: leaving it is raising priority. */
	if (t->policy == SCHED_IDLE && policy != SCHED_IDLE &&
	    !nice_allowed(t, t->nice))
		ok = false;
	if (!same_owner(t))
		ok = false;
	if (t->reset_on_fork && !reset_on_fork)
		ok = false;
	return ok || privileged() ? 0 : -EPERM;
}

/*
 * Apply @a to @t; tasklist_lock held (which keeps @t alive).  A policy
 * of SETPARAM_POLICY keeps the task's policy and reset-on-fork flag.
 */
static int set_scheduler(struct task *t, const struct sched_attr *a)
{
	int policy = (int)a->sched_policy;
	struct sched_params p;
	bool reset_on_fork;
	int err;

	if (policy == SETPARAM_POLICY) {
		policy = t->policy;
		reset_on_fork = t->reset_on_fork;
	} else {
		reset_on_fork = a->sched_flags & SCHED_FLAG_RESET_ON_FORK;
		if (!valid_policy(policy))
			return -EINVAL;
	}
	if (a->sched_flags & ~(u64)SCHED_FLAG_ALL)
		return -EINVAL;
	if (a->sched_priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	if ((policy == SCHED_DEADLINE && !dl_params_valid(a)) ||
	    rt_policy(policy) != (a->sched_priority != 0))
		return -EINVAL;
	err = check_permission(t, a, policy, reset_on_fork);
	if (err)
		return err;
	if (a->sched_flags & SCHED_FLAG_UTIL_CLAMP)
		return -EOPNOTSUPP;
	if (policy == SCHED_DEADLINE)
		return -EBUSY;
	p.policy = policy;
	p.rt_priority = rt_policy(policy) ? (int)a->sched_priority : 0;
	p.nice = nice_policy(policy) ? a->sched_nice : t->nice;
	p.reset_on_fork = reset_on_fork;
	sched_set_params(t, &p);
	return 0;
}

/* The attributes of @t as sched_getattr reports them. */
static void get_attr(struct task *t, struct sched_attr *a)
{
	struct sched_params p;

	sched_get_params(t, &p);
	a->sched_policy = (u32)p.policy;
	if (p.reset_on_fork)
		a->sched_flags |= SCHED_FLAG_RESET_ON_FORK;
	if (rt_policy(p.policy))
		a->sched_priority = (u32)p.rt_priority;
	else
		a->sched_nice = p.nice;
}

static long do_setscheduler(pid_t pid, int policy,
			    const struct sched_param __user *uparam)
{
	struct sched_attr a;
	struct sched_param lp;
	unsigned long f;
	struct task *t;
	long err;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&lp, uparam, sizeof(lp)))
		return -EFAULT;
	memset(&a, 0, sizeof(a));
	a.sched_policy = (u32)policy;
	a.sched_priority = (u32)lp.sched_priority;
	/* The legacy flag in the policy number. */
	if (policy != SETPARAM_POLICY && (policy & SCHED_RESET_ON_FORK)) {
		a.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
		a.sched_policy = (u32)(policy & ~SCHED_RESET_ON_FORK);
	}
	f = spin_lock_irqsave(&tasklist_lock);
	t = task_by_pid(pid);
	if (t) {
		a.sched_nice = t->nice;
		err = set_scheduler(t, &a);
	} else {
		err = -ESRCH;
	}
	spin_unlock_irqrestore(&tasklist_lock, f);
	return err;
}

SYSCALL_DEFINE3(sched_setscheduler, pid_t, pid, int, policy,
		const struct sched_param __user *, param)
{
	if (policy < 0)
		return -EINVAL;
	return do_setscheduler(pid, policy, param);
}

SYSCALL_DEFINE2(sched_setparam, pid_t, pid,
		const struct sched_param __user *, param)
{
	return do_setscheduler(pid, SETPARAM_POLICY, param);
}

SYSCALL_DEFINE1(sched_getscheduler, pid_t, pid)
{
	struct sched_params p;
	int err;

	if (pid < 0)
		return -EINVAL;
	err = params_of(pid, &p);
	if (err)
		return err;
	return p.policy | (p.reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

SYSCALL_DEFINE2(sched_getparam, pid_t, pid, struct sched_param __user *, param)
{
	struct sched_param lp = { 0 };
	struct sched_params p;
	int err;

	if (!param || pid < 0)
		return -EINVAL;
	err = params_of(pid, &p);
	if (err)
		return err;
	if (rt_policy(p.policy))
		lp.sched_priority = p.rt_priority;
	return copy_to_user(param, &lp, sizeof(lp)) ? -EFAULT : 0;
}

/*
 * Read a struct sched_attr of the caller's size: 0 means the first
 * version; a larger one than ours must be zero beyond our fields.  On a
 * bad size the size we know is written back, with E2BIG.
 */
static long copy_attr(struct sched_attr __user *uattr, struct sched_attr *a)
{
	u32 size;
	u8 tail[64];

	memset(a, 0, sizeof(*a));
	if (get_user(size, &uattr->size))
		return -EFAULT;
	if (!size)
		size = SCHED_ATTR_SIZE_VER0;
	if (size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE)
		goto too_big;
	for (u32 off = sizeof(*a); off < size; off += sizeof(tail)) {
		u32 n = min(size - off, (u32)sizeof(tail));

		if (copy_from_user(tail, (u8 __user *)uattr + off, n))
			return -EFAULT;
		for (u32 i = 0; i < n; i++)
			if (tail[i])
				goto too_big;
	}
	if (copy_from_user(a, uattr, min(size, (u32)sizeof(*a))))
		return -EFAULT;
	if ((a->sched_flags & SCHED_FLAG_UTIL_CLAMP) &&
	    size < SCHED_ATTR_SIZE_VER1)
		return -EINVAL;
	/* Out-of-range nice values are clamped, as Linux does. */
	if (a->sched_nice < MIN_NICE)
		a->sched_nice = MIN_NICE;
	if (a->sched_nice > MAX_NICE)
		a->sched_nice = MAX_NICE;
	return 0;
too_big:
	put_user((u32)sizeof(*a), &uattr->size);
	return -E2BIG;
}

SYSCALL_DEFINE3(sched_setattr, pid_t, pid, struct sched_attr __user *, uattr,
		unsigned int, flags)
{
	struct sched_attr a;
	unsigned long f;
	struct task *t;
	long err;

	if (!uattr || pid < 0 || flags)
		return -EINVAL;
	err = copy_attr(uattr, &a);
	if (err)
		return err;
	if ((int)a.sched_policy < 0)
		return -EINVAL;
	if (a.sched_flags & SCHED_FLAG_KEEP_POLICY)
		a.sched_policy = (u32)SETPARAM_POLICY;
	f = spin_lock_irqsave(&tasklist_lock);
	t = task_by_pid(pid);
	if (t) {
		if (a.sched_flags & SCHED_FLAG_KEEP_PARAMS) {
			struct sched_attr cur = { 0 };

			get_attr(t, &cur);
			a.sched_priority = cur.sched_priority;
			a.sched_nice = cur.sched_nice;
		}
		err = set_scheduler(t, &a);
	} else {
		err = -ESRCH;
	}
	spin_unlock_irqrestore(&tasklist_lock, f);
	return err;
}

SYSCALL_DEFINE4(sched_getattr, pid_t, pid, struct sched_attr __user *, uattr,
		unsigned int, usize, unsigned int, flags)
{
	struct sched_attr a;
	unsigned long f;
	struct task *t;

	if (!uattr || pid < 0 || usize > PAGE_SIZE ||
	    usize < SCHED_ATTR_SIZE_VER0 || flags)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	f = spin_lock_irqsave(&tasklist_lock);
	t = task_by_pid(pid);
	if (t)
		get_attr(t, &a);
	spin_unlock_irqrestore(&tasklist_lock, f);
	if (!t)
		return -ESRCH;
	/* Older callers get the part they know; newer ones our size. */
	a.size = min(usize, (unsigned int)sizeof(a));
	return copy_to_user(uattr, &a, a.size) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	if (rt_policy(policy))
		return MAX_RT_PRIO - 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	if (rt_policy(policy))
		return 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

struct kernel_timespec64 {
	s64 tv_sec;
	s64 tv_nsec;
};

/*
 * SCHED_RR: its 100 ms slice; SCHED_FIFO: 0 (no slice); fair tasks:
 * their request size rounded up to whole ticks, since the tick is when
 * a slice can end.
 */
SYSCALL_DEFINE2(sched_rr_get_interval, pid_t, pid,
		struct kernel_timespec64 __user *, interval)
{
	struct kernel_timespec64 ts;
	unsigned long f;
	struct task *t;
	u64 ns = 0;

	if (pid < 0)
		return -EINVAL;
	f = spin_lock_irqsave(&tasklist_lock);
	t = task_by_pid(pid);
	if (t)
		ns = sched_slice_ns(t);
	spin_unlock_irqrestore(&tasklist_lock, f);
	if (!t)
		return -ESRCH;
	if (ns && ns != SCHED_RR_SLICE_NS)
		ns = (ns + TICK_NSEC - 1) / TICK_NSEC * TICK_NSEC;
	ts.tv_sec = (s64)(ns / NSEC_PER_SEC);
	ts.tv_nsec = (s64)(ns % NSEC_PER_SEC);
	return copy_to_user(interval, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/*
 * setpriority/getpriority act on every thread that matches: one thread
 * for PRIO_PROCESS (nice is per thread on Linux), every thread of the
 * process group, or every task of the real uid.  The error of the last
 * refused task sticks; ESRCH only if nothing matched.
 */
static bool prio_match(const struct task *t, int which, int who)
{
	if (t->is_idle || t->exit_state == EXIT_DEAD)
		return false;
	switch (which) {
	case PRIO_PROCESS:
		return t->pid == who;
	case PRIO_PGRP:
		return t->pgid == who;
	default:
		return t->cred.uid == (uid_t)who;
	}
}

static int prio_who(int which, int who)
{
	if (who)
		return who;
	switch (which) {
	case PRIO_PROCESS:
		return current->pid;
	case PRIO_PGRP:
		return current->pgid;
	default:
		return (int)current->cred.uid;
	}
}

static long set_one_nice(struct task *t, int nice, long err)
{
	struct sched_params p;

	if (!same_owner(t) && !privileged())
		return -EPERM;
	if (nice < t->nice && !nice_allowed(t, nice) && !privileged())
		return -EACCES;
	sched_get_params(t, &p);
	p.nice = nice;
	sched_set_params(t, &p);
	return err == -ESRCH ? 0 : err;
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, niceval)
{
	long err = -ESRCH;
	unsigned long f;
	struct task *t;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (niceval < MIN_NICE)
		niceval = MIN_NICE;
	if (niceval > MAX_NICE)
		niceval = MAX_NICE;
	f = spin_lock_irqsave(&tasklist_lock);
	who = prio_who(which, who);
	if (which == PRIO_PROCESS) {
		t = task_by_pid(who);
		if (t)
			err = set_one_nice(t, niceval, err);
	} else {
		list_for_each_entry(t, task_list(), all_tasks)
			if (prio_match(t, which, who))
				err = set_one_nice(t, niceval, err);
	}
	spin_unlock_irqrestore(&tasklist_lock, f);
	return err;
}

/* The raw call returns 20 - nice (1..40), so that it is never negative. */
SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	long ret = -ESRCH;
	unsigned long f;
	struct task *t;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	f = spin_lock_irqsave(&tasklist_lock);
	who = prio_who(which, who);
	if (which == PRIO_PROCESS) {
		t = task_by_pid(who);
		if (t)
			ret = 20 - t->nice;
	} else {
		list_for_each_entry(t, task_list(), all_tasks)
			if (prio_match(t, which, who) && 20 - t->nice > ret)
				ret = 20 - t->nice;
	}
	spin_unlock_irqrestore(&tasklist_lock, f);
	return ret;
}
