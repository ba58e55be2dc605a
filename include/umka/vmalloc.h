/* SPDX-License-Identifier: MIT */
/*
 * Virtually contiguous kernel memory, and device memory mappings.
 */
#ifndef UMKA_VMALLOC_H
#define UMKA_VMALLOC_H

#include <umka/types.h>

void *vmalloc(size_t size);
void vfree(void *addr);
/* Protections for vmalloc_protect(). */
enum vm_prot {
	VM_PROT_RW,	/* read-write, never executable */
	VM_PROT_RO,
	VM_PROT_RX,	/* read-execute: loaded driver code */
};
/*
 * Changes the protection of the whole pages in [addr, addr + len) of a
 * vmalloc area (driver images: text RX, constants RO).  0 or -EINVAL.
 */
int vmalloc_protect(void *addr, size_t len, enum vm_prot prot);
/* Map device registers uncached; NULL on failure. */
void *ioremap(phys_addr_t phys, size_t size);
void iounmap(void *addr);

#endif
