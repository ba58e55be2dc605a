// SPDX-License-Identifier: MIT
/*
 * Local APIC.  x2APIC (MSRs) when the CPU has it, else xAPIC (MMIO,
 * mapped with ioremap()).  The mode is chosen once on the boot CPU and
 * every CPU uses the same one: mixing them would break IPIs.
 */
#include <umka/acpi.h>
#include <umka/irq.h>
#include <umka/irqflags.h>
#include <umka/percpu.h>
#include <umka/printk.h>
#include <umka/time.h>
#include <umka/vmalloc.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/io.h>

#define APIC_BASE_BSP BIT(8)
#define APIC_BASE_EXTD BIT(10)
#define APIC_BASE_ENABLE BIT(11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ULL
#define CPUID_1_ECX_X2APIC BIT(21)
#define MSR_X2APIC_BASE 0x800
#define MSR_X2APIC_ICR 0x830

static volatile u8 *apic_mmio;
static bool x2apic;

bool apic_is_x2apic(void)
{
	return x2apic;
}

u32 apic_read(u32 reg)
{
	if (x2apic)
		return (u32)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
	return mmio_read32(apic_mmio + reg);
}

void apic_write(u32 reg, u32 v)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_BASE + (reg >> 4), v);
	else
		mmio_write32(apic_mmio + reg, v);
}

u32 apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic ? id : id >> 24;
}

void apic_eoi(void)
{
	/* Interrupts can only arrive once the APIC is set up, but be safe. */
	if (x2apic)
		wrmsr(MSR_X2APIC_BASE + (APIC_EOI >> 4), 0);
	else if (apic_mmio)
		mmio_write32(apic_mmio + APIC_EOI, 0);
}

void apic_init(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);
	phys_addr_t pa = base & APIC_BASE_ADDR_MASK;

	/* Firmware that left us in x2APIC mode cannot be undone safely. */
	x2apic = (cpuid(1, 0).ecx & CPUID_1_ECX_X2APIC) ||
		 (base & APIC_BASE_EXTD);
	if (!x2apic) {
		apic_mmio = ioremap(pa, 4096);
		if (!apic_mmio)
			pr_err("APIC: cannot map the local APIC at 0x%llx\n",
			       (unsigned long long)pa);
	}
	pr_info("APIC: %s mode, base 0x%llx\n", x2apic ? "x2APIC" : "xAPIC",
		(unsigned long long)pa);
}

static void apic_error_irq(unsigned vector, void *data)
{
	u32 esr;

	apic_write(APIC_ESR, 0);	/* latch the current errors */
	esr = apic_read(APIC_ESR);
	pr_err("APIC: error interrupt on CPU %u, ESR %#x\n",
	       smp_processor_id(), esr);
}

/* No CPU has this UID: an unknown CPU only matches "all CPUs" entries. */
#define UID_UNKNOWN (ACPI_NMI_ALL_CPUS - 1)

/* This CPU's ACPI processor UID, for matching MADT NMI entries. */
static u32 this_cpu_uid(u32 id)
{
	for (unsigned int i = 0; i < acpi_nr_cpus(); i++)
		if (acpi_cpu_apic_id(i) == id)
			return acpi_cpu_uid(i);
	return UID_UNKNOWN;
}

static u32 nmi_lvt(u16 inti_flags)
{
	u32 v = APIC_LVT_DM_NMI;

	if ((inti_flags & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_POLARITY_LOW)
		v |= APIC_LVT_ACTIVE_LOW;
	return v;	/* NMIs are always edge-triggered */
}

/* LINT0/1 are masked unless the MADT wires one of them to NMI. */
static void setup_lint(u32 id)
{
	u32 lint[2] = { APIC_LVT_MASKED, APIC_LVT_MASKED };
	u32 uid = this_cpu_uid(id);

	for (unsigned int i = 0; i < acpi_nr_lapic_nmis(); i++) {
		const struct acpi_nmi *n = acpi_lapic_nmi(i);

		if (n->uid == ACPI_NMI_ALL_CPUS || n->uid == uid)
			lint[n->lint] = nmi_lvt(n->flags);
	}
	apic_write(APIC_LVT_LINT0, lint[0]);
	apic_write(APIC_LVT_LINT1, lint[1]);
}

static void enable_on_this_cpu(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);

	/* disabled -> x2APIC is an illegal transition: go via xAPIC. */
	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_APIC_BASE, base);
	}
	if (x2apic && !(base & APIC_BASE_EXTD))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
}

void apic_init_cpu(void)
{
	static bool error_vector_registered;
	u32 id;

	enable_on_this_cpu();
	if (!x2apic && !apic_mmio)
		return;
	if (!error_vector_registered) {
		error_vector_registered = true;
		irq_register_vector(IRQ_VECTOR_APIC_ERROR, apic_error_irq,
				    NULL, "apic-error");
	}
	id = apic_id();
	cpu_local()->apic_id = id;
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | IRQ_VECTOR_TIMER);
	apic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
	apic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
	setup_lint(id);
	/* Clear stale errors (the ESR needs a write before each read). */
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_LVT_ERROR, IRQ_VECTOR_APIC_ERROR);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | IRQ_VECTOR_SPURIOUS);
	/* Acknowledge anything the firmware left in service. */
	apic_eoi();
}

/* ---- Inter-processor interrupts ---- */

bool apic_wait_icr_idle(void)
{
	u64 end;

	/* x2APIC has no delivery-status bit: writes are never refused. */
	if (x2apic)
		return true;
	end = ktime_get_ns() + 100 * NSEC_PER_MSEC;
	/* Before the clock runs ktime is 0, so bound the spins as well. */
	for (unsigned long spins = 0; spins < 10000000; spins++) {
		if (!(apic_read(APIC_ICR_LO) & APIC_ICR_BUSY))
			return true;
		if (ktime_get_ns() > end)
			break;
		cpu_relax();
	}
	return false;
}

static void icr_write(u32 dest, u32 low)
{
	unsigned long flags = local_irq_save();

	if (!apic_wait_icr_idle())
		pr_warn("APIC: ICR busy, sending anyway\n");
	if (x2apic) {
		wrmsr(MSR_X2APIC_ICR, ((u64)dest << 32) | low);
	} else {
		apic_write(APIC_ICR_HI, dest << 24);
		apic_write(APIC_ICR_LO, low);
	}
	local_irq_restore(flags);
}

void apic_send_ipi(u32 dest, u8 vector)
{
	icr_write(dest, APIC_DM_FIXED | APIC_ICR_ASSERT | vector);
}

void apic_send_ipi_all_but_self(u8 vector)
{
	icr_write(0, APIC_DEST_ALL_BUT_SELF | APIC_DM_FIXED |
			     APIC_ICR_ASSERT | vector);
}

void apic_send_init(u32 dest)
{
	icr_write(dest, APIC_DM_INIT | APIC_ICR_ASSERT);
}

void apic_send_sipi(u32 dest, u8 page)
{
	icr_write(dest, APIC_DM_STARTUP | APIC_ICR_ASSERT | page);
}

void apic_send_nmi(u32 dest)
{
	icr_write(dest, APIC_DM_NMI | APIC_ICR_ASSERT);
}

void apic_send_nmi_all_but_self(void)
{
	icr_write(0, APIC_DEST_ALL_BUT_SELF | APIC_DM_NMI | APIC_ICR_ASSERT);
}
