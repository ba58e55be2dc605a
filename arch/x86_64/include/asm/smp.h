/* SPDX-License-Identifier: MIT */
/*
 * Application-processor start-up.  A started AP begins in real mode at
 * TRAMPOLINE_PHYS (the SIPI vector is that page number), so the
 * trampoline and its temporary page tables live in the low 1 MiB, which
 * mm_init() keeps away from the allocators.  Nothing else may use
 * [TRAMPOLINE_PHYS, TRAMPOLINE_PHYS + TRAMPOLINE_SIZE).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#define TRAMPOLINE_PHYS 0x8000
#define TRAMPOLINE_PML4 (TRAMPOLINE_PHYS + 0x1000)
#define TRAMPOLINE_PDPT (TRAMPOLINE_PHYS + 0x2000)
#define TRAMPOLINE_PD (TRAMPOLINE_PHYS + 0x3000)
#define TRAMPOLINE_SIZE 0x4000

#ifndef __ASSEMBLER__
#include <umka/types.h>

/* Filled by the boot CPU before each start; read by trampoline.S. */
struct trampoline_params {
	u64 cr3;		/* temporary tables, below 4 GiB */
	u64 efer;		/* EFER to load before paging is on */
	u64 stack;		/* top of the AP's idle-task stack */
	u64 entry;		/* ap_start() */
	u64 cpu;		/* logical CPU number, ap_start()'s argument */
	u64 apic_id;		/* the AP checks it is the one meant */
};

/* Logical CPU -> APIC id, for IPIs. */
extern u32 cpu_apic_ids[];

extern const char trampoline_start[], trampoline_end[];
extern const char trampoline_params[];

void ap_start(unsigned int cpu) __attribute__((noreturn));
#endif

#endif
