// SPDX-License-Identifier: MIT
#include <umka/mm.h>
#include <umka/boot.h>
#include <umka/printk.h>
#include <asm/traps.h>

extern char boot_stack_guard[];

static void print_memmap(void)
{
	unsigned int dropped;

	boot_info.memmap_count = memmap_sanitize(boot_info.memmap,
						 boot_info.memmap_count,
						 BOOT_MEMMAP_MAX, &dropped);
	pr_info("Physical memory map:\n");
	for (unsigned int i = 0; i < boot_info.memmap_count; i++) {
		const struct memmap_entry *e = &boot_info.memmap[i];

		pr_info("  [mem 0x%016llx-0x%016llx] %s\n",
			(unsigned long long)e->base,
			(unsigned long long)(e->base + e->size - 1),
			memmap_type_name(e->type));
	}
}

void mm_init(void)
{
	print_memmap();
}

bool stack_guard_hit(unsigned long addr)
{
	unsigned long g = (unsigned long)boot_stack_guard;

	return addr >= g && addr < g + 4096;
}
