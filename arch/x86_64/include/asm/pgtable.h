/* SPDX-License-Identifier: MIT */
/*
 * Four-level x86-64 page tables.  The kernel half (PML4 slots 256..511)
 * is populated once at boot so every address space can share it by
 * copying those 256 entries.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <umka/types.h>

#define PTE_P BIT(0)
#define PTE_W BIT(1)
#define PTE_U BIT(2)
#define PTE_PWT BIT(3)
#define PTE_PCD BIT(4)
#define PTE_A BIT(5)
#define PTE_D BIT(6)
#define PTE_PS BIT(7)
#define PTE_G BIT(8)
#define PTE_NX BIT(63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

/* Protection sets for kernel mappings. */
#define PROT_KERNEL_RX (PTE_P | PTE_G)
#define PROT_KERNEL_RO (PTE_P | PTE_G | PTE_NX)
#define PROT_KERNEL_RW (PTE_P | PTE_W | PTE_G | PTE_NX)
#define PROT_KERNEL_MMIO (PTE_P | PTE_W | PTE_G | PTE_NX | PTE_PCD | PTE_PWT)

typedef u64 pte_t;

/* Map [va, va+size) to [pa, ...) in the kernel tables; 4 KiB pages. */
int kmap_range(unsigned long va, phys_addr_t pa, size_t size, u64 prot);
/* Unmap; returns the physical address that was mapped at va (or 0). */
phys_addr_t kunmap_page(unsigned long va);
/* The leaf entry for va in the kernel tables, or 0 if unmapped. */
pte_t kernel_pte(unsigned long va);
phys_addr_t kernel_pml4_phys(void);
u64 page_table_bytes(void);

void paging_init(void);
void paging_switch_allocator(void);
void cpu_enable_protections(void);
void cpu_enable_protections_ap(void);

#endif
