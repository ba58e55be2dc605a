// SPDX-License-Identifier: MIT
/* Architecture side of tasks: the initial stack of a new thread. */
#include <umka/sched.h>
#include <asm/desc.h>
#include <asm/process.h>

void thread_start(void);

/*
 * Lay out the stack so that the first switch_to() into the task pops six
 * callee-saved registers (r12 = the task) and returns to thread_start.
 */
void arch_task_init_stack(struct task *t)
{
	unsigned long *sp = (unsigned long *)t->stack_top;

	/* After ret, rsp == stack_top: thread_start's call then aligns. */
	*--sp = (unsigned long)thread_start;	/* return address */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (unsigned long)t;		/* r12 */
	*--sp = 0;				/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	t->rsp = (unsigned long)sp;
}

void arch_switch_to(struct task *prev, struct task *next)
{
	cpu_local()->curr_task = next;
	cpu_local()->kernel_rsp = next->stack_top;
	tss_set_kernel_stack(next->stack_top);
	switch_to(&prev->rsp, next->rsp);
}
