// SPDX-License-Identifier: MIT
/*
 * Calendar arithmetic for real-time clocks.  The chip may store BCD or
 * binary, 12- or 24-hour time (status register B says which) and may
 * lack a century register, so all of that is undone here, away from the
 * port I/O, where the host tests can reach it.
 */
#include <umka/compiler.h>
#include <umka/rtc.h>

static int bcd(u8 v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

static bool valid(const struct rtc_time *t)
{
	static const u8 days[12] = { 31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };

	return t->year >= 1970 && t->mon >= 1 && t->mon <= 12 &&
	       t->mday >= 1 && t->mday <= days[t->mon - 1] && t->hour >= 0 &&
	       t->hour < 24 && t->min >= 0 && t->min < 60 && t->sec >= 0 &&
	       t->sec < 60;
}

bool rtc_decode(const struct rtc_raw *r, struct rtc_time *t)
{
	bool binary = r->status_b & RTC_STATUS_B_BINARY;
	bool h24 = r->status_b & RTC_STATUS_B_24H;
	bool pm = !h24 && (r->hour & RTC_HOUR_PM);
	u8 hour = h24 ? r->hour : r->hour & ~RTC_HOUR_PM;
	int century;

#define CONV(v) (binary ? (int)(v) : bcd(v))
	t->sec = CONV(r->sec);
	t->min = CONV(r->min);
	t->hour = CONV(hour);
	t->mday = CONV(r->mday);
	t->mon = CONV(r->mon);
	t->year = CONV(r->year);
	century = r->century ? CONV(r->century) : 0;
#undef CONV
	if (!h24) {
		/* 12 AM is midnight and 12 PM noon. */
		if (t->hour < 1 || t->hour > 12)
			return false;
		t->hour = t->hour % 12 + (pm ? 12 : 0);
	}
	if (century >= 19 && century <= 99)
		t->year += century * 100;
	else
		t->year += t->year < 70 ? 2000 : 1900;
	return valid(t);
}

/* Days since 1970-01-01, counting years from March so Feb 29 is last. */
static u64 days_since_epoch(int y, int m, int d)
{
	u64 days;

	if (m <= 2) {
		y--;
		m += 12;
	}
	days = 365ULL * y + y / 4 - y / 100 + y / 400;
	days += (153 * (m - 3) + 2) / 5 + d - 1;
	return days - 719468;	/* the same count for 1970-01-01 */
}

u64 rtc_to_unix_seconds(const struct rtc_time *t)
{
	return days_since_epoch(t->year, t->mon, t->mday) * 86400 +
	       t->hour * 3600 + t->min * 60 + t->sec;
}
