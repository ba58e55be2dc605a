/* SPDX-License-Identifier: MIT */
/*
 * The pieces arch_platform_init() puts together, in the order it calls
 * them (platform.c).  Each lives in its own file.
 */
#ifndef ASM_PLATFORM_H
#define ASM_PLATFORM_H

#include <umka/types.h>

void acpi_init(void);			/* acpi.c */
/* The RSDP found by the BIOS-area search (0 if none). */
phys_addr_t acpi_find_rsdp_legacy(void);
void ioapic_init(void);			/* ioapic.c */
void serial_irq_init(void);		/* serial_irq.c */

#endif
