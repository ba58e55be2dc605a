// SPDX-License-Identifier: MIT
/* Host unit tests for RTC decoding and calendar arithmetic (lib/rtc.c). */
#include "htest.h"

#include <umka/rtc.h>

static struct rtc_time t;

HTEST(bcd_24h)
{
	struct rtc_raw r = { 0x59, 0x30, 0x23, 0x31, 0x12, 0x26, 0x20,
			     RTC_STATUS_B_24H };

	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.year, 2026);
	CHECK_EQ(t.mon, 12);
	CHECK_EQ(t.mday, 31);
	CHECK_EQ(t.hour, 23);
	CHECK_EQ(t.min, 30);
	CHECK_EQ(t.sec, 59);
}

HTEST(binary_24h_no_century)
{
	struct rtc_raw r = { 5, 6, 7, 8, 9, 24, 0,
			     RTC_STATUS_B_24H | RTC_STATUS_B_BINARY };

	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.year, 2024);
	CHECK_EQ(t.hour, 7);
	r.year = 99;
	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.year, 1999);
}

HTEST(twelve_hour_bcd)
{
	struct rtc_raw r = { 0, 0, 0x12, 1, 1, 0x25, 0x20, 0 };

	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.hour, 0);			/* 12 AM */
	r.hour = 0x12 | RTC_HOUR_PM;
	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.hour, 12);			/* 12 PM */
	r.hour = 0x11 | RTC_HOUR_PM;
	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.hour, 23);
	r.hour = 0x00;				/* no hour 0 in 12h mode */
	CHECK(!rtc_decode(&r, &t));
}

HTEST(twelve_hour_binary)
{
	struct rtc_raw r = { 0, 0, 3 | RTC_HOUR_PM, 1, 1, 25, 0,
			     RTC_STATUS_B_BINARY };

	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.hour, 15);
}

HTEST(rejects_garbage)
{
	struct rtc_raw r = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0 };

	CHECK(!rtc_decode(&r, &t));
	r = (struct rtc_raw){ 0, 0, 0, 0x30, 0x02, 0x24, 0x20,
			      RTC_STATUS_B_24H };
	CHECK(!rtc_decode(&r, &t));		/* February 30th */
}

HTEST(unix_seconds)
{
	struct rtc_time a = { 1970, 1, 1, 0, 0, 0 };
	struct rtc_time b = { 2000, 3, 1, 0, 0, 0 };
	struct rtc_time c = { 2024, 2, 29, 23, 59, 59 };
	struct rtc_time d = { 2100, 3, 1, 12, 0, 0 };

	CHECK_EQ(rtc_to_unix_seconds(&a), 0);
	CHECK_EQ(rtc_to_unix_seconds(&b), 951868800);
	CHECK_EQ(rtc_to_unix_seconds(&c), 1709251199);
	CHECK_EQ(rtc_to_unix_seconds(&d), 4107585600LL);
}

HTEST_MAIN("rtc")
