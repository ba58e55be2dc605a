// SPDX-License-Identifier: MIT
/* Local APIC (xAPIC, MMIO). */
#include <asm/apic.h>
#include <asm/io.h>

#define APIC_EOI 0xb0

static volatile u8 *apic_base = (volatile u8 *)0xfee00000UL;

void apic_eoi(void)
{
	mmio_write32(apic_base + APIC_EOI, 0);
}
