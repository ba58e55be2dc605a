/* SPDX-License-Identifier: MIT */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <umka/types.h>
#include <umka/compiler.h>
#include <asm/segment.h>

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

struct tss64 {
	u32 reserved0;
	u64 rsp0, rsp1, rsp2;
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

struct cpu_tables {
	u64 gdt[GDT_ENTRIES] __aligned(16);
	struct tss64 tss __aligned(16);
};

void gdt_init_boot_cpu(void);
void gdt_init_cpu(unsigned int cpu, unsigned long ist[3]);
void tss_set_kernel_stack(unsigned long top);
void idt_init(void);
void idt_load(void);

#endif
