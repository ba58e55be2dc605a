/* SPDX-License-Identifier: MIT */
/*
 * struct itimerspec as timerfd_settime and timer_settime take it, and
 * the arithmetic both do with it (kernel/time/itimerspec.c).  Timers run
 * on the monotonic clock; a CLOCK_REALTIME absolute time is converted
 * when it is set.
 */
#ifndef UMKA_ITIMERSPEC_H
#define UMKA_ITIMERSPEC_H

#include <umka/types.h>

struct kernel_itimerspec {
	s64 int_sec, int_nsec;	/* it_interval */
	s64 val_sec, val_nsec;	/* it_value */
};

/* Both timespecs non-negative, nanoseconds below a second. */
bool itimerspec_valid(const struct kernel_itimerspec *v);
u64 itimerspec_interval_ns(const struct kernel_itimerspec *v);
/* When it_value falls due on the monotonic clock; 0 if it disarms. */
u64 itimerspec_deadline(const struct kernel_itimerspec *v, bool absolute,
			bool realtime);
/* What *_gettime reports for a timer due at @expires (0: disarmed). */
void itimerspec_current(struct kernel_itimerspec *v, u64 expires,
			u64 interval);
/*
 * A periodic timer due at *expires fired at @now: move *expires to the
 * next period after @now and return how many periods were missed on
 * the way (0 when on time).
 */
u64 itimer_forward(u64 *expires, u64 interval, u64 now);

#endif
