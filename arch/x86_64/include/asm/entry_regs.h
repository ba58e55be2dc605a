/* SPDX-License-Identifier: MIT */
/*
 * Assembler macros for the register part of struct pt_regs
 * (asm/ptrace.h), shared by the trap and system-call entry paths.
 */
#ifndef ASM_ENTRY_REGS_H
#define ASM_ENTRY_REGS_H

#ifdef __ASSEMBLER__
/* Restore the general registers; %rsp then points at the vector slot. */
	.macro POP_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	.endm
#endif

#endif
