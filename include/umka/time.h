/* SPDX-License-Identifier: MIT */
/*
 * Kernel time.  Monotonic nanoseconds since boot come from the TSC once
 * it is calibrated (0 before that); realtime is the CMOS RTC at boot plus
 * monotonic time.
 */
#ifndef UMKA_TIME_H
#define UMKA_TIME_H

#include <umka/types.h>

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_USEC 1000ULL

u64 ktime_get_ns(void);		/* CLOCK_MONOTONIC */
u64 ktime_get_real_ns(void);	/* CLOCK_REALTIME */
void udelay(unsigned long us);
void mdelay(unsigned long ms);

#endif
