// SPDX-License-Identifier: MIT
/*
 * The CMOS real-time clock, read once at boot for the wall-clock time.
 * Its registers are unstable while it updates, so we wait out the
 * update-in-progress flag and read until two passes agree; lib/rtc.c
 * decodes what we read.
 */
#include <umka/acpi.h>
#include <umka/clocksource.h>
#include <umka/printk.h>
#include <umka/rtc.h>
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

bool rtc_read(struct rtc_time *t)
{
	u8 century_reg = acpi_rtc_century_index();
	struct rtc_raw a = { 0 }, b;
	int tries = 0;

	read_raw(&a, century_reg);
	do {
		b = a;
		read_raw(&a, century_reg);
	} while (!raw_equal(&a, &b) && ++tries < 5);
	a.status_b = cmos_read(RTC_STATUS_B);
	return rtc_decode(&a, t);
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
