// SPDX-License-Identifier: MIT
/*
 * Clocks.  The platform registers a clocksource (the calibrated TSC on
 * x86) and the boot wall-clock time (the RTC); everything else derives
 * from those two.
 */
#include <umka/time.h>
#include <umka/clocksource.h>
#include <umka/compiler.h>
#include <umka/processor.h>

static const struct clocksource *clock;
static u64 boot_real_ns;	/* realtime at monotonic 0 */

void clocksource_register(const struct clocksource *cs)
{
	clock = cs;
}

void time_set_boot_realtime(u64 realtime_ns_now)
{
	boot_real_ns = realtime_ns_now - ktime_get_ns();
}

u64 ktime_get_ns(void)
{
	const struct clocksource *c = READ_ONCE(clock);

	return c ? c->read_ns() : 0;
}

u64 ktime_get_real_ns(void)
{
	return boot_real_ns + ktime_get_ns();
}

void udelay(unsigned long us)
{
	u64 end;

	if (!clock) {
		/* No clock yet: a rough spin, good enough for early delays. */
		for (volatile unsigned long i = 0; i < us * 100; i++)
			;
		return;
	}
	end = ktime_get_ns() + us * NSEC_PER_USEC;
	while (ktime_get_ns() < end)
		cpu_relax();
}

void mdelay(unsigned long ms)
{
	udelay(ms * 1000);
}
