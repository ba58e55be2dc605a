/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 virtual memory layout.  See docs/memory-layout.md.
 * Usable from C and assembly.
 */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

/* The kernel image is linked in the top 2 GiB (-mcmodel=kernel). */
#define KERNEL_VIRT_BASE 0xffffffff80000000
/* Physical load address of the image: 2 MiB, so large pages line up. */
#define KERNEL_PHYS_BASE 0x200000
/* All of RAM is mapped here (PML4 slot 273, as Linux does). */
#define DIRECT_MAP_BASE 0xffff888000000000
#define DIRECT_MAP_PML4 273
#define DIRECT_MAP_SIZE (64UL << 40)
/* vmalloc space: 32 TiB starting at PML4 slot 402. */
#define VMALLOC_BASE 0xffffc90000000000
#define VMALLOC_END 0xffffe90000000000
/* Lowest kernel address; everything below it belongs to user space. */
#define USER_TOP 0x00007ffffffff000

#define KERNEL_STACK_SIZE 16384

#endif
