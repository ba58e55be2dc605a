/* SPDX-License-Identifier: MIT */
/*
 * The application-processor trampoline.  smp.c copies everything from
 * trampoline_start to trampoline_end to TRAMPOLINE_PHYS and points the
 * SIPI at it.  The AP arrives in real mode with CS = TRAMPOLINE_PHYS >> 4
 * and IP = 0, goes through 32-bit protected mode into long mode on the
 * temporary tables (identity map of the low 2 MiB plus the kernel half)
 * and jumps to ap_start() on the stack of its idle task.
 *
 * Code runs at the copy, not where it was linked: 16- and 32-bit code
 * uses TRAMPOLINE_PHYS-based absolute addresses (TR()), 64-bit code
 * %rip-relative ones.
 */
#include <asm/smp.h>

#define TR(sym) (TRAMPOLINE_PHYS + ((sym) - trampoline_start))
#define MSR_EFER 0xc0000080
#define CR4_PAE_PGE 0xa0
#define CR0_PG_WP_PE 0x80010001
#define CR0_CD_NW 0x60000000
#define SEL_CODE32 0x08
#define SEL_DATA 0x10
#define SEL_CODE64 0x18

	.section .rodata, "a"
	.balign 16
	.globl trampoline_start
	.code16
trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl tr_gdt_desc - trampoline_start
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $SEL_CODE32, $TR(tr_pm32)

	.code32
tr_pm32:
	movl $SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %cr4, %eax
	orl $CR4_PAE_PGE, %eax
	movl %eax, %cr4
	movl TR(tp_cr3), %eax
	movl %eax, %cr3
	/* LME, and NXE like the boot CPU: kernel PTEs carry NX. */
	movl $MSR_EFER, %ecx
	movl TR(tp_efer), %eax
	movl TR(tp_efer) + 4, %edx
	wrmsr
	/* INIT leaves caching off (CD, NW): turn it back on. */
	movl %cr0, %eax
	andl $~CR0_CD_NW, %eax
	orl $CR0_PG_WP_PE, %eax
	movl %eax, %cr0
	ljmpl $SEL_CODE64, $TR(tr_lm64)

	.code64
tr_lm64:
	/*
	 * An AP that answers after the boot CPU gave up on it must not run
	 * on the stack now meant for the next one: compare APIC ids (leaf
	 * 0xb has the full x2APIC id, leaf 1 the 8-bit one).
	 */
	xorl %eax, %eax
	cpuid
	cmpl $0xb, %eax
	jb 1f
	movl $0xb, %eax
	xorl %ecx, %ecx
	cpuid
	movl %edx, %ebx
	jmp 2f
1:	movl $1, %eax
	cpuid
	shrl $24, %ebx
2:	cmpl tp_apic_id(%rip), %ebx
	jne tr_park
	movq tp_stack(%rip), %rsp
	movq tp_cpu(%rip), %rdi
	xorl %ebp, %ebp
	pushq $0			/* no return: ends backtraces, aligns */
	jmpq *tp_entry(%rip)

tr_park:
	cli
	hlt
	jmp tr_park

	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
tr_gdt_desc:
	.short tr_gdt_desc - tr_gdt - 1
	.long TR(tr_gdt)

	/* struct trampoline_params (asm/smp.h) */
	.balign 8
	.globl trampoline_params
trampoline_params:
tp_cr3:		.quad 0
tp_efer:	.quad 0
tp_stack:	.quad 0
tp_entry:	.quad 0
tp_cpu:		.quad 0
tp_apic_id:	.quad 0
	.globl trampoline_end
trampoline_end:
