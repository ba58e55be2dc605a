// SPDX-License-Identifier: MIT
/*
 * User faults.  A page fault the memory manager cannot resolve becomes
 * SIGSEGV, or when it ran out of memory, a retry after the OOM killer
 * picked a victim; other CPU exceptions map to their Linux signals and
 * codes.
 */
#include <umka/sched.h>
#include <umka/vm.h>
#include <umka/irqflags.h>
#include <umka/signal.h>
#include <umka/proc.h>
#include <umka/errno.h>
#include <asm/traps.h>
#include <asm/cpu.h>
#include <asm/layout.h>
#include <asm/setup.h>

static bool user_page_fault(struct pt_regs *r)
{
	unsigned long addr = read_cr2();
	struct mm *mm = current ? current->mm : NULL;
	int err;

	if (!mm || addr >= USER_TOP)
		return false;
	/* Kernel code with interrupts off must not sleep on mm->lock. */
	if (!user_mode(r) && !(r->rflags & X86_EFLAGS_IF))
		return false;
	local_irq_enable();
	err = handle_mm_fault(mm, addr, r->error_code & PF_WRITE,
			      r->error_code & PF_INSTR);
	if (err == -ENOMEM) {
		/*
		 * Not the program's fault: free memory by killing someone
		 * (maybe us), give the victim time to exit, and let the
		 * access fault again.  A pending SIGKILL for us is taken on
		 * the way back to user mode instead.
		 */
		if (!out_of_memory())
			msleep(1);
		else
			yield();
		if (user_mode(r)) {
			local_irq_disable();
			return true;
		}
	}
	local_irq_disable();
	if (!err)
		return true;
	if (!user_mode(r))
		return false;	/* copy_*_user: the extable gives -EFAULT */
	if (err == -EIO)
		force_fault_signal(SIGBUS, BUS_ADRERR, addr);
	else
		force_fault_signal(SIGSEGV, err == -EACCES ? SEGV_ACCERR :
					    SEGV_MAPERR, addr);
	return true;
}

static int signal_for_vector(unsigned long v, int *code)
{
	switch (v) {
	case 0:
		*code = FPE_INTDIV;
		return SIGFPE;
	case 6:
		*code = ILL_ILLOPN;
		return SIGILL;
	case 1:
	case 3:
		*code = TRAP_BRKPT;
		return SIGTRAP;
	case 16:
	case 19:
		*code = FPE_FLTINV;
		return SIGFPE;
	case 17:
		*code = BUS_ADRALN;
		return SIGBUS;
	default:
		*code = SI_KERNEL;
		return SIGSEGV;
	}
}

static bool user_exception(struct pt_regs *r)
{
	int code, sig = signal_for_vector(r->vector, &code);

	force_fault_signal(sig, code, r->vector == 13 ? 0 : r->rip);
	return true;
}

void user_traps_init(void)
{
	page_fault_hook = user_page_fault;
	user_exception_hook = user_exception;
}
