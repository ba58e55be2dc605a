// SPDX-License-Identifier: MIT
/* The last stop before user mode: rescheduling and signal delivery. */
#include <umka/user_return.h>
#include <umka/sched.h>
#include <umka/irqflags.h>
#include <umka/signal.h>

void return_to_user(struct pt_regs *regs, bool in_syscall)
{
	for (;;) {
		local_irq_disable();
		if (cpu_local()->need_resched) {
			local_irq_enable();
			schedule();
			continue;
		}
		if (signal_pending(current)) {
			local_irq_enable();
			do_signal_ex(regs, in_syscall);
			in_syscall = false;
			continue;
		}
		break;
	}
}

