/* SPDX-License-Identifier: MIT */
#ifndef UMKA_SCHED_H
#define UMKA_SCHED_H

#include <umka/types.h>

bool sched_running(void);
void schedule(void);
void schedule_from_irq(void);
/* Called from the timer interrupt on every CPU, every tick. */
void sched_tick(void);

#endif
