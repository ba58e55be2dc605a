/* SPDX-License-Identifier: MIT */
/*
 * User page tables.  Each address space has its own PML4 whose upper
 * half is a copy of the kernel's (populated once at boot, so it never
 * changes) and whose lower half maps the process.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <umka/types.h>
#include <asm/pgtable.h>

/* Portable protection bits for user mappings. */
#define UPROT_READ 1
#define UPROT_WRITE 2
#define UPROT_EXEC 4

pte_t *upt_alloc(void);
/* Free the lower-half tables (not the pages they map). */
void upt_free(pte_t *pml4);
/* The leaf entry slot for va, creating tables if @create. */
pte_t *upt_walk(pte_t *pml4, unsigned long va, bool create);
pte_t upt_make_pte(phys_addr_t pa, unsigned prot);
void upt_activate(pte_t *pml4);
void upt_flush_local(unsigned long va);

static inline bool pte_present(pte_t e)
{
	return e & PTE_P;
}

static inline bool pte_writable(pte_t e)
{
	return e & PTE_W;
}

static inline phys_addr_t pte_phys(pte_t e)
{
	return e & PTE_ADDR_MASK;
}

/* Written through since mapped (the CPU sets D). */
static inline bool pte_dirty(pte_t e)
{
	return e & PTE_D;
}

/* @e with the dirty bit of @old. */
static inline pte_t pte_copy_dirty(pte_t e, pte_t old)
{
	return e | (old & PTE_D);
}

/* Clear W (for copy-on-write sharing). */
static inline pte_t pte_wrprotect(pte_t e)
{
	return e & ~PTE_W;
}

/* Visit every present leaf in [start, end): fn(slot, va, arg). */
void upt_for_each(pte_t *pml4, unsigned long start, unsigned long end,
		  void (*fn)(pte_t *slot, unsigned long va, void *arg),
		  void *arg);

#endif
