/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU variables.  DEFINE_PER_CPU places a variable in the .percpu
 * section; the boot CPU uses that section in place and every other CPU
 * gets a zero-filled copy, so per-CPU variables always start out zero.
 * this_cpu_ptr() finds the running CPU's copy through the GS base.
 * Callers must not migrate while they hold the pointer (preemption or
 * interrupts off).
 */
#ifndef UMKA_PERCPU_H
#define UMKA_PERCPU_H

#include <umka/types.h>
#include <umka/compiler.h>
#include <asm/percpu.h>

#define DEFINE_PER_CPU(type, name) __section(".percpu") type name
#define DECLARE_PER_CPU(type, name) extern type name

extern unsigned long per_cpu_offset[];
extern unsigned int nr_cpus;

#define per_cpu_ptr(var, cpu) \
	((__typeof__(&(var)))((char *)&(var) + per_cpu_offset[cpu]))
#define per_cpu(var, cpu) (*per_cpu_ptr(var, cpu))
#define this_cpu_ptr(var) \
	((__typeof__(&(var)))((char *)&(var) + arch_percpu_offset()))

static inline unsigned int smp_processor_id(void)
{
	return arch_cpu_id();
}

#endif
