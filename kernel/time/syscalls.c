// SPDX-License-Identifier: MIT
/*
 * Clocks and sleeps: clock_gettime, clock_getres, gettimeofday, time,
 * nanosleep, clock_nanosleep, clock_settime, settimeofday.
 * Errors: EINVAL for an unknown clock, a bad timespec (nsec outside
 * [0, 1e9) or negative seconds) or bad flags; EFAULT for bad pointers;
 * EINTR when a signal cuts a sleep short (with the time left written
 * back for relative sleeps).
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <umka/time.h>
#include <umka/timer.h>
#include <umka/errno.h>
#include <umka/sigtypes.h>
#include <umka/clocksource.h>
#include <umka/proc.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define TIMER_ABSTIME 1

struct kernel_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

struct kernel_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

/*
 * CPU-time clocks: CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID
 * for the caller, and the negative ids clock_getcpuclockid(3) and
 * pthread_getcpuclockid(3) make for any process or thread: ~pid << 3,
 * bit 2 for a thread, and the low two bits the kind (0 PROF: user +
 * system, 1 VIRT: user, 2 SCHED: run time; 3 is invalid).
 */
static int cpu_clock_read(int id, u64 *ns)
{
	pid_t pid = ~(id >> 3);
	bool thread = id & 4;
	int kind = id & 3;
	struct cpu_times ct;
	unsigned long f;
	struct task *t;

	if (kind == 3)
		return -EINVAL;
	f = spin_lock_irqsave(&tasklist_lock);
	t = pid ? find_task_by_pid(pid) : current;
	/* A thread clock names a thread of ours; a process one a leader. */
	if (t && (thread ? t->tgid != current->tgid : t->pid != t->tgid))
		t = NULL;
	if (t && thread)
		task_cpu_times(t, &ct);
	else if (t)
		process_cpu_times_locked(t, &ct);
	spin_unlock_irqrestore(&tasklist_lock, f);
	if (!t)
		return -EINVAL;
	*ns = kind == 1 ? ct.utime : ct.rtime;
	return 0;
}

static int clock_read(int id, u64 *ns)
{
	struct cpu_times ct;

	if (id < 0)
		return cpu_clock_read(id, ns);
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		process_cpu_times(current, &ct);
		*ns = ct.rtime;
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		task_cpu_times(current, &ct);
		*ns = ct.rtime;
		return 0;
	default:
		return -EINVAL;
	}
}

static struct kernel_timespec to_ts(u64 ns)
{
	return (struct kernel_timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

SYSCALL_DEFINE2(clock_gettime, int, id, struct kernel_timespec __user *, tp)
{
	struct kernel_timespec ts;
	u64 ns;
	int err = clock_read(id, &ns);

	if (err)
		return err;
	ts = to_ts(ns);
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_getres, int, id, struct kernel_timespec __user *, tp)
{
	struct kernel_timespec ts = { 0, 1 };
	u64 ns;

	if (clock_read(id, &ns))
		return -EINVAL;
	if (id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE)
		ts.tv_nsec = TICK_NSEC;
	if (tp && copy_to_user(tp, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(gettimeofday, struct kernel_timeval __user *, tv,
		void __user *, tz)
{
	u64 ns = ktime_get_real_ns();
	struct kernel_timeval v = { ns / NSEC_PER_SEC,
				    ns % NSEC_PER_SEC / 1000 };
	static const int utc[2];	/* minuteswest, dsttime */

	if (tv && copy_to_user(tv, &v, sizeof(v)))
		return -EFAULT;
	if (tz && copy_to_user(tz, utc, sizeof(utc)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(time, s64 __user *, tloc)
{
	s64 t = ktime_get_real_ns() / NSEC_PER_SEC;

	if (tloc && put_user(t, tloc))
		return -EFAULT;
	return t;
}

static int get_ts(const struct kernel_timespec __user *u, u64 *ns)
{
	struct kernel_timespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

/* Sleep until monotonic/realtime deadline; -EINTR on a signal. */
static long sleep_until(int clock, u64 deadline)
{
	u64 now;

	for (;;) {
		clock_read(clock, &now);
		if (now >= deadline)
			return 0;
		if (signal_pending(current))
			return -EINTR;
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout(deadline - now);
		set_current_state(TASK_RUNNING);
	}
}

static long do_nanosleep(int clock, int flags, const struct kernel_timespec __user *req,
			 struct kernel_timespec __user *rem)
{
	u64 ns, start, now;
	long err;

	flags &= TIMER_ABSTIME;		/* other bits are ignored, as Linux */
	err = get_ts(req, &ns);
	if (err)
		return err;
	if (clock_read(clock, &start))
		return -EINVAL;
	err = sleep_until(clock, flags & TIMER_ABSTIME ? ns : start + ns);
	if (err == -EINTR && !(flags & TIMER_ABSTIME) && rem) {
		struct kernel_timespec left;

		clock_read(clock, &now);
		left = to_ts(start + ns > now ? start + ns - now : 0);
		if (copy_to_user(rem, &left, sizeof(left)))
			return -EFAULT;
	}
	return err;
}

SYSCALL_DEFINE2(nanosleep, const struct kernel_timespec __user *, req,
		struct kernel_timespec __user *, rem)
{
	return do_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, id, int, flags,
		const struct kernel_timespec __user *, req,
		struct kernel_timespec __user *, rem)
{
	/* Sleeping on a thread's own CPU clock could never end. */
	if (id == CLOCK_THREAD_CPUTIME_ID || (id < 0 && (id & 4)))
		return -EINVAL;
	return do_nanosleep(id, flags, req, rem);
}

/*
 * Setting the wall clock: CLOCK_REALTIME only (EINVAL for the others,
 * which cannot be set), a valid time (EINVAL), and root (EPERM).
 */
static long set_realtime(u64 ns)
{
	if (current->cred.euid != 0)
		return -EPERM;
	time_set_boot_realtime(ns);
	return 0;
}

SYSCALL_DEFINE2(clock_settime, int, id, const struct kernel_timespec __user *,
		tp)
{
	u64 ns;
	long err;

	if (id != CLOCK_REALTIME)
		return -EINVAL;
	err = get_ts(tp, &ns);
	return err ? err : set_realtime(ns);
}

SYSCALL_DEFINE2(settimeofday, const struct kernel_timeval __user *, utv,
		const void __user *, tz)
{
	struct kernel_timeval tv;

	(void)tz;	/* the kernel's timezone is not kept: always UTC */
	if (!utv)
		return current->cred.euid ? -EPERM : 0;
	if (copy_from_user(&tv, utv, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EINVAL;
	return set_realtime((u64)tv.tv_sec * NSEC_PER_SEC +
			    (u64)tv.tv_usec * NSEC_PER_USEC);
}
