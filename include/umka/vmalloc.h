/* SPDX-License-Identifier: MIT */
/*
 * Virtually contiguous kernel memory, and device memory mappings.
 */
#ifndef UMKA_VMALLOC_H
#define UMKA_VMALLOC_H

#include <umka/types.h>

void *vmalloc(size_t size);
void vfree(void *addr);
/* Map device registers uncached; NULL on failure. */
void *ioremap(phys_addr_t phys, size_t size);
void iounmap(void *addr);

#endif
