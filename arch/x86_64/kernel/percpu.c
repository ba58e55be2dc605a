// SPDX-License-Identifier: MIT
/*
 * Per-CPU areas.  The boot CPU uses the linked .percpu section itself;
 * each other CPU gets a zeroed block of the same size (smp.c allocates
 * it) and a GS base that points at its struct cpu_local.
 */
#include <umka/percpu.h>
#include <umka/string.h>
#include <asm/cpu.h>
#include <asm/setup.h>

extern char __percpu_start[], __percpu_end[];

unsigned long per_cpu_offset[MAX_CPUS];
unsigned int nr_cpus = 1;

static DEFINE_PER_CPU(struct cpu_local, cpu_local_block);

static void load_gs(struct cpu_local *c)
{
	wrmsr(MSR_GS_BASE, (unsigned long)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

void percpu_setup_cpu(unsigned int cpu, void *area)
{
	unsigned long off = (char *)area - __percpu_start;
	struct cpu_local *c = (void *)((char *)&cpu_local_block + off);

	per_cpu_offset[cpu] = off;
	c->self = c;
	c->percpu_offset = off;
	c->cpu = cpu;
}

/* Runs on the CPU that owns @cpu's area, early in its bring-up. */
void percpu_load(unsigned int cpu)
{
	load_gs(per_cpu_ptr(cpu_local_block, cpu));
}

void percpu_init_boot_cpu(void)
{
	percpu_setup_cpu(0, __percpu_start);
	percpu_load(0);
}

size_t percpu_area_size(void)
{
	return __percpu_end - __percpu_start;
}
