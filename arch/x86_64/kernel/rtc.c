// SPDX-License-Identifier: MIT
/*
 * The CMOS real-time clock, read once at boot for the wall-clock time.
 * The chip may store BCD or binary and 12- or 24-hour time (status B
 * says which), and its registers are unstable while it updates, so we
 * read until two passes agree.
 */
#include <umka/acpi.h>
#include <umka/clocksource.h>
#include <umka/printk.h>
#include <umka/time.h>
#include <asm/io.h>
#include <asm/time.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SEC 0x00
#define RTC_MIN 0x02
#define RTC_HOUR 0x04
#define RTC_MDAY 0x07
#define RTC_MON 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define STATUS_A_UIP BIT(7)
#define STATUS_B_24H BIT(1)
#define STATUS_B_BINARY BIT(2)
#define HOUR_PM BIT(7)

struct rtc_raw {
	u8 sec, min, hour, mday, mon, year, century;
};

static u8 cmos_read(u8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void read_raw(struct rtc_raw *r, u8 century_reg)
{
	/* An update takes under 2 ms; bound the wait anyway. */
	for (int i = 0; i < 1000000 && (cmos_read(RTC_STATUS_A) & STATUS_A_UIP);
	     i++)
		;
	r->sec = cmos_read(RTC_SEC);
	r->min = cmos_read(RTC_MIN);
	r->hour = cmos_read(RTC_HOUR);
	r->mday = cmos_read(RTC_MDAY);
	r->mon = cmos_read(RTC_MON);
	r->year = cmos_read(RTC_YEAR);
	r->century = century_reg ? cmos_read(century_reg) : 0;
}

static bool raw_equal(const struct rtc_raw *a, const struct rtc_raw *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->mday == b->mday && a->mon == b->mon && a->year == b->year &&
	       a->century == b->century;
}

static int bcd(u8 v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

static void decode(const struct rtc_raw *r, u8 status_b, struct rtc_time *t)
{
	bool binary = status_b & STATUS_B_BINARY;
	bool pm = !(status_b & STATUS_B_24H) && (r->hour & HOUR_PM);
	int hour = r->hour & ~HOUR_PM;
	int century;

#define CONV(v) (binary ? (int)(v) : bcd(v))
	t->sec = CONV(r->sec);
	t->min = CONV(r->min);
	hour = CONV(hour);
	t->mday = CONV(r->mday);
	t->mon = CONV(r->mon);
	t->year = CONV(r->year);
	century = r->century ? CONV(r->century) : 0;
#undef CONV
	/* 12-hour mode: 12 AM is midnight, 12 PM is noon. */
	if (!(status_b & STATUS_B_24H))
		hour = (hour % 12) + (pm ? 12 : 0);
	t->hour = hour;
	if (century >= 19 && century <= 99)
		t->year += century * 100;
	else
		t->year += t->year < 70 ? 2000 : 1900;
}

static bool plausible(const struct rtc_time *t)
{
	return t->year >= 1970 && t->sec < 60 && t->min < 60 && t->hour < 24 && t->mday >= 1 &&
	       t->mday <= 31 && t->mon >= 1 && t->mon <= 12;
}

bool rtc_read(struct rtc_time *t)
{
	u8 century_reg = acpi_rtc_century_index();
	struct rtc_raw a, b;
	int tries = 0;

	read_raw(&a, century_reg);
	do {
		b = a;
		read_raw(&a, century_reg);
	} while (!raw_equal(&a, &b) && ++tries < 5);
	decode(&a, cmos_read(RTC_STATUS_B), t);
	return plausible(t);
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

void rtc_init(void)
{
	struct rtc_time t;

	if (!rtc_read(&t)) {
		pr_warn("rtc: implausible time, wall clock starts at 1970\n");
		return;
	}
	time_set_boot_realtime(rtc_to_unix_seconds(&t) * NSEC_PER_SEC);
	pr_info("rtc: %04d-%02d-%02d %02d:%02d:%02d UTC\n", t.year, t.mon,
		t.mday, t.hour, t.min, t.sec);
}
