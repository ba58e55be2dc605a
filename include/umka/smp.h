/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU function calls.  The callback runs in interrupt context on
 * the target CPU; with wait, the caller returns only after every target
 * has finished.  Callers must have interrupts enabled when waiting
 * (otherwise two CPUs calling each other would deadlock).
 */
#ifndef UMKA_SMP_H
#define UMKA_SMP_H

#include <umka/types.h>

typedef void (*smp_call_fn)(void *arg);

/* Run fn on every other online CPU. */
void smp_call_function_others(smp_call_fn fn, void *arg, bool wait);
/* Run fn on one CPU (directly if it is the current one). */
int smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg,
			     bool wait);
unsigned int num_online_cpus(void);
bool cpu_online(unsigned int cpu);

#endif
