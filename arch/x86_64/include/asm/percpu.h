/* SPDX-License-Identifier: MIT */
/*
 * The fixed block every CPU reaches at %gs:0.  It lives in .percpu, so
 * each CPU has its own; "self" lets C code turn %gs into a pointer.
 * Assembly relies on the offsets below: change both together.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

/* Sanity bound only; the real count comes from the MADT. */
#define MAX_CPUS 256

#define CPU_LOCAL_SELF 0
#define CPU_LOCAL_OFFSET 8
#define CPU_LOCAL_CPU 16
#define CPU_LOCAL_CURRENT 24
#define CPU_LOCAL_KSTACK 32
#define CPU_LOCAL_USTACK 40

#ifndef __ASSEMBLER__
#include <umka/types.h>

struct task;

struct cpu_local {
	struct cpu_local *self;
	unsigned long percpu_offset;
	u32 cpu;
	u32 apic_id;
	struct task *curr_task;
	unsigned long kernel_rsp;	/* top of the running task's stack */
	unsigned long user_rsp;		/* scratch for syscall entry */
	/* Nesting depths, counted separately (see docs). */
	int preempt_count;
	int hardirq_count;
	int softirq_count;
	bool need_resched;
	bool online;
	bool irq_user;			/* the interrupt being handled came
					 * from user mode (CPU-time sampling) */
};

_Static_assert(__builtin_offsetof(struct cpu_local, percpu_offset) ==
	       CPU_LOCAL_OFFSET, "cpu_local layout");
_Static_assert(__builtin_offsetof(struct cpu_local, curr_task) ==
	       CPU_LOCAL_CURRENT, "cpu_local layout");
_Static_assert(__builtin_offsetof(struct cpu_local, kernel_rsp) ==
	       CPU_LOCAL_KSTACK, "cpu_local layout");

static inline struct cpu_local *cpu_local(void)
{
	struct cpu_local *p;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(p));
	return p;
}

static inline unsigned long arch_percpu_offset(void)
{
	unsigned long off;

	__asm__ __volatile__("movq %%gs:8, %0" : "=r"(off));
	return off;
}

static inline unsigned int arch_cpu_id(void)
{
	unsigned int id;

	__asm__ __volatile__("movl %%gs:16, %0" : "=r"(id));
	return id;
}

void percpu_init_boot_cpu(void);
void percpu_setup_cpu(unsigned int cpu, void *area);
#endif

#endif
