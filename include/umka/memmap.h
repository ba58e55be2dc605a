/* SPDX-License-Identifier: MIT */
/*
 * The physical memory map, E820-style.  memmap_sanitize() turns whatever
 * firmware or boot loader gave us into sorted, non-overlapping,
 * page-aligned ranges; it is portable and host-tested.
 */
#ifndef UMKA_MEMMAP_H
#define UMKA_MEMMAP_H

#include <umka/types.h>

enum memmap_type {
	MEMMAP_USABLE = 1,
	MEMMAP_RESERVED = 2,
	MEMMAP_ACPI_RECLAIM = 3,
	MEMMAP_ACPI_NVS = 4,
	MEMMAP_BAD = 5,
};

struct memmap_entry {
	u64 base;
	u64 size;
	u32 type;
};

/*
 * Sort, clip and merge in place.  Where ranges overlap, the more
 * restrictive type wins (anything beats USABLE).  Usable ranges shrink to
 * whole pages; empty and wrapping entries are dropped.  Returns the new
 * count, at most @max (entries past @max are dropped, and the function
 * reports that through *dropped if it is not NULL).
 */
unsigned int memmap_sanitize(struct memmap_entry *map, unsigned int count,
			     unsigned int max, unsigned int *dropped);
u64 memmap_usable_bytes(const struct memmap_entry *map, unsigned int count);
const char *memmap_type_name(u32 type);

#endif
