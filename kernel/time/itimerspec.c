// SPDX-License-Identifier: MIT
/* The itimerspec arithmetic of timerfd and POSIX timers. */
#include <umka/itimerspec.h>
#include <umka/time.h>

static bool ts_valid(s64 sec, s64 nsec)
{
	return sec >= 0 && nsec >= 0 && nsec < (s64)NSEC_PER_SEC;
}

bool itimerspec_valid(const struct kernel_itimerspec *v)
{
	return ts_valid(v->val_sec, v->val_nsec) &&
	       ts_valid(v->int_sec, v->int_nsec);
}

u64 itimerspec_interval_ns(const struct kernel_itimerspec *v)
{
	return (u64)v->int_sec * NSEC_PER_SEC + (u64)v->int_nsec;
}

u64 itimerspec_deadline(const struct kernel_itimerspec *v, bool absolute,
			bool realtime)
{
	u64 value = (u64)v->val_sec * NSEC_PER_SEC + (u64)v->val_nsec;
	u64 now = ktime_get_ns(), real;

	if (!value)
		return 0;
	if (!absolute)
		return now + value;
	if (realtime) {
		real = ktime_get_real_ns();
		value = value > real ? now + (value - real) : now;
	}
	return value ? value : 1;	/* long past: due at once */
}

void itimerspec_current(struct kernel_itimerspec *v, u64 expires,
			u64 interval)
{
	u64 now = ktime_get_ns(), left = 0;

	if (expires)
		left = expires > now ? expires - now : 1;
	v->val_sec = (s64)(left / NSEC_PER_SEC);
	v->val_nsec = (s64)(left % NSEC_PER_SEC);
	v->int_sec = (s64)(interval / NSEC_PER_SEC);
	v->int_nsec = (s64)(interval % NSEC_PER_SEC);
}

u64 itimer_forward(u64 *expires, u64 interval, u64 now)
{
	u64 missed = now > *expires ? (now - *expires) / interval : 0;

	*expires += (missed + 1) * interval;
	return missed;
}
