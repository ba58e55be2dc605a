/* SPDX-License-Identifier: MIT */
/* Interfaces between the files of mm/ only. */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <umka/types.h>

void bootmem_reserve(phys_addr_t lo, phys_addr_t hi);
bool bootmem_is_taken(phys_addr_t pa);
u64 bootmem_bytes_taken(void);
void bootmem_close(void);

void page_alloc_init(void);
void kmalloc_init(void);
void vmalloc_init(void);
u64 vmalloc_bytes(void);
bool vmalloc_guard_hit(unsigned long addr);
u64 page_alloc_free_pages(void);
u64 page_alloc_managed_pages(void);

#endif
