/* SPDX-License-Identifier: MIT */
/*
 * What the boot loader told us, in one protocol-neutral form.  The arch
 * code fills it from PVH or Multiboot2 before anything else runs.
 */
#ifndef UMKA_BOOT_H
#define UMKA_BOOT_H

#include <umka/types.h>
#include <umka/memmap.h>

#define CMDLINE_MAX 4096
#define BOOT_MEMMAP_MAX 128

struct boot_info {
	const char *loader;		/* "PVH", "Multiboot2" */
	char cmdline[CMDLINE_MAX];
	bool cmdline_truncated;
	struct memmap_entry memmap[BOOT_MEMMAP_MAX];
	unsigned int memmap_count;
	phys_addr_t initrd_base;
	u64 initrd_size;
	phys_addr_t rsdp;		/* 0: search the BIOS areas */
};

extern struct boot_info boot_info;

void start_kernel(void) __attribute__((noreturn));

#endif
