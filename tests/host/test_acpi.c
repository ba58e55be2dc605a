// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the ACPI table parser (kernel/acpi/tables.c).
 * Tables are built in a fake physical memory buffer; the parser reaches
 * it through struct acpi_mem, as it reaches ioremap() in the kernel.
 */
#include "htest.h"

#include <umka/acpi.h>

#define MEM_SIZE 65536
#define RSDP_PA 0x1000
#define XSDT_PA 0x2000
#define RSDT_PA 0x3000
#define MADT_PA 0x4000
#define HPET_PA 0x5000
#define MCFG_PA 0x6000
#define FACP_PA 0x7000

static u8 mem[MEM_SIZE];
static struct acpi_info info;
static int live_maps;

static const void *fake_map(phys_addr_t pa, size_t len, void *ctx)
{
	if (pa >= MEM_SIZE || len > MEM_SIZE - pa)
		return NULL;
	live_maps++;
	return mem + pa;
}

static void fake_unmap(const void *va, size_t len, void *ctx)
{
	live_maps--;
}

static const struct acpi_mem fake_mem = { fake_map, fake_unmap, NULL };

static void fix_checksum(void *p, size_t len, u8 *field)
{
	u8 sum = 0;

	*field = 0;
	for (size_t i = 0; i < len; i++)
		sum += ((u8 *)p)[i];
	*field = (u8)-sum;
}

static void put_header(phys_addr_t pa, const char *sig, u32 len)
{
	struct acpi_header *h = (void *)(mem + pa);

	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = 1;
	memcpy(h->oem_id, "UMKAOS", 6);
	memcpy(h->oem_table_id, "TESTTBL ", 8);
}

static void seal(phys_addr_t pa)
{
	struct acpi_header *h = (void *)(mem + pa);

	fix_checksum(h, h->length, &h->checksum);
}

static void put_rsdp(u8 revision, u32 rsdt, u64 xsdt)
{
	struct acpi_rsdp *r = (void *)(mem + RSDP_PA);

	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "UMKAOS", 6);
	r->revision = revision;
	r->rsdt_address = rsdt;
	r->length = 36;
	r->xsdt_address = xsdt;
	fix_checksum(r, 20, &r->checksum);
	fix_checksum(r, 36, &r->ext_checksum);
}

/* Root tables listing @n tables from @pas. */
static void put_xsdt(const u64 *pas, int n)
{
	put_header(XSDT_PA, "XSDT", 36 + 8 * n);
	if (n)
		memcpy(mem + XSDT_PA + 36, pas, 8 * n);
	seal(XSDT_PA);
}

static void put_rsdt(const u64 *pas, int n)
{
	put_header(RSDT_PA, "RSDT", 36 + 4 * n);
	for (int i = 0; i < n; i++) {
		u32 v = (u32)pas[i];

		memcpy(mem + RSDT_PA + 36 + 4 * i, &v, 4);
	}
	seal(RSDT_PA);
}

static size_t madt_len;

static void madt_begin(void)
{
	struct acpi_madt *m = (void *)(mem + MADT_PA);

	madt_len = sizeof(*m);
	put_header(MADT_PA, "APIC", 0);
	m->lapic_address = 0xfee00000;
	m->flags = ACPI_MADT_PCAT_COMPAT;
}

static void madt_add(const void *e, size_t len)
{
	memcpy(mem + MADT_PA + madt_len, e, len);
	madt_len += len;
}

static void madt_end(void)
{
	((struct acpi_header *)(mem + MADT_PA))->length = madt_len;
	seal(MADT_PA);
}

static void add_lapic(u8 uid, u8 id, u32 flags)
{
	struct acpi_madt_lapic e = { { ACPI_MADT_LAPIC, sizeof(e) }, uid, id,
				     flags };

	madt_add(&e, sizeof(e));
}

static void put_hpet(void)
{
	struct acpi_hpet *t = (void *)(mem + HPET_PA);

	put_header(HPET_PA, "HPET", sizeof(*t));
	t->base.space_id = 0;
	t->base.address = 0xfed00000;
	seal(HPET_PA);
}

static void put_mcfg(void)
{
	struct acpi_mcfg *t = (void *)(mem + MCFG_PA);
	struct acpi_mcfg_entry e = { 0xb0000000, 0, 0, 255, 0 };

	put_header(MCFG_PA, "MCFG", sizeof(*t) + sizeof(e));
	memcpy(&t->entries[0], &e, sizeof(e));
	seal(MCFG_PA);
}

static void put_fadt(void)
{
	put_header(FACP_PA, "FACP", 244);
	mem[FACP_PA + ACPI_FADT_CENTURY_OFFSET] = 0x32;
	seal(FACP_PA);
}

/* A QEMU-like machine: 4 CPUs, one IOAPIC, the usual overrides. */
static void build_good(void)
{
	static const u64 tables[] = { FACP_PA, MADT_PA, HPET_PA, MCFG_PA };
	struct acpi_madt_ioapic io = { { ACPI_MADT_IOAPIC, sizeof(io) }, 0, 0,
				       0xfec00000, 0 };
	struct acpi_madt_override o0 = { { ACPI_MADT_OVERRIDE, sizeof(o0) },
					 0, 0, 2, 0 };
	struct acpi_madt_override o9 = { { ACPI_MADT_OVERRIDE, sizeof(o9) },
					 0, 9, 9, 0xd };
	struct acpi_madt_lapic_nmi nmi = { { ACPI_MADT_LAPIC_NMI, sizeof(nmi) },
					   0xff, 0, 1 };

	memset(mem, 0, sizeof(mem));
	memset(&info, 0, sizeof(info));
	live_maps = 0;
	put_rsdp(2, RSDT_PA, XSDT_PA);
	put_xsdt(tables, 4);
	put_rsdt(tables, 4);
	madt_begin();
	for (int i = 0; i < 4; i++)
		add_lapic(i, i, ACPI_MADT_ENABLED);
	madt_add(&io, sizeof(io));
	madt_add(&o0, sizeof(o0));
	madt_add(&o9, sizeof(o9));
	madt_add(&nmi, sizeof(nmi));
	madt_end();
	put_hpet();
	put_mcfg();
	put_fadt();
}

HTEST(good_tables)
{
	build_good();
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK(info.root_is_xsdt);
	CHECK_EQ(info.nr_tables, 5);
	CHECK_EQ(info.nr_cpus, 4);
	CHECK_EQ(info.cpus[3].apic_id, 3);
	CHECK_EQ(info.nr_ioapics, 1);
	CHECK_EQ(info.ioapics[0].address, 0xfec00000);
	CHECK_EQ(info.nr_overrides, 2);
	CHECK_EQ(info.overrides[0].gsi, 2);
	CHECK_EQ(info.overrides[1].flags & ACPI_INTI_TRIGGER_MASK,
		 ACPI_INTI_TRIGGER_LEVEL);
	CHECK_EQ(info.nr_lapic_nmis, 1);
	CHECK_EQ(info.lapic_nmis[0].uid, ACPI_NMI_ALL_CPUS);
	CHECK_EQ(info.lapic_nmis[0].lint, 1);
	CHECK_EQ(info.hpet_address, 0xfed00000);
	CHECK_EQ(info.nr_mcfg, 1);
	CHECK_EQ(info.mcfg[0].base, 0xb0000000);
	CHECK_EQ(info.rtc_century, 0x32);
	CHECK(info.pcat_compat);
	CHECK_EQ(info.nr_bad_entries, 0);
	CHECK_EQ(live_maps, 0);
	for (unsigned i = 0; i < info.nr_tables; i++)
		CHECK_EQ(info.tables[i].status, ACPI_OK);
	CHECK_STR(info.tables[1].signature, "FACP");
	CHECK_STR(info.tables[1].oem_id, "UMKAOS");
}

HTEST(rsdp_v1_uses_rsdt)
{
	build_good();
	put_rsdp(0, RSDT_PA, 0);
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK(!info.root_is_xsdt);
	CHECK_EQ(info.nr_cpus, 4);
}

HTEST(rsdp_bad_checksum)
{
	build_good();
	mem[RSDP_PA + 9]++;	/* inside the v1 checksum range */
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_ERR_CHECKSUM);
	CHECK_EQ(info.nr_cpus, 0);
}

HTEST(rsdp_bad_ext_checksum)
{
	build_good();
	mem[RSDP_PA + 30]++;	/* xsdt_address, covered by the v2 sum */
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_ERR_CHECKSUM);
}

HTEST(bad_xsdt_falls_back_to_rsdt)
{
	build_good();
	mem[XSDT_PA + 40]++;
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK(!info.root_is_xsdt);
	CHECK_EQ(info.tables[0].status, ACPI_ERR_CHECKSUM);
	CHECK_EQ(info.nr_cpus, 4);
}

HTEST(madt_bad_checksum_is_skipped)
{
	build_good();
	mem[MADT_PA + 50]++;
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.nr_cpus, 0);
	CHECK(!info.have_madt);
	CHECK_EQ(info.tables[2].status, ACPI_ERR_CHECKSUM);
	/* The other tables still count. */
	CHECK_EQ(info.hpet_address, 0xfed00000);
}

HTEST(madt_truncated_entry)
{
	struct acpi_madt_lapic e = { { ACPI_MADT_LAPIC, sizeof(e) }, 1, 1,
				     ACPI_MADT_ENABLED };

	build_good();
	madt_begin();
	add_lapic(0, 0, ACPI_MADT_ENABLED);
	madt_add(&e, sizeof(e));
	madt_len -= 3;		/* the table ends inside the second entry */
	madt_end();
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.tables[2].status, ACPI_ERR_TRUNCATED);
	CHECK_EQ(info.nr_cpus, 1);
	CHECK_EQ(info.nr_bad_entries, 1);
}

HTEST(madt_zero_length_entry_stops)
{
	u8 zero[2] = { ACPI_MADT_LAPIC, 0 };

	build_good();
	madt_begin();
	add_lapic(0, 0, ACPI_MADT_ENABLED);
	madt_add(zero, 2);
	add_lapic(1, 1, ACPI_MADT_ENABLED);
	madt_end();
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.nr_cpus, 1);
	CHECK_EQ(info.tables[2].status, ACPI_ERR_TRUNCATED);
}

HTEST(madt_header_shorter_than_madt)
{
	build_good();
	madt_begin();
	madt_len = sizeof(struct acpi_header) + 2;
	madt_end();
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.tables[2].status, ACPI_ERR_TRUNCATED);
	CHECK_EQ(info.nr_cpus, 0);
}

HTEST(madt_zero_entries)
{
	build_good();
	madt_begin();
	madt_end();
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.tables[2].status, ACPI_ERR_EMPTY);
	CHECK_EQ(info.nr_cpus, 0);
}

HTEST(madt_flags_and_x2apic)
{
	struct acpi_madt_x2apic x = { { ACPI_MADT_X2APIC, sizeof(x) }, 0,
				      300, ACPI_MADT_ENABLED, 7 };
	struct acpi_madt_x2apic dup = { { ACPI_MADT_X2APIC, sizeof(dup) }, 0,
					0, ACPI_MADT_ENABLED, 0 };
	struct acpi_madt_x2apic_nmi xn = {
		{ ACPI_MADT_X2APIC_NMI, sizeof(xn) }, 5, 7, 0, { 0 } };

	build_good();
	madt_begin();
	add_lapic(0, 0, ACPI_MADT_ENABLED);
	add_lapic(1, 1, ACPI_MADT_ONLINE_CAPABLE);
	add_lapic(2, 2, 0);
	add_lapic(3, 0xff, ACPI_MADT_ENABLED);	/* invalid id */
	madt_add(&x, sizeof(x));
	madt_add(&dup, sizeof(dup));
	madt_add(&xn, sizeof(xn));
	madt_end();
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.nr_cpus, 2);
	CHECK_EQ(info.cpus[1].apic_id, 300);
	CHECK_EQ(info.cpus[1].uid, 7);
	CHECK_EQ(info.nr_online_capable, 1);
	CHECK_EQ(info.nr_disabled, 1);
	CHECK_EQ(info.nr_lapic_nmis, 1);
	CHECK_EQ(info.lapic_nmis[0].uid, 7);
	CHECK_EQ(info.lapic_nmis[0].flags, 5);
}

HTEST(madt_short_entry_skipped)
{
	u8 shortio[6] = { ACPI_MADT_IOAPIC, 6, 0, 0, 0, 0 };

	build_good();
	madt_begin();
	add_lapic(0, 0, ACPI_MADT_ENABLED);
	madt_add(shortio, sizeof(shortio));
	madt_end();
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.nr_ioapics, 0);
	CHECK_EQ(info.nr_bad_entries, 1);
	CHECK_EQ(info.tables[2].status, ACPI_OK);
}

HTEST(table_length_beyond_memory)
{
	build_good();
	((struct acpi_header *)(mem + HPET_PA))->length = MEM_SIZE;
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.tables[3].status, ACPI_ERR_MAP);
	CHECK_EQ(info.hpet_address, 0);
	CHECK_EQ(live_maps, 0);
}

HTEST(truncated_hpet_and_empty_mcfg)
{
	build_good();
	put_header(HPET_PA, "HPET", 40);
	seal(HPET_PA);
	put_header(MCFG_PA, "MCFG", sizeof(struct acpi_mcfg));
	seal(MCFG_PA);
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_OK);
	CHECK_EQ(info.tables[3].status, ACPI_ERR_TRUNCATED);
	CHECK_EQ(info.tables[4].status, ACPI_ERR_EMPTY);
	CHECK_EQ(info.hpet_address, 0);
	CHECK_EQ(info.nr_mcfg, 0);
}

HTEST(empty_root_table)
{
	build_good();
	put_xsdt(NULL, 0);
	put_rsdt(NULL, 0);
	CHECK_EQ(acpi_parse(RSDP_PA, &fake_mem, &info), ACPI_ERR_EMPTY);
	CHECK_EQ(info.nr_cpus, 0);
}

HTEST(scan_finds_rsdp_on_16_byte_boundary)
{
	build_good();
	memset(mem, 0, RSDP_PA);
	memcpy(mem + 0x40, "RSD PTR ", 8);	/* signature, bad sum */
	CHECK_EQ(acpi_scan_rsdp(mem, RSDP_PA + 64), RSDP_PA);
	CHECK_EQ(acpi_scan_rsdp(mem, RSDP_PA), -1);
	/* A v2 RSDP cut by the end of the area is not read past it. */
	CHECK_EQ(acpi_scan_rsdp(mem, RSDP_PA + 24), -1);
}

HTEST_MAIN("acpi")
