/* SPDX-License-Identifier: MIT */
/* Physical <-> virtual conversion for the direct map and the image. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <umka/types.h>
#include <asm/layout.h>

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + DIRECT_MAP_BASE);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= KERNEL_VIRT_BASE)
		return v - KERNEL_VIRT_BASE;
	return v - DIRECT_MAP_BASE;
}

#endif
