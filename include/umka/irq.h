/* SPDX-License-Identifier: MIT */
/*
 * Interrupt vectors.  Handlers run with interrupts off, in hardirq
 * context; they must not sleep.  The vector map:
 *   32..47    legacy ISA IRQs routed through the IOAPIC (IRQ n -> 32+n)
 *   48..239   device interrupts (MSI/MSI-X and IOAPIC beyond ISA)
 *   240..254  kernel IPIs and the local timer
 *   255       spurious
 */
#ifndef UMKA_IRQ_H
#define UMKA_IRQ_H

#include <umka/compiler.h>
#include <umka/types.h>

#define IRQ_VECTOR_FIRST 32
#define IRQ_VECTOR_ISA(n) (32 + (n))
#define IRQ_VECTOR_DEVICE_FIRST 48
#define IRQ_VECTOR_DEVICE_LAST 239
#define IRQ_VECTOR_TIMER 240
#define IRQ_VECTOR_IPI_CALL 241
#define IRQ_VECTOR_IPI_RESCHED 242
#define IRQ_VECTOR_IPI_STOP 243
#define IRQ_VECTOR_APIC_ERROR 254
#define IRQ_VECTOR_SPURIOUS 255

typedef void (*irq_handler_t)(unsigned vector, void *data);

int irq_register_vector(unsigned vector, irq_handler_t fn, void *data,
			const char *name);
int irq_alloc_vector(irq_handler_t fn, void *data, const char *name);
/* Frees a device vector (48..239) or a legacy ISA one (32..47). */
void irq_free_vector(unsigned vector);
u64 irq_vector_count(unsigned vector);
/* Route a legacy ISA IRQ (0..15) through the IOAPIC to its vector. */
int irq_enable_isa(unsigned irq, irq_handler_t fn, void *data,
		   const char *name);

/*
 * Route a GSI through the IOAPIC to @vector on the boot CPU, with ACPI
 * INTI polarity and trigger flags (0 for each: active high, edge).
 * -ENODEV if no IOAPIC has the pin, -EBUSY if it is live with another
 * vector, -EINVAL for a vector outside 32..239.  The handler is the
 * caller's business (irq_register_vector or irq_alloc_vector first).
 */
int irq_route_gsi(u32 gsi, unsigned vector, u16 inti);
int irq_mask_gsi(u32 gsi);
/* The raw redirection entry, for tests. */
int irq_gsi_entry(u32 gsi, u64 *entry);
#define IRQ_GSI_ENTRY_MASKED BIT(16)
#define IRQ_GSI_ENTRY_LEVEL BIT(15)
#define IRQ_GSI_ENTRY_ACTIVE_LOW BIT(13)

void preempt_schedule_irq(void);

#endif
