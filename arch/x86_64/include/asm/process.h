/* SPDX-License-Identifier: MIT */
#ifndef ASM_PROCESS_H
#define ASM_PROCESS_H

struct task;

void switch_to(unsigned long *prev_rsp, unsigned long next_rsp);
void arch_task_init_stack(struct task *t);
/* Make next current on this CPU and switch stacks; returns when prev runs again. */
void arch_switch_to(struct task *prev, struct task *next);

struct pt_regs;
void arch_task_init_fork_stack(struct task *t);
void arch_init_user_regs(struct pt_regs *r, unsigned long ip,
			 unsigned long sp);
/* Never returns: drops the kernel stack and enters user mode. */
void arch_enter_user(struct pt_regs *r) __attribute__((noreturn));

#endif
