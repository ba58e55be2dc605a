// SPDX-License-Identifier: MIT
/*
 * Platform bring-up on the boot CPU: firmware tables, interrupt
 * controllers, clocks and the tick, then interrupts on.  The order is
 * forced: the LAPIC timer is calibrated against the TSC, the TSC against
 * the HPET, and the HPET is found through ACPI.
 */
#include <umka/arch.h>
#include <umka/device.h>
#include <umka/irqflags.h>
#include <umka/printk.h>
#include <umka/serial.h>
#include <umka/time.h>
#include <asm/apic.h>
#include <asm/platform.h>
#include <asm/time.h>

void arch_platform_init(void)
{
	acpi_init();
	apic_init();
	apic_init_cpu();
	ioapic_init();
	pit_stop_channel0();
	hpet_init();
	tsc_init();
	printk_set_clock(ktime_get_ns);
	rtc_init();
	apic_timer_init();
	serial_irq_init();
	local_irq_enable();
}

static void serial0_handover(struct device *dev, bool to_driver)
{
	serial_handover(to_driver);
}

/* COM1: the KABI serial driver binds to it by name. */
void arch_register_platform_devices(void)
{
	struct device *dev = device_add_platform("serial0", 0x3f8, 8, 4);

	if (dev)
		dev->handover = serial0_handover;
}
