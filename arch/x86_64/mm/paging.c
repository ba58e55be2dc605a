// SPDX-License-Identifier: MIT
/*
 * Kernel page tables.  paging_init() replaces the boot tables from
 * head.S with: a direct map of all RAM (large pages, NX), the image at
 * -2 GiB with W^X per section, a guard hole under the boot stack, and
 * nothing in the lower half.
 */
#include <umka/mm.h>
#include <umka/boot.h>
#include <umka/printk.h>
#include <umka/panic.h>
#include <umka/spinlock.h>
#include <umka/string.h>
#include <asm/pgtable.h>
#include <asm/cpu.h>
#include <asm/layout.h>
#include <asm/setup.h>

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[], boot_stack_guard[];

static pte_t *kernel_pml4;
static u64 pt_bytes;
static bool use_page_alloc;
static bool have_1g_pages;
static DEFINE_SPINLOCK(kpt_lock, LOCK_LEVEL_KERNEL_PT);

static pte_t *table_alloc(void)
{
	void *p;

	if (use_page_alloc)
		p = get_zeroed_page();
	else
		p = bootmem_alloc(PAGE_SIZE, PAGE_SIZE);
	if (p)
		pt_bytes += PAGE_SIZE;
	return p;
}

static unsigned idx(unsigned long va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/* The table at @level for va, creating intermediate tables on the way. */
static pte_t *walk(unsigned long va, int level, bool create)
{
	pte_t *t = kernel_pml4;

	for (int l = 3; l > level; l--) {
		pte_t *e = &t[idx(va, l)];

		if (!(*e & PTE_P)) {
			pte_t *n;

			if (!create || !(n = table_alloc()))
				return NULL;
			*e = virt_to_phys(n) | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			return NULL;	/* inside a large page */
		}
		t = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return t;
}

/* Map one page of size 4K (level 0), 2M (1) or 1G (2). */
static int map_one(unsigned long va, phys_addr_t pa, int level, u64 prot)
{
	pte_t *t = walk(va, level, true);

	if (!t)
		return -1;
	t[idx(va, level)] = pa | prot | (level ? PTE_PS : 0);
	return 0;
}

static int pick_level(unsigned long va, phys_addr_t pa, u64 left)
{
	if (have_1g_pages && !((va | pa) & ((1UL << 30) - 1)) &&
	    left >= (1UL << 30))
		return 2;
	if (!((va | pa) & ((1UL << 21) - 1)) && left >= (1UL << 21))
		return 1;
	return 0;
}

static int map_range_large(unsigned long va, phys_addr_t pa, u64 size,
			   u64 prot)
{
	while (size) {
		int level = pick_level(va, pa, size);
		u64 step = 1ULL << (12 + 9 * level);

		if (map_one(va, pa, level, prot))
			return -1;
		va += step;
		pa += step;
		size -= step;
	}
	return 0;
}

int kmap_range(unsigned long va, phys_addr_t pa, size_t size, u64 prot)
{
	unsigned long flags = spin_lock_irqsave(&kpt_lock);
	int ret = 0;

	for (size_t off = 0; off < size && !ret; off += PAGE_SIZE)
		ret = map_one(va + off, pa + off, 0, prot);
	spin_unlock_irqrestore(&kpt_lock, flags);
	return ret;
}

phys_addr_t kunmap_page(unsigned long va)
{
	unsigned long flags = spin_lock_irqsave(&kpt_lock);
	pte_t *t = walk(va, 0, false);
	phys_addr_t pa = 0;

	if (t && (t[idx(va, 0)] & PTE_P)) {
		pa = t[idx(va, 0)] & PTE_ADDR_MASK;
		t[idx(va, 0)] = 0;
	}
	spin_unlock_irqrestore(&kpt_lock, flags);
	invlpg(va);
	return pa;
}

pte_t kernel_pte(unsigned long va)
{
	pte_t *t = kernel_pml4;

	for (int l = 3; l >= 0; l--) {
		pte_t e = t[idx(va, l)];

		if (!(e & PTE_P) || l == 0 || (e & PTE_PS))
			return e & PTE_P ? e : 0;
		t = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return 0;
}

phys_addr_t kernel_pml4_phys(void)
{
	return virt_to_phys(kernel_pml4);
}

u64 page_table_bytes(void)
{
	return pt_bytes;
}

static bool is_ram(u32 type)
{
	return type == MEMMAP_USABLE || type == MEMMAP_ACPI_RECLAIM ||
	       type == MEMMAP_ACPI_NVS;
}

static void map_direct(void)
{
	/* The first MiB always: BIOS data, the MP tables, the AP trampoline. */
	map_range_large(DIRECT_MAP_BASE, 0, 1UL << 20, PROT_KERNEL_RW);
	for (unsigned int i = 0; i < boot_info.memmap_count; i++) {
		const struct memmap_entry *e = &boot_info.memmap[i];
		u64 lo = max(e->base, 1ULL << 20), hi = e->base + e->size;

		if (!is_ram(e->type) || hi <= lo)
			continue;
		lo = ALIGN_DOWN(lo, PAGE_SIZE);
		hi = ALIGN_UP(hi, PAGE_SIZE);
		if (map_range_large(DIRECT_MAP_BASE + lo, lo, hi - lo,
				    PROT_KERNEL_RW))
			panic("paging: cannot build the direct map");
	}
}

static void map_image_part(const char *start, const char *end, u64 prot)
{
	for (unsigned long va = (unsigned long)start; va < (unsigned long)end;
	     va += PAGE_SIZE) {
		if (va == (unsigned long)boot_stack_guard)
			continue;	/* the hole that catches overflow */
		map_one(va, va - KERNEL_VIRT_BASE, 0, prot);
	}
}

static void map_image(void)
{
	map_image_part(__text_start, __text_end, PROT_KERNEL_RX);
	map_image_part(__rodata_start, __rodata_end, PROT_KERNEL_RO);
	map_image_part(__data_start, __kernel_end, PROT_KERNEL_RW);
}

/* Every kernel-half PML4 slot gets its PDPT now, so they never change. */
static void populate_kernel_half(void)
{
	for (int i = 256; i < 512; i++) {
		pte_t *pdpt = table_alloc();

		kernel_pml4[i] = virt_to_phys(pdpt) | PTE_P | PTE_W;
	}
}

void paging_init(void)
{
	have_1g_pages = cpuid(0x80000001, 0).edx & BIT(26);
	kernel_pml4 = table_alloc();
	populate_kernel_half();
	map_direct();
	map_image();
	write_cr4(read_cr4() | X86_CR4_PGE);
	write_cr3(virt_to_phys(kernel_pml4));
	pr_info("paging: direct map with %s pages, image W^X, %llu KiB of tables\n",
		have_1g_pages ? "1 GiB" : "2 MiB",
		(unsigned long long)pt_bytes / 1024);
}

/* Called once the page allocator runs: later tables come from it. */
void paging_switch_allocator(void)
{
	use_page_alloc = true;
}

/* SMEP, SMAP and UMIP where the CPU has them; returns the new CR4. */
static u64 enable_protections(void)
{
	struct cpuid_regs r = cpuid(7, 0);
	u64 cr4 = read_cr4();

	if (r.ebx & BIT(7))
		cr4 |= X86_CR4_SMEP;
	if (r.ebx & BIT(20))
		cr4 |= X86_CR4_SMAP;
	if (r.ecx & BIT(2))
		cr4 |= X86_CR4_UMIP;
	write_cr4(cr4);
	return cr4;
}

/* Boot CPU; NX is on since head.S. */
void cpu_enable_protections(void)
{
	u64 cr4 = enable_protections();

	uaccess_init(cr4 & X86_CR4_SMAP);
	pr_info("CPU protections:%s%s%s NX\n",
		cr4 & X86_CR4_SMEP ? " SMEP" : "",
		cr4 & X86_CR4_SMAP ? " SMAP" : "",
		cr4 & X86_CR4_UMIP ? " UMIP" : "");
}

/* The same on each AP (NX and PGE come from the trampoline), silently. */
void cpu_enable_protections_ap(void)
{
	enable_protections();
}
