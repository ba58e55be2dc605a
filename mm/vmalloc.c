// SPDX-License-Identifier: MIT
#include <umka/vmalloc.h>
#include <asm/layout.h>

/*
 * Until paging_init() builds the real kernel page tables, the boot tables
 * map the low 4 GiB in the direct map; device registers live there.
 */
void *ioremap(phys_addr_t phys, size_t size)
{
	if (phys + size > (4ULL << 30))
		return NULL;
	return (void *)(DIRECT_MAP_BASE + phys);
}

void iounmap(void *addr)
{
	(void)addr;
}
