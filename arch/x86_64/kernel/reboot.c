// SPDX-License-Identifier: MIT
#include <umka/arch.h>
#include <umka/irqflags.h>
#include <asm/io.h>
#include <asm/cpu.h>
#include <umka/acpi.h>

/* QEMU's -device isa-debug-exit,iobase=0xf4: exits with (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4

void arch_halt_forever(void)
{
	local_irq_disable();
	for (;;)
		hlt();
}

void arch_idle(void)
{
	/* sti;hlt as a pair, so a wake-up IRQ cannot slip in between. */
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

void arch_restart(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed null_idt = { 0, 0 };

	local_irq_disable();
	/* Keyboard controller reset, then a triple fault if that fails. */
	for (int i = 0; i < 10000 && (inb(0x64) & 2); i++)
		;
	outb(0x64, 0xfe);
	__asm__ __volatile__("lidt %0; int3" : : "m"(null_idt));
	arch_halt_forever();
}

/*
 * ACPI soft-off: SLP_TYP for S5 and SLP_EN into PM1a_CNT.  QEMU's DSDT
 * declares _S5 as type 0; we do not interpret AML to look it up.
 */
void arch_poweroff(void)
{
	const struct acpi_info *ai = acpi_get_info();
	u16 port = ai && ai->pm1a_cnt ? (u16)ai->pm1a_cnt : 0x604;

	local_irq_disable();
	outw(port, 1 << 13);
	/* Still here: no ACPI.  Try QEMU's debug exit, then halt. */
	outl(DEBUG_EXIT_PORT, 0);
	arch_halt_forever();
}

void arch_emulator_exit(int status)
{
	outl(DEBUG_EXIT_PORT, (u32)status);
	/* Not under QEMU with the device: fall back to halting. */
	arch_halt_forever();
}
