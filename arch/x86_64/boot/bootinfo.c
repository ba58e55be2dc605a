// SPDX-License-Identifier: MIT
/*
 * Translate the boot loader's hand-off (PVH start_info or the Multiboot2
 * information structure) into struct boot_info.  Runs on the boot page
 * tables, where the first 4 GiB are identity-mapped, so physical pointers
 * below 4 GiB can be dereferenced directly.
 */
#include <umka/boot.h>
#include <umka/string.h>
#include <umka/compiler.h>
#include <asm/setup.h>
#include <asm/layout.h>

#define BOOT_PROTO_PVH 1
#define BOOT_PROTO_MB2 2

struct boot_info boot_info;

/* PVH: xen/include/public/arch-x86/hvm/start_info.h (ABI, version 1) */
#define PVH_MAGIC 0x336ec578
struct hvm_start_info {
	u32 magic;
	u32 version;
	u32 flags;
	u32 nr_modules;
	u64 modlist_paddr;
	u64 cmdline_paddr;
	u64 rsdp_paddr;
	u64 memmap_paddr;
	u32 memmap_entries;
	u32 reserved;
};

struct hvm_modlist_entry {
	u64 paddr;
	u64 size;
	u64 cmdline_paddr;
	u64 reserved;
};

struct hvm_memmap_entry {
	u64 addr;
	u64 size;
	u32 type;
	u32 reserved;
};

static void *phys(u64 pa)
{
	return (void *)(uintptr_t)pa;
}

static void set_cmdline(const char *s)
{
	size_t n = strlcpy(boot_info.cmdline, s ? s : "", CMDLINE_MAX);

	boot_info.cmdline_truncated = n >= CMDLINE_MAX;
}

static void add_region(u64 base, u64 size, u32 type)
{
	struct memmap_entry *e;

	if (boot_info.memmap_count == BOOT_MEMMAP_MAX)
		return;
	e = &boot_info.memmap[boot_info.memmap_count++];
	e->base = base;
	e->size = size;
	e->type = type;
}

static void parse_pvh(const struct hvm_start_info *si)
{
	boot_info.loader = "PVH";
	if (si->magic != PVH_MAGIC)
		return;
	if (si->cmdline_paddr)
		set_cmdline(phys(si->cmdline_paddr));
	if (si->nr_modules && si->modlist_paddr) {
		const struct hvm_modlist_entry *m = phys(si->modlist_paddr);

		boot_info.initrd_base = m->paddr;
		boot_info.initrd_size = m->size;
	}
	boot_info.rsdp = si->rsdp_paddr;
	if (si->version >= 1 && si->memmap_paddr) {
		const struct hvm_memmap_entry *e = phys(si->memmap_paddr);

		for (u32 i = 0; i < si->memmap_entries; i++)
			add_region(e[i].addr, e[i].size, e[i].type);
	}
}

/* Multiboot2 tags we use. */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

struct mb2_tag {
	u32 type;
	u32 size;
};

struct mb2_mmap {
	u32 type, size, entry_size, entry_version;
	u8 entries[];
};

struct mb2_module {
	u32 type, size, start, end;
	char cmdline[];
};

static u8 mb2_rsdp[36] __aligned(16);

static void parse_mb2_tag(const struct mb2_tag *t)
{
	switch (t->type) {
	case MB2_TAG_CMDLINE:
		set_cmdline((const char *)(t + 1));
		break;
	case MB2_TAG_MODULE: {
		const struct mb2_module *m = (const void *)t;

		if (!boot_info.initrd_size) {
			boot_info.initrd_base = m->start;
			boot_info.initrd_size = m->end - m->start;
		}
		break;
	}
	case MB2_TAG_MMAP: {
		const struct mb2_mmap *m = (const void *)t;

		if (m->entry_size < sizeof(struct hvm_memmap_entry))
			break;
		for (u32 off = 16; off + m->entry_size <= m->size;
		     off += m->entry_size) {
			const struct hvm_memmap_entry *e =
				(const void *)((const u8 *)t + off);

			add_region(e->addr, e->size, e->type);
		}
		break;
	}
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		/*
		 * The tag holds a copy of the RSDP in loader memory that the
		 * page allocator will reuse: keep our own copy in the image.
		 * The ACPI 2.0 form wins over the 1.0 one.
		 */
		if (!boot_info.rsdp || t->type == MB2_TAG_ACPI_NEW) {
			memcpy(mb2_rsdp, t + 1,
			       min(t->size - 8, (u32)sizeof(mb2_rsdp)));
			boot_info.rsdp = (uintptr_t)mb2_rsdp - KERNEL_VIRT_BASE;
		}
		break;
	}
}

static void parse_mb2(const u8 *mbi)
{
	u32 total = *(const u32 *)mbi;

	boot_info.loader = "Multiboot2";
	for (u32 off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *t = (const void *)(mbi + off);

		if (t->type == MB2_TAG_END || t->size < sizeof(*t))
			break;
		parse_mb2_tag(t);
		off += ALIGN_UP(t->size, 8);
	}
}

void boot_info_parse(u32 proto, u32 info)
{
	if (!info)
		return;
	if (proto == BOOT_PROTO_PVH)
		parse_pvh(phys(info));
	else if (proto == BOOT_PROTO_MB2)
		parse_mb2(phys(info));
}
