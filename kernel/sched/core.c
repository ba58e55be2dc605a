// SPDX-License-Identifier: MIT
#include <umka/sched.h>

static bool running;

bool sched_running(void)
{
	return running;
}

void schedule(void)
{
}

void schedule_from_irq(void)
{
}

void sched_tick(void)
{
}
