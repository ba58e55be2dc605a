/* SPDX-License-Identifier: MIT */
/*
 * Kernel context switch.  Only the callee-saved registers need saving:
 * switch_to is an ordinary call as far as the compiler knows.
 *
 * void switch_to(unsigned long *prev_rsp, unsigned long next_rsp)
 */
	.text
	.globl switch_to
switch_to:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/*
 * First "return" of a new thread lands here (see arch_task_init_stack):
 * %r12 holds the task.  A zero frame pointer ends backtraces.
 */
	.globl thread_start
thread_start:
	xorl %ebp, %ebp
	movq %r12, %rdi
	call kthread_entry
	ud2

/*
 * First run of a forked user task: finish the switch in C, then leave
 * through the user return path with the pt_regs fork prepared, which
 * sits exactly where %rsp points after this call returns.
 */
	.globl fork_start
fork_start:
	movq %r12, %rdi
	call fork_child_start
	jmp ret_to_user

/* Leave a kernel thread for user mode (exec of init): rdi = pt_regs. */
	.globl arch_enter_user
arch_enter_user:
	movq %rdi, %rsp
	jmp ret_to_user
