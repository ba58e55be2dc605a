/* SPDX-License-Identifier: MIT */
#ifndef UMKA_CLOCKSOURCE_H
#define UMKA_CLOCKSOURCE_H

#include <umka/types.h>

struct clocksource {
	const char *name;
	u64 (*read_ns)(void);	/* monotonic, from some point before boot */
	u64 freq_hz;
};

void clocksource_register(const struct clocksource *cs);
void time_set_boot_realtime(u64 realtime_ns_now);

#endif
