/* SPDX-License-Identifier: MIT */
/*
 * The local APIC, in xAPIC (MMIO) or x2APIC (MSR) mode; callers do not
 * care which.  Register numbers are the xAPIC MMIO offsets; apic_read()
 * and apic_write() translate them for x2APIC.
 *
 * apic_init() runs once on the boot CPU and picks the mode; every CPU
 * (the boot CPU included) then calls apic_init_cpu() on itself.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <umka/types.h>

#define APIC_ID 0x20
#define APIC_VERSION 0x30
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_LDR 0xd0
#define APIC_DFR 0xe0
#define APIC_SVR 0xf0
#define APIC_ESR 0x280
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0

#define APIC_SVR_ENABLE BIT(8)
#define APIC_LVT_MASKED BIT(16)
#define APIC_LVT_LEVEL BIT(15)
#define APIC_LVT_ACTIVE_LOW BIT(13)
#define APIC_LVT_DM_NMI (4 << 8)
#define APIC_LVT_DM_EXTINT (7 << 8)
#define APIC_TIMER_ONESHOT (0 << 17)
#define APIC_TIMER_PERIODIC (1 << 17)
#define APIC_TIMER_TSC_DEADLINE (2 << 17)

/* ICR low word. */
#define APIC_DM_FIXED (0 << 8)
#define APIC_DM_NMI (4 << 8)
#define APIC_DM_INIT (5 << 8)
#define APIC_DM_STARTUP (6 << 8)
#define APIC_ICR_BUSY BIT(12)
#define APIC_ICR_ASSERT BIT(14)
#define APIC_DEST_SELF (1 << 18)
#define APIC_DEST_ALL (2 << 18)
#define APIC_DEST_ALL_BUT_SELF (3 << 18)

void apic_init(void);
void apic_init_cpu(void);
bool apic_is_x2apic(void);
u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 v);
u32 apic_id(void);
void apic_eoi(void);

/* Inter-processor interrupts, physical destination mode. */
void apic_send_ipi(u32 apic_id, u8 vector);
void apic_send_ipi_all_but_self(u8 vector);
void apic_send_init(u32 apic_id);
/* Start-up IPI: the target starts in real mode at page << 12. */
void apic_send_sipi(u32 apic_id, u8 page);
void apic_send_nmi(u32 apic_id);
void apic_send_nmi_all_but_self(void);
/* False if the previous IPI is still pending after ~100 ms. */
bool apic_wait_icr_idle(void);

/* LAPIC timer (apic_timer.c). */
void apic_timer_init(void);
void apic_timer_init_cpu(void);
const char *apic_timer_mode(void);

#endif
