/* SPDX-License-Identifier: MIT */
/*
 * Exception and interrupt entry.  Every vector has a stub that makes the
 * stack look the same (an error code, then the vector number), then
 * common code saves the registers as struct pt_regs, switches GS if we
 * came from user mode, and calls x86_trap(regs).
 */
#include <asm/segment.h>
#include <asm/entry_regs.h>

/* Vectors where the CPU pushes an error code itself. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.altmacro
	.macro vector_stub v
	.balign 16
vector_\v:
	.if !HAS_ERRCODE(\v)
	pushq $0
	.endif
	pushq $\v
	jmp trap_common
	.endm

	.macro stub_addr v
	.quad vector_\v
	.endm

	.text
	.balign 16
	.globl trap_stubs_start
trap_stubs_start:
	.set v, 0
	.rept 256
	vector_stub %v
	.set v, v + 1
	.endr

	/* Table of stub addresses for idt.c. */
	.section .rodata
	.balign 8
	.globl trap_stub_table
trap_stub_table:
	.set v, 0
	.rept 256
	stub_addr %v
	.set v, v + 1
	.endr

	.text
trap_common:
	/* Stack: vector, error code, rip, cs, rflags, rsp, ss. */
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	testb $3, 18*8(%rsp)		/* saved CS: from user mode? */
	jz 1f
	swapgs
1:	movq %rsp, %rdi
	/* Frame link so backtraces pass through the trap. */
	pushq 17*8(%rsp)		/* saved rip */
	pushq %rbp
	movq %rsp, %rbp
	call x86_trap
	addq $16, %rsp
	testb $3, 18*8(%rsp)
	jz 2f
	swapgs
2:	POP_REGS
	addq $16, %rsp			/* vector, error code */
	iretq
