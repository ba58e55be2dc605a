/* SPDX-License-Identifier: MIT */
#ifndef ASM_PROCESS_H
#define ASM_PROCESS_H

struct task;

void switch_to(unsigned long *prev_rsp, unsigned long next_rsp);
void arch_task_init_stack(struct task *t);
/* Make next current on this CPU and switch stacks; returns when prev runs again. */
void arch_switch_to(struct task *prev, struct task *next);

#endif
