// SPDX-License-Identifier: MIT
#include <umka/arch.h>
#include <umka/printk.h>
#include <asm/traps.h>
#include <umka/panic.h>
#include <umka/arch_smp.h>

void arch_smp_init(void)
{
}

void arch_stop_other_cpus(void)
{
}

bool nmi_handler(struct pt_regs *r)
{
	return false;
}

void arch_send_ipi(unsigned int cpu, unsigned vector)
{
	/* Only one CPU is online until SMP bring-up exists. */
	BUG_ON(cpu != 0);
}
