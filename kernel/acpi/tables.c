// SPDX-License-Identifier: MIT
/*
 * ACPI static table parser.  Portable and host-tested: memory comes
 * through struct acpi_mem, and every length the firmware gives us is
 * checked before it is trusted, because a malformed table must cost us a
 * warning, not the boot.
 */
#include <umka/acpi.h>
#include <umka/string.h>

#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36

bool acpi_checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

enum acpi_status acpi_check_rsdp(const struct acpi_rsdp *rsdp)
{
	if (memcmp(rsdp->signature, "RSD PTR ", 8))
		return ACPI_ERR_SIGNATURE;
	if (!acpi_checksum_ok(rsdp, RSDP_V1_LEN))
		return ACPI_ERR_CHECKSUM;
	if (rsdp->revision < 2)
		return ACPI_OK;
	if (rsdp->length < RSDP_V2_LEN)
		return ACPI_ERR_TRUNCATED;
	/* The extended checksum covers the ACPI 2.0 fields we read. */
	if (!acpi_checksum_ok(rsdp, RSDP_V2_LEN))
		return ACPI_ERR_CHECKSUM;
	return ACPI_OK;
}

long acpi_scan_rsdp(const void *area, size_t len)
{
	const u8 *p = area;

	for (size_t off = 0; off + RSDP_V1_LEN <= len; off += 16) {
		const struct acpi_rsdp *r = (const void *)(p + off);

		if (memcmp(r->signature, "RSD PTR ", 8))
			continue;
		/* Do not read a v2 RSDP past the end of the area. */
		if (r->revision >= 2 && off + RSDP_V2_LEN > len)
			continue;
		if (acpi_check_rsdp(r) == ACPI_OK)
			return (long)off;
	}
	return -1;
}

const char *acpi_status_str(enum acpi_status s)
{
	switch (s) {
	case ACPI_OK:
		return "ok";
	case ACPI_ERR_NOT_FOUND:
		return "not found";
	case ACPI_ERR_CHECKSUM:
		return "bad checksum";
	case ACPI_ERR_TRUNCATED:
		return "truncated";
	case ACPI_ERR_MAP:
		return "cannot map";
	case ACPI_ERR_SIGNATURE:
		return "bad signature";
	case ACPI_ERR_EMPTY:
		return "no usable entries";
	}
	return "?";
}

const char *acpi_inti_polarity_str(u16 flags)
{
	switch (flags & ACPI_INTI_POLARITY_MASK) {
	case ACPI_INTI_POLARITY_HIGH:
		return "high";
	case ACPI_INTI_POLARITY_LOW:
		return "low";
	}
	return "dfl";
}

const char *acpi_inti_trigger_str(u16 flags)
{
	switch (flags & ACPI_INTI_TRIGGER_MASK) {
	case ACPI_INTI_TRIGGER_EDGE:
		return "edge";
	case ACPI_INTI_TRIGGER_LEVEL:
		return "level";
	}
	return "dfl";
}

/* ---- MADT ---- */

static bool have_apic_id(const struct acpi_info *info, u32 id)
{
	for (unsigned int i = 0; i < info->nr_cpus; i++)
		if (info->cpus[i].apic_id == id)
			return true;
	return false;
}

static void add_cpu(struct acpi_info *info, u32 apic_id, u32 uid, u32 flags)
{
	if (!(flags & ACPI_MADT_ENABLED)) {
		if (flags & ACPI_MADT_ONLINE_CAPABLE)
			info->nr_online_capable++;
		else
			info->nr_disabled++;
		return;
	}
	/* Firmware may list a CPU as both LAPIC and x2APIC: count it once. */
	if (have_apic_id(info, apic_id) || info->nr_cpus == ACPI_MAX_CPUS)
		return;
	info->cpus[info->nr_cpus].apic_id = apic_id;
	info->cpus[info->nr_cpus].uid = uid;
	info->nr_cpus++;
}

static void add_ioapic(struct acpi_info *info,
		       const struct acpi_madt_ioapic *e)
{
	struct acpi_ioapic *io;

	if (info->nr_ioapics == ACPI_MAX_IOAPICS || !e->address)
		return;
	io = &info->ioapics[info->nr_ioapics++];
	io->id = e->id;
	io->address = e->address;
	io->gsi_base = e->gsi_base;
}

static void add_override(struct acpi_info *info,
			 const struct acpi_madt_override *e)
{
	struct acpi_override *o;

	if (e->bus != 0 || e->source >= 16 ||
	    info->nr_overrides == ACPI_MAX_OVERRIDES) {
		info->nr_bad_entries++;
		return;
	}
	o = &info->overrides[info->nr_overrides++];
	o->isa_irq = e->source;
	o->gsi = e->gsi;
	o->flags = e->flags;
}

static void add_lapic_nmi(struct acpi_info *info, u32 uid, u8 lint,
			  u16 flags)
{
	struct acpi_nmi *n;

	if (lint > 1 || info->nr_lapic_nmis == ACPI_MAX_NMIS) {
		info->nr_bad_entries++;
		return;
	}
	n = &info->lapic_nmis[info->nr_lapic_nmis++];
	n->uid = uid;
	n->lint = lint;
	n->flags = flags;
}

/* Minimum length of each entry type we understand; 0: ignored type. */
static u8 madt_entry_min_len(u8 type)
{
	switch (type) {
	case ACPI_MADT_LAPIC:
		return sizeof(struct acpi_madt_lapic);
	case ACPI_MADT_IOAPIC:
		return sizeof(struct acpi_madt_ioapic);
	case ACPI_MADT_OVERRIDE:
		return sizeof(struct acpi_madt_override);
	case ACPI_MADT_NMI_SOURCE:
		return sizeof(struct acpi_madt_nmi_source);
	case ACPI_MADT_LAPIC_NMI:
		return sizeof(struct acpi_madt_lapic_nmi);
	case ACPI_MADT_LAPIC_ADDR:
		return sizeof(struct acpi_madt_lapic_addr);
	case ACPI_MADT_X2APIC:
		return sizeof(struct acpi_madt_x2apic);
	case ACPI_MADT_X2APIC_NMI:
		return sizeof(struct acpi_madt_x2apic_nmi);
	}
	return 0;
}

static void madt_entry(struct acpi_info *info, const struct acpi_subtable *s)
{
	switch (s->type) {
	case ACPI_MADT_LAPIC: {
		const struct acpi_madt_lapic *e = (const void *)s;

		if (e->apic_id != 0xff)
			add_cpu(info, e->apic_id, e->uid, e->flags);
		break;
	}
	case ACPI_MADT_X2APIC: {
		const struct acpi_madt_x2apic *e = (const void *)s;

		add_cpu(info, e->apic_id, e->uid, e->flags);
		break;
	}
	case ACPI_MADT_IOAPIC:
		add_ioapic(info, (const void *)s);
		break;
	case ACPI_MADT_OVERRIDE:
		add_override(info, (const void *)s);
		break;
	case ACPI_MADT_NMI_SOURCE:
		info->nr_nmi_sources++;
		break;
	case ACPI_MADT_LAPIC_NMI: {
		const struct acpi_madt_lapic_nmi *e = (const void *)s;

		add_lapic_nmi(info, e->uid == 0xff ? ACPI_NMI_ALL_CPUS : e->uid,
			      e->lint, e->flags);
		break;
	}
	case ACPI_MADT_X2APIC_NMI: {
		const struct acpi_madt_x2apic_nmi *e = (const void *)s;

		add_lapic_nmi(info, e->uid, e->lint, e->flags);
		break;
	}
	case ACPI_MADT_LAPIC_ADDR: {
		const struct acpi_madt_lapic_addr *e = (const void *)s;

		if (e->address)
			info->lapic_address = e->address;
		break;
	}
	}
}

enum acpi_status acpi_parse_madt(const struct acpi_header *h,
				 struct acpi_info *info)
{
	const struct acpi_madt *m = (const void *)h;
	const u8 *p, *end;

	if (h->length < sizeof(*m))
		return ACPI_ERR_TRUNCATED;
	info->have_madt = true;
	info->lapic_address = m->lapic_address;
	info->pcat_compat = m->flags & ACPI_MADT_PCAT_COMPAT;
	p = (const u8 *)(m + 1);
	end = (const u8 *)h + h->length;
	while (p + sizeof(struct acpi_subtable) <= end) {
		const struct acpi_subtable *s = (const void *)p;

		/* A zero length would loop forever; stop at it. */
		if (s->length < sizeof(*s) || p + s->length > end) {
			info->nr_bad_entries++;
			return ACPI_ERR_TRUNCATED;
		}
		if (s->length < madt_entry_min_len(s->type))
			info->nr_bad_entries++;
		else
			madt_entry(info, s);
		p += s->length;
	}
	return info->nr_cpus ? ACPI_OK : ACPI_ERR_EMPTY;
}

/* ---- HPET, MCFG, FADT ---- */

enum acpi_status acpi_parse_hpet(const struct acpi_header *h,
				 struct acpi_info *info)
{
	const struct acpi_hpet *t = (const void *)h;

	if (h->length < sizeof(*t))
		return ACPI_ERR_TRUNCATED;
	/* The HPET is memory-mapped by definition; anything else is junk. */
	if (t->base.space_id != 0 || !t->base.address)
		return ACPI_ERR_EMPTY;
	info->hpet_address = t->base.address;
	info->hpet_number = t->number;
	return ACPI_OK;
}

enum acpi_status acpi_parse_mcfg(const struct acpi_header *h,
				 struct acpi_info *info)
{
	const struct acpi_mcfg *t = (const void *)h;
	size_t n;

	if (h->length < sizeof(*t))
		return ACPI_ERR_TRUNCATED;
	n = (h->length - sizeof(*t)) / sizeof(struct acpi_mcfg_entry);
	for (size_t i = 0; i < n && info->nr_mcfg < ACPI_MAX_MCFG; i++) {
		struct acpi_mcfg_entry e;

		memcpy(&e, &t->entries[i], sizeof(e));
		if (e.base && e.bus_start <= e.bus_end)
			info->mcfg[info->nr_mcfg++] = e;
	}
	return info->nr_mcfg ? ACPI_OK : ACPI_ERR_EMPTY;
}

static enum acpi_status parse_fadt(const struct acpi_header *h,
				   struct acpi_info *info)
{
	const u8 *b = (const void *)h;

	if (h->length > ACPI_FADT_CENTURY_OFFSET)
		info->rtc_century = b[ACPI_FADT_CENTURY_OFFSET];
	if (h->length >= ACPI_FADT_PM1A_CNT_OFFSET + 4)
		memcpy(&info->pm1a_cnt, b + ACPI_FADT_PM1A_CNT_OFFSET, 4);
	return ACPI_OK;
}

/* ---- Walking the root table ---- */

static void note_copy(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
	/* Keep the log line printable whatever the firmware put there. */
	for (size_t i = 0; i < n; i++)
		if (dst[i] && (dst[i] < 0x20 || dst[i] > 0x7e))
			dst[i] = '?';
}

static struct acpi_table_note *note_table(struct acpi_info *info,
					  const struct acpi_header *h,
					  phys_addr_t pa)
{
	struct acpi_table_note *n;

	if (info->nr_tables == ACPI_MAX_TABLES)
		return NULL;
	n = &info->tables[info->nr_tables++];
	note_copy(n->signature, h->signature, 4);
	note_copy(n->oem_id, h->oem_id, 6);
	note_copy(n->oem_table_id, h->oem_table_id, 8);
	n->revision = h->revision;
	n->length = h->length;
	n->address = pa;
	n->status = ACPI_OK;
	return n;
}

static const struct acpi_header *map_table(const struct acpi_mem *mem,
					   phys_addr_t pa,
					   enum acpi_status *st)
{
	const struct acpi_header *h = mem->map(pa, sizeof(*h), mem->ctx);
	u32 len;

	if (!h) {
		*st = ACPI_ERR_MAP;
		return NULL;
	}
	len = h->length;
	if (mem->unmap)
		mem->unmap(h, sizeof(*h), mem->ctx);
	if (len < sizeof(*h)) {
		*st = ACPI_ERR_TRUNCATED;
		return NULL;
	}
	h = mem->map(pa, len, mem->ctx);
	*st = h ? ACPI_OK : ACPI_ERR_MAP;
	return h;
}

static void unmap_table(const struct acpi_mem *mem,
			const struct acpi_header *h)
{
	if (mem->unmap)
		mem->unmap(h, h->length, mem->ctx);
}

static enum acpi_status parse_one(const struct acpi_header *h,
				  struct acpi_info *info)
{
	if (!memcmp(h->signature, "APIC", 4))
		return acpi_parse_madt(h, info);
	if (!memcmp(h->signature, "HPET", 4))
		return acpi_parse_hpet(h, info);
	if (!memcmp(h->signature, "MCFG", 4))
		return acpi_parse_mcfg(h, info);
	if (!memcmp(h->signature, "FACP", 4))
		return parse_fadt(h, info);
	return ACPI_OK;
}

static void parse_table_at(phys_addr_t pa, const struct acpi_mem *mem,
			   struct acpi_info *info)
{
	enum acpi_status st;
	const struct acpi_header *h = map_table(mem, pa, &st);
	struct acpi_table_note *n;

	if (!h) {
		struct acpi_header fake = { .signature = "????" };

		n = note_table(info, &fake, pa);
		if (n)
			n->status = st;
		return;
	}
	n = note_table(info, h, pa);
	if (!acpi_checksum_ok(h, h->length))
		st = ACPI_ERR_CHECKSUM;
	else
		st = parse_one(h, info);
	if (n)
		n->status = st;
	unmap_table(mem, h);
}

static phys_addr_t root_entry(const struct acpi_header *root, bool xsdt,
			      size_t i)
{
	const u8 *p = (const u8 *)(root + 1);

	if (xsdt) {
		u64 v;

		memcpy(&v, p + 8 * i, 8);	/* may be unaligned */
		return v;
	} else {
		u32 v;

		memcpy(&v, p + 4 * i, 4);
		return v;
	}
}

static enum acpi_status walk_root(phys_addr_t pa, bool xsdt,
				  const struct acpi_mem *mem,
				  struct acpi_info *info)
{
	enum acpi_status st;
	const struct acpi_header *root = map_table(mem, pa, &st);
	struct acpi_table_note *n;
	size_t nr;

	if (!root)
		return st;
	n = note_table(info, root, pa);
	st = ACPI_OK;
	if (memcmp(root->signature, xsdt ? "XSDT" : "RSDT", 4))
		st = ACPI_ERR_SIGNATURE;
	else if (!acpi_checksum_ok(root, root->length))
		st = ACPI_ERR_CHECKSUM;
	if (n)
		n->status = st;
	if (st != ACPI_OK) {
		unmap_table(mem, root);
		return st;
	}
	info->root_is_xsdt = xsdt;
	nr = (root->length - sizeof(*root)) / (xsdt ? 8 : 4);
	for (size_t i = 0; i < nr; i++) {
		phys_addr_t t = root_entry(root, xsdt, i);

		if (t)
			parse_table_at(t, mem, info);
	}
	unmap_table(mem, root);
	return nr ? ACPI_OK : ACPI_ERR_EMPTY;
}

enum acpi_status acpi_parse(phys_addr_t rsdp_pa, const struct acpi_mem *mem,
			    struct acpi_info *info)
{
	const struct acpi_rsdp *r = mem->map(rsdp_pa, RSDP_V1_LEN, mem->ctx);
	struct acpi_rsdp rsdp = { 0 };
	enum acpi_status st;

	if (!r)
		return ACPI_ERR_MAP;
	memcpy(&rsdp, r, RSDP_V1_LEN);
	if (mem->unmap)
		mem->unmap(r, RSDP_V1_LEN, mem->ctx);
	if (rsdp.revision >= 2) {
		r = mem->map(rsdp_pa, RSDP_V2_LEN, mem->ctx);
		if (!r)
			return ACPI_ERR_MAP;
		memcpy(&rsdp, r, RSDP_V2_LEN);
		if (mem->unmap)
			mem->unmap(r, RSDP_V2_LEN, mem->ctx);
	}
	st = acpi_check_rsdp(&rsdp);
	if (st != ACPI_OK)
		return st;
	info->rsdp_address = rsdp_pa;
	info->rsdp_revision = rsdp.revision;
	note_copy(info->rsdp_oem_id, rsdp.oem_id, 6);
	/* Prefer the XSDT; fall back to the RSDT if the XSDT is broken. */
	if (rsdp.revision >= 2 && rsdp.xsdt_address) {
		st = walk_root(rsdp.xsdt_address, true, mem, info);
		if (st == ACPI_OK || !rsdp.rsdt_address)
			return st;
	}
	if (!rsdp.rsdt_address)
		return ACPI_ERR_NOT_FOUND;
	return walk_root(rsdp.rsdt_address, false, mem, info);
}
