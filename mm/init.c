// SPDX-License-Identifier: MIT
/*
 * Memory bring-up, in dependency order: clean the memory map, reserve
 * what is in use, build the kernel page tables (from the boot allocator),
 * start the page allocator, then kmalloc.
 */
#include <umka/mm.h>
#include <umka/boot.h>
#include <umka/printk.h>
#include <umka/slab.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include "internal.h"

extern char __boot_start[], __kernel_end[], boot_stack_guard[];

static u64 kernel_image_bytes;

static void sanitize_memmap(void)
{
	unsigned int dropped;

	if (!boot_info.memmap_count) {
		/* No map at all: assume the PC minimum, below 640 KiB + 16 MiB. */
		pr_err("mm: no memory map from the boot loader; assuming 16 MiB\n");
		boot_info.memmap[0] = (struct memmap_entry){ 0, 0x9f000, MEMMAP_USABLE };
		boot_info.memmap[1] = (struct memmap_entry){ 1 << 20, 15 << 20, MEMMAP_USABLE };
		boot_info.memmap_count = 2;
	}
	boot_info.memmap_count = memmap_sanitize(boot_info.memmap,
						 boot_info.memmap_count,
						 BOOT_MEMMAP_MAX, &dropped);
	if (dropped)
		pr_warn("mm: memory map too long, %u entries dropped\n", dropped);
	pr_info("Physical memory map:\n");
	for (unsigned int i = 0; i < boot_info.memmap_count; i++) {
		const struct memmap_entry *e = &boot_info.memmap[i];

		pr_info("  [mem 0x%016llx-0x%016llx] %s\n",
			(unsigned long long)e->base,
			(unsigned long long)(e->base + e->size - 1),
			memmap_type_name(e->type));
	}
}

static void reserve_in_use(void)
{
	phys_addr_t img_lo = (unsigned long)__boot_start;
	phys_addr_t img_hi = (unsigned long)__kernel_end - KERNEL_VIRT_BASE;

	kernel_image_bytes = img_hi - img_lo;
	/* Low memory: BIOS data, boot loader structures, the AP trampoline. */
	bootmem_reserve(0, 1 << 20);
	bootmem_reserve(img_lo, img_hi);
	if (boot_info.initrd_size)
		bootmem_reserve(boot_info.initrd_base,
				boot_info.initrd_base + boot_info.initrd_size);
}

void mm_init(void)
{
	struct mem_stats st;

	sanitize_memmap();
	if (!memmap_usable_bytes(boot_info.memmap, boot_info.memmap_count))
		pr_err("mm: the memory map lists no usable RAM\n");
	reserve_in_use();
	paging_init();
	page_alloc_init();
	paging_switch_allocator();
	kmalloc_init();
	cpu_enable_protections();
	mm_get_stats(&st);
	pr_info("Memory: %llu KiB available of %llu KiB RAM, kernel %llu KiB\n",
		(unsigned long long)st.free_bytes / 1024,
		(unsigned long long)st.total_bytes / 1024,
		(unsigned long long)st.kernel_bytes / 1024);
}


void mm_get_stats(struct mem_stats *st)
{
	struct slab_stats ss;

	slab_stats(&ss);
	st->total_bytes = page_alloc_managed_pages() * PAGE_SIZE;
	st->free_bytes = page_alloc_free_pages() * PAGE_SIZE;
	st->slab_bytes = ss.total_bytes;
	st->slab_in_use_bytes = ss.bytes_in_use;
	st->vmalloc_bytes = vmalloc_bytes();
	st->page_table_bytes = page_table_bytes();
	st->kernel_bytes = kernel_image_bytes;
	st->reserved_bytes = bootmem_bytes_taken() + boot_info.initrd_size;
}

bool stack_guard_hit(unsigned long addr)
{
	unsigned long g = (unsigned long)boot_stack_guard;

	if (addr >= g && addr < g + PAGE_SIZE)
		return true;
	return vmalloc_guard_hit(addr);
}
