/* SPDX-License-Identifier: MIT */
/*
 * x86 clocks: the HPET and the PIT serve as references to calibrate the
 * TSC, which then is the kernel clocksource; the CMOS RTC gives the wall
 * clock at boot.
 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <umka/types.h>
#include <umka/rtc.h>

/* hpet.c */
bool hpet_init(void);
bool hpet_available(void);
u64 hpet_read_counter(void);
u64 hpet_frequency(void);
/* Counter ticks from @from to @to, allowing for a 32-bit counter wrap. */
u64 hpet_delta(u64 from, u64 to);

/* pit.c */
#define PIT_HZ 1193182
/* Stop channel 0, whose periodic interrupt we do not use. */
void pit_stop_channel0(void);
/* TSC ticks elapsed while PIT channel 2 counts @ms (<= 50) ms; 0: no PIT. */
u64 pit_measure_tsc(unsigned int ms);

/* tsc.c */
void tsc_init(void);
u64 tsc_frequency(void);		/* Hz, 0 if uncalibrated */
bool tsc_invariant(void);
bool tsc_has_deadline(void);
u64 tsc_to_ns(u64 tsc);
u64 ns_to_tsc(u64 ns);

/* rtc.c */
bool rtc_read(struct rtc_time *t);
void rtc_init(void);

#endif
