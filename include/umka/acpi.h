/* SPDX-License-Identifier: MIT */
/*
 * ACPI static tables: what the kernel learns from the firmware about CPUs,
 * interrupt controllers, timers and PCI configuration space.
 *
 * The parser (kernel/acpi/tables.c) is portable and never touches
 * physical memory itself: it asks a struct acpi_mem for mappings, so the
 * host unit tests feed it synthetic tables.  The arch code finds the
 * RSDP, parses once at boot and answers the acpi_*() queries below.
 */
#ifndef UMKA_ACPI_H
#define UMKA_ACPI_H

#include <umka/types.h>
#include <umka/compiler.h>

/* Sanity bounds, not limits of the hardware we expect to meet. */
#define ACPI_MAX_CPUS 1024
#define ACPI_MAX_IOAPICS 16
#define ACPI_MAX_OVERRIDES 32
#define ACPI_MAX_NMIS 16
#define ACPI_MAX_TABLES 32
#define ACPI_MAX_MCFG 4

/* ---- Firmware layouts (ACPI 6.x, chapter 5.2) ---- */

struct acpi_rsdp {
	char signature[8];		/* "RSD PTR " */
	u8 checksum;			/* first 20 bytes */
	char oem_id[6];
	u8 revision;			/* 0: ACPI 1.0, RSDT only */
	u32 rsdt_address;
	/* revision >= 2 */
	u32 length;
	u64 xsdt_address;
	u8 ext_checksum;		/* whole structure */
	u8 reserved[3];
} __packed;

struct acpi_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_header h;
	u32 lapic_address;
	u32 flags;			/* bit 0: dual 8259 PICs present */
} __packed;

struct acpi_subtable {
	u8 type;
	u8 length;
} __packed;

enum acpi_madt_type {
	ACPI_MADT_LAPIC = 0,
	ACPI_MADT_IOAPIC = 1,
	ACPI_MADT_OVERRIDE = 2,
	ACPI_MADT_NMI_SOURCE = 3,
	ACPI_MADT_LAPIC_NMI = 4,
	ACPI_MADT_LAPIC_ADDR = 5,
	ACPI_MADT_X2APIC = 9,
	ACPI_MADT_X2APIC_NMI = 10,
};

struct acpi_madt_lapic {
	struct acpi_subtable s;
	u8 uid;
	u8 apic_id;
	u32 flags;
} __packed;

struct acpi_madt_ioapic {
	struct acpi_subtable s;
	u8 id;
	u8 reserved;
	u32 address;
	u32 gsi_base;
} __packed;

struct acpi_madt_override {
	struct acpi_subtable s;
	u8 bus;				/* 0: ISA */
	u8 source;			/* ISA IRQ */
	u32 gsi;
	u16 flags;			/* MPS INTI polarity and trigger */
} __packed;

struct acpi_madt_nmi_source {
	struct acpi_subtable s;
	u16 flags;
	u32 gsi;
} __packed;

struct acpi_madt_lapic_nmi {
	struct acpi_subtable s;
	u8 uid;				/* 0xff: all processors */
	u16 flags;
	u8 lint;
} __packed;

struct acpi_madt_lapic_addr {
	struct acpi_subtable s;
	u16 reserved;
	u64 address;
} __packed;

struct acpi_madt_x2apic {
	struct acpi_subtable s;
	u16 reserved;
	u32 apic_id;
	u32 flags;
	u32 uid;
} __packed;

struct acpi_madt_x2apic_nmi {
	struct acpi_subtable s;
	u16 flags;
	u32 uid;			/* 0xffffffff: all processors */
	u8 lint;
	u8 reserved[3];
} __packed;

#define ACPI_MADT_ENABLED BIT(0)
#define ACPI_MADT_ONLINE_CAPABLE BIT(1)
#define ACPI_MADT_PCAT_COMPAT BIT(0)

/* MPS INTI flags, used by overrides and NMI entries. */
#define ACPI_INTI_POLARITY_MASK 0x3
#define ACPI_INTI_POLARITY_HIGH 0x1
#define ACPI_INTI_POLARITY_LOW 0x3
#define ACPI_INTI_TRIGGER_MASK 0xc
#define ACPI_INTI_TRIGGER_EDGE 0x4
#define ACPI_INTI_TRIGGER_LEVEL 0xc

struct acpi_gas {
	u8 space_id;			/* 0: memory, 1: I/O */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;
	u64 address;
} __packed;

struct acpi_hpet {
	struct acpi_header h;
	u32 block_id;
	struct acpi_gas base;
	u8 number;
	u16 min_tick;
	u8 page_protection;
} __packed;

struct acpi_mcfg_entry {
	u64 base;
	u16 segment;
	u8 bus_start;
	u8 bus_end;
	u32 reserved;
} __packed;

struct acpi_mcfg {
	struct acpi_header h;
	u64 reserved;
	struct acpi_mcfg_entry entries[];
} __packed;

/* FADT fields we use; the table is much longer. */
#define ACPI_FADT_CENTURY_OFFSET 108
#define ACPI_FADT_PM1A_CNT_OFFSET 64

/* ---- What the parser extracts ---- */

enum acpi_status {
	ACPI_OK = 0,
	ACPI_ERR_NOT_FOUND,
	ACPI_ERR_CHECKSUM,
	ACPI_ERR_TRUNCATED,	/* length field too small for the contents */
	ACPI_ERR_MAP,		/* could not map the memory */
	ACPI_ERR_SIGNATURE,
	ACPI_ERR_EMPTY,		/* well formed, nothing usable in it */
};

struct acpi_table_note {
	char signature[5];
	char oem_id[7];
	char oem_table_id[9];
	u8 revision;
	u32 length;
	phys_addr_t address;
	enum acpi_status status;
};

struct acpi_cpu {
	u32 apic_id;
	u32 uid;			/* ACPI processor UID */
};

struct acpi_ioapic {
	u32 id;
	u32 gsi_base;
	phys_addr_t address;
};

struct acpi_override {
	u8 isa_irq;
	u32 gsi;
	u16 flags;			/* ACPI_INTI_* */
};

struct acpi_nmi {
	u32 uid;			/* ACPI_NMI_ALL_CPUS: every CPU */
	u8 lint;			/* LINT0 or LINT1 */
	u16 flags;
};
#define ACPI_NMI_ALL_CPUS 0xffffffffu

struct acpi_info {
	/* RSDP */
	phys_addr_t rsdp_address;
	u8 rsdp_revision;
	char rsdp_oem_id[7];
	bool root_is_xsdt;
	/* every table seen, for the boot log */
	struct acpi_table_note tables[ACPI_MAX_TABLES];
	unsigned int nr_tables;
	/* MADT */
	bool have_madt;
	phys_addr_t lapic_address;
	bool pcat_compat;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];	/* enabled, in MADT order */
	unsigned int nr_cpus;
	unsigned int nr_online_capable;	/* hot-pluggable, not counted */
	unsigned int nr_disabled;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned int nr_ioapics;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	unsigned int nr_overrides;
	struct acpi_nmi lapic_nmis[ACPI_MAX_NMIS];
	unsigned int nr_lapic_nmis;
	unsigned int nr_nmi_sources;
	unsigned int nr_bad_entries;	/* malformed MADT entries skipped */
	/* HPET */
	phys_addr_t hpet_address;	/* 0: none */
	u8 hpet_number;
	/* MCFG */
	struct acpi_mcfg_entry mcfg[ACPI_MAX_MCFG];
	unsigned int nr_mcfg;
	/* FADT */
	u8 rtc_century;			/* CMOS index, 0: none */
	u32 pm1a_cnt;			/* PM1a control port, 0: none */
};

/*
 * How the parser reaches physical memory.  map() returns a readable
 * pointer to @len bytes at @pa or NULL; unmap() may be NULL.
 */
struct acpi_mem {
	const void *(*map)(phys_addr_t pa, size_t len, void *ctx);
	void (*unmap)(const void *va, size_t len, void *ctx);
	void *ctx;
};

bool acpi_checksum_ok(const void *p, size_t len);
/* Offset of a valid RSDP in a BIOS area (16-byte steps), or -1. */
long acpi_scan_rsdp(const void *area, size_t len);
enum acpi_status acpi_check_rsdp(const struct acpi_rsdp *rsdp);
/*
 * Parse everything reachable from the RSDP at @rsdp_pa into @info.  Bad
 * tables are recorded in info->tables and skipped; the return value is
 * about the RSDP and root table only.
 */
enum acpi_status acpi_parse(phys_addr_t rsdp_pa, const struct acpi_mem *mem,
			    struct acpi_info *info);
/* Single-table parsers, for tables already validated and mapped. */
enum acpi_status acpi_parse_madt(const struct acpi_header *h,
				 struct acpi_info *info);
enum acpi_status acpi_parse_hpet(const struct acpi_header *h,
				 struct acpi_info *info);
enum acpi_status acpi_parse_mcfg(const struct acpi_header *h,
				 struct acpi_info *info);
const char *acpi_status_str(enum acpi_status s);
/* "high"/"low"/"dfl" and "edge"/"level"/"dfl" for the boot log. */
const char *acpi_inti_polarity_str(u16 flags);
const char *acpi_inti_trigger_str(u16 flags);

/* ---- Boot-time results (arch code fills them) ---- */

unsigned int acpi_nr_cpus(void);
u32 acpi_cpu_apic_id(unsigned int i);
u32 acpi_cpu_uid(unsigned int i);
unsigned int acpi_nr_ioapics(void);
const struct acpi_ioapic *acpi_ioapic(unsigned int i);
/* The ISA IRQ's GSI and INTI flags (identity, 0 when no override). */
u32 acpi_isa_irq_to_gsi(unsigned int isa_irq, u16 *flags);
unsigned int acpi_nr_lapic_nmis(void);
const struct acpi_nmi *acpi_lapic_nmi(unsigned int i);
phys_addr_t acpi_hpet_base(void);
/* ECAM base for PCI segment 0 covering bus 0, 0 if none; bus range too. */
phys_addr_t acpi_mcfg_base(u8 *bus_start, u8 *bus_end);
u8 acpi_rtc_century_index(void);
const struct acpi_info *acpi_get_info(void);

#endif
