// SPDX-License-Identifier: MIT
/*
 * ACPI on x86: find the RSDP, run the portable parser over ioremap()ed
 * tables once at boot, log what we found the way Linux does, and answer
 * the acpi_*() queries.  When the tables are missing or broken we fall
 * back to one CPU (the one we are running on) and no IOAPIC or HPET.
 */
#include <umka/acpi.h>
#include <umka/boot.h>
#include <umka/printk.h>
#include <umka/vmalloc.h>
#include <asm/cpu.h>
#include <asm/platform.h>

#define EBDA_SEG_PTR 0x40e
#define EBDA_SCAN_LEN 1024
#define BIOS_ROM_BASE 0xe0000
#define BIOS_ROM_LEN 0x20000

static struct acpi_info acpi;

static const void *acpi_ioremap(phys_addr_t pa, size_t len, void *ctx)
{
	return ioremap(pa, len);
}

static void acpi_iounmap(const void *va, size_t len, void *ctx)
{
	iounmap((void *)va);
}

static const struct acpi_mem acpi_mem_ops = { acpi_ioremap, acpi_iounmap,
					      NULL };

static phys_addr_t scan_area(phys_addr_t base, size_t len)
{
	const void *p = ioremap(base, len);
	long off;

	if (!p)
		return 0;
	off = acpi_scan_rsdp(p, len);
	iounmap((void *)p);
	return off < 0 ? 0 : base + off;
}

/* ACPI 6.x 5.2.5.1: the first KiB of the EBDA, then the BIOS ROM. */
phys_addr_t acpi_find_rsdp_legacy(void)
{
	const u16 *seg = ioremap(EBDA_SEG_PTR, 2);
	phys_addr_t ebda = seg ? (phys_addr_t)*seg << 4 : 0, pa = 0;

	if (seg)
		iounmap((void *)seg);
	if (ebda >= 0x80000 && ebda < 0xa0000)
		pa = scan_area(ebda, EBDA_SCAN_LEN);
	if (!pa)
		pa = scan_area(BIOS_ROM_BASE, BIOS_ROM_LEN);
	return pa;
}

static void print_tables(void)
{
	pr_info("ACPI: RSDP 0x%016llx %06x (v%02u %-6s)\n",
		(unsigned long long)acpi.rsdp_address,
		acpi.rsdp_revision >= 2 ? 36 : 20, acpi.rsdp_revision,
		acpi.rsdp_oem_id);
	for (unsigned int i = 0; i < acpi.nr_tables; i++) {
		const struct acpi_table_note *t = &acpi.tables[i];

		if (t->status == ACPI_OK)
			pr_info("ACPI: %s 0x%016llx %06x (v%02u %-6s %-8s)\n",
				t->signature, (unsigned long long)t->address,
				t->length, t->revision, t->oem_id,
				t->oem_table_id);
		else
			pr_warn("ACPI: %s 0x%016llx %06x: %s, ignored\n",
				t->signature, (unsigned long long)t->address,
				t->length, acpi_status_str(t->status));
	}
}

static void print_madt(void)
{
	for (unsigned int i = 0; i < acpi.nr_ioapics; i++)
		pr_info("ACPI: IOAPIC (id[0x%02x] address[0x%llx] gsi_base[%u])\n",
			acpi.ioapics[i].id,
			(unsigned long long)acpi.ioapics[i].address,
			acpi.ioapics[i].gsi_base);
	for (unsigned int i = 0; i < acpi.nr_overrides; i++)
		pr_info("ACPI: INT_SRC_OVR (bus 0 bus_irq %u global_irq %u %s %s)\n",
			acpi.overrides[i].isa_irq, acpi.overrides[i].gsi,
			acpi_inti_polarity_str(acpi.overrides[i].flags),
			acpi_inti_trigger_str(acpi.overrides[i].flags));
	for (unsigned int i = 0; i < acpi.nr_lapic_nmis; i++)
		pr_info("ACPI: LAPIC_NMI (acpi_id[0x%02x] lint[0x%x])\n",
			acpi.lapic_nmis[i].uid & 0xff, acpi.lapic_nmis[i].lint);
	if (acpi.nr_bad_entries)
		pr_warn("ACPI: MADT: %u malformed entries skipped\n",
			acpi.nr_bad_entries);
}

/* The boot CPU's APIC id before the local APIC is set up. */
static u32 boot_cpu_initial_apic_id(void)
{
	if (cpuid(0, 0).eax >= 0xb && cpuid(0xb, 0).ebx)
		return cpuid(0xb, 0).edx;
	return cpuid(1, 0).ebx >> 24;
}

static void fall_back_to_one_cpu(void)
{
	acpi.nr_cpus = 1;
	acpi.cpus[0].apic_id = boot_cpu_initial_apic_id();
	acpi.cpus[0].uid = 0;
	pr_warn("ACPI: no usable MADT: running on the boot CPU only\n");
}

void acpi_init(void)
{
	phys_addr_t rsdp = boot_info.rsdp;
	enum acpi_status st = ACPI_ERR_NOT_FOUND;

	if (!rsdp)
		rsdp = acpi_find_rsdp_legacy();
	if (rsdp)
		st = acpi_parse(rsdp, &acpi_mem_ops, &acpi);
	if (st != ACPI_OK)
		pr_warn("ACPI: RSDP at 0x%llx: %s; no ACPI tables\n",
			(unsigned long long)rsdp, acpi_status_str(st));
	else
		print_tables();
	print_madt();
	if (!acpi.nr_cpus)
		fall_back_to_one_cpu();
	if (acpi.nr_online_capable)
		pr_info("ACPI: %u CPUs, %u hotplug\n", acpi.nr_cpus,
			acpi.nr_online_capable);
	else
		pr_info("ACPI: %u CPUs\n", acpi.nr_cpus);
	if (acpi.nr_mcfg)
		pr_info("ACPI: MCFG: ECAM at 0x%llx, segment %u, buses %u-%u\n",
			(unsigned long long)acpi.mcfg[0].base,
			acpi.mcfg[0].segment, acpi.mcfg[0].bus_start,
			acpi.mcfg[0].bus_end);
}

unsigned int acpi_nr_cpus(void)
{
	return acpi.nr_cpus;
}

u32 acpi_cpu_apic_id(unsigned int i)
{
	return i < acpi.nr_cpus ? acpi.cpus[i].apic_id : ~0u;
}

u32 acpi_cpu_uid(unsigned int i)
{
	return i < acpi.nr_cpus ? acpi.cpus[i].uid : ~0u;
}

unsigned int acpi_nr_ioapics(void)
{
	return acpi.nr_ioapics;
}

const struct acpi_ioapic *acpi_ioapic(unsigned int i)
{
	return i < acpi.nr_ioapics ? &acpi.ioapics[i] : NULL;
}

u32 acpi_isa_irq_to_gsi(unsigned int isa_irq, u16 *flags)
{
	for (unsigned int i = 0; i < acpi.nr_overrides; i++) {
		if (acpi.overrides[i].isa_irq == isa_irq) {
			*flags = acpi.overrides[i].flags;
			return acpi.overrides[i].gsi;
		}
	}
	*flags = 0;
	return isa_irq;
}

unsigned int acpi_nr_lapic_nmis(void)
{
	return acpi.nr_lapic_nmis;
}

const struct acpi_nmi *acpi_lapic_nmi(unsigned int i)
{
	return i < acpi.nr_lapic_nmis ? &acpi.lapic_nmis[i] : NULL;
}

phys_addr_t acpi_hpet_base(void)
{
	return acpi.hpet_address;
}

phys_addr_t acpi_mcfg_base(u8 *bus_start, u8 *bus_end)
{
	for (unsigned int i = 0; i < acpi.nr_mcfg; i++) {
		if (acpi.mcfg[i].segment == 0) {
			if (bus_start)
				*bus_start = acpi.mcfg[i].bus_start;
			if (bus_end)
				*bus_end = acpi.mcfg[i].bus_end;
			return acpi.mcfg[i].base;
		}
	}
	return 0;
}

u8 acpi_rtc_century_index(void)
{
	return acpi.rtc_century;
}

const struct acpi_info *acpi_get_info(void)
{
	return &acpi;
}
