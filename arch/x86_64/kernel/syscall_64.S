/* SPDX-License-Identifier: MIT */
/*
 * SYSCALL entry.  The CPU leaves the user RIP in %rcx, RFLAGS in %r11,
 * and masks IF/DF/TF/AC (MSR_SYSCALL_MASK).  We switch to the task's
 * kernel stack, build a struct pt_regs exactly as trap_common does, and
 * call do_syscall_64(regs).  It returns true when SYSRET may be used; an
 * exec or a signal that changed what SYSRET cannot express (a
 * non-canonical RIP, RF/TF) takes the IRET path instead.
 */
#include <asm/percpu.h>
#include <asm/segment.h>
#include <asm/entry_regs.h>

	.text
	.globl syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:CPU_LOCAL_USTACK
	movq %gs:CPU_LOCAL_KSTACK, %rsp
	pushq $USER_DS			/* ss */
	pushq %gs:CPU_LOCAL_USTACK	/* rsp */
	pushq %r11			/* rflags */
	pushq $USER_CS			/* cs */
	pushq %rcx			/* rip */
	pushq $0			/* error code */
	pushq %rax			/* orig_rax: the syscall number */
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq $-38			/* rax: -ENOSYS until a handler runs */
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
	xorl %ebp, %ebp
	movq %rsp, %rdi
	call do_syscall_64
	testb %al, %al
	jz syscall_iret
	POP_REGS			/* rcx and r11 are replaced below */
	movq 16(%rsp), %rcx		/* rip */
	movq 32(%rsp), %r11		/* rflags */
	movq 40(%rsp), %rsp		/* user rsp */
	swapgs
	sysretq

syscall_iret:
	POP_REGS
	addq $16, %rsp
	swapgs
	iretq

/*
 * A new user task's first return to user mode: its kernel stack holds a
 * pt_regs prepared by fork or exec.  %rsp points at that pt_regs.
 */
	.globl ret_to_user
ret_to_user:
	cli
	jmp syscall_iret
