/* SPDX-License-Identifier: MIT */
/*
 * Wall-clock calendar time as real-time clock chips keep it, and its
 * conversion to Unix time.  Portable (lib/rtc.c), host-tested.
 */
#ifndef UMKA_RTC_H
#define UMKA_RTC_H

#include <umka/types.h>
#include <umka/compiler.h>

struct rtc_time {
	int year;	/* e.g. 2026 */
	int mon;	/* 1..12 */
	int mday;	/* 1..31 */
	int hour, min, sec;
};

/* The MC146818 register image, as read from the chip. */
struct rtc_raw {
	u8 sec, min, hour, mday, mon, year;
	u8 century;	/* 0: no century register */
	u8 status_b;	/* data mode: BCD or binary, 12 or 24 hours */
};

#define RTC_STATUS_B_24H BIT(1)
#define RTC_STATUS_B_BINARY BIT(2)
#define RTC_HOUR_PM BIT(7)

/* Decode BCD/binary and 12/24-hour; false if the result is nonsense. */
bool rtc_decode(const struct rtc_raw *r, struct rtc_time *t);
/* Seconds since 1970-01-01 00:00:00 UTC; @t must be valid, >= 1970. */
u64 rtc_to_unix_seconds(const struct rtc_time *t);

#endif
