// SPDX-License-Identifier: MIT
/* Architecture side of tasks: the initial stack of a new thread. */
#include <umka/sched.h>
#include <asm/desc.h>
#include <asm/process.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <asm/fpu.h>
#include <umka/mm_types.h>
#include <umka/mm.h>

void thread_start(void);
void fork_start(void);

/*
 * Lay out the stack so that the first switch_to() into the task pops six
 * callee-saved registers (r12 = the task) and returns to thread_start.
 */
void arch_task_init_stack(struct task *t)
{
	/*
	 * The top of every stack is reserved for the user register frame,
	 * so a kernel thread can later exec into user mode (init does).
	 */
	unsigned long *sp = (unsigned long *)((struct pt_regs *)t->stack_top - 1);

	/* After ret, rsp is 16-aligned: thread_start's call then aligns. */
	*--sp = (unsigned long)thread_start;	/* return address */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (unsigned long)t;		/* r12 */
	*--sp = 0;				/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	t->rsp = (unsigned long)sp;
}

/*
 * A forked child's kernel stack: its pt_regs at the top (filled by the
 * caller), and below it a switch frame that returns into fork_start.
 */
void arch_task_init_fork_stack(struct task *t)
{
	unsigned long *sp = (unsigned long *)((struct pt_regs *)t->stack_top - 1);

	*--sp = (unsigned long)fork_start;
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (unsigned long)t;		/* r12 */
	*--sp = 0;				/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	t->rsp = (unsigned long)sp;
}

/* Registers for entering user mode at @ip with stack @sp. */
void arch_init_user_regs(struct pt_regs *r, unsigned long ip,
			 unsigned long sp)
{
	*r = (struct pt_regs){ 0 };
	r->rip = ip;
	r->rsp = sp;
	r->cs = USER_CS;
	r->ss = USER_DS;
	r->rflags = X86_EFLAGS_IF | BIT(1);	/* bit 1 always reads 1 */
	r->rcx = ip;	/* what SYSRET would leave: lets exec return by it */
	r->r11 = r->rflags;
}

/* Only user tasks own FPU state; kernel code never uses it. */
static void switch_fpu(struct task *prev, struct task *next)
{
	if (prev->fpu)
		fpu_save(prev->fpu);
	if (next->fpu)
		fpu_restore(next->fpu);
}

/*
 * A task without an mm runs on the kernel page table, whatever prev
 * was: an exiting task clears its mm before its last switch, and if it
 * moved CPUs in between, this CPU would otherwise keep the dead mm's
 * table in CR3.  Once that page is reused for a new mm, upt_activate()
 * would see an equal CR3 and skip the reload, and the new process would
 * run on the old one's TLB entries.
 */
static void switch_mm(struct task *prev, struct task *next)
{
	if (next->mm)
		upt_activate(next->mm->pml4);
	else
		upt_activate(phys_to_virt(kernel_pml4_phys()));
	if (next->mm || prev->mm)
		wrmsr(MSR_FS_BASE, next->fs_base);
}

void arch_switch_to(struct task *prev, struct task *next)
{
	switch_mm(prev, next);
	switch_fpu(prev, next);
	cpu_local()->curr_task = next;
	cpu_local()->kernel_rsp = next->stack_top;
	tss_set_kernel_stack(next->stack_top);
	switch_to(&prev->rsp, next->rsp);
}
