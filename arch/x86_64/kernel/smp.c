// SPDX-License-Identifier: MIT
#include <umka/arch.h>
#include <umka/printk.h>
#include <asm/traps.h>

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
