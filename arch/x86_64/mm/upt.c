// SPDX-License-Identifier: MIT
#include <umka/mm.h>
#include <umka/string.h>
#include <asm/mmu.h>
#include <asm/cpu.h>

#define USER_PML4_SLOTS 256

pte_t *upt_alloc(void)
{
	pte_t *pml4 = get_zeroed_page();
	pte_t *kernel = phys_to_virt(kernel_pml4_phys());

	if (pml4)
		memcpy(pml4 + USER_PML4_SLOTS, kernel + USER_PML4_SLOTS,
		       USER_PML4_SLOTS * sizeof(pte_t));
	return pml4;
}

static void free_level(pte_t *table, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!(table[i] & PTE_P))
			continue;
		if (level > 1)
			free_level(phys_to_virt(table[i] & PTE_ADDR_MASK),
				   level - 1);
		if (level > 0)
			free_pages_addr(phys_to_virt(table[i] & PTE_ADDR_MASK), 0);
	}
}

void upt_free(pte_t *pml4)
{
	for (int i = 0; i < USER_PML4_SLOTS; i++) {
		if (!(pml4[i] & PTE_P))
			continue;
		free_level(phys_to_virt(pml4[i] & PTE_ADDR_MASK), 2);
		free_pages_addr(phys_to_virt(pml4[i] & PTE_ADDR_MASK), 0);
	}
	free_pages_addr(pml4, 0);
}

static unsigned idx(unsigned long va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

pte_t *upt_walk(pte_t *pml4, unsigned long va, bool create)
{
	pte_t *t = pml4;

	for (int level = 3; level > 0; level--) {
		pte_t *e = &t[idx(va, level)];

		if (!(*e & PTE_P)) {
			pte_t *n;

			if (!create || !(n = get_zeroed_page()))
				return NULL;
			/* Intermediate levels allow everything; leaves decide. */
			*e = virt_to_phys(n) | PTE_P | PTE_W | PTE_U;
		}
		t = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &t[idx(va, 0)];
}

pte_t upt_make_pte(phys_addr_t pa, unsigned prot)
{
	pte_t e = pa | PTE_P | PTE_U;

	if (prot & UPROT_WRITE)
		e |= PTE_W;
	if (!(prot & UPROT_EXEC))
		e |= PTE_NX;
	return e;
}

void upt_activate(pte_t *pml4)
{
	phys_addr_t pa = virt_to_phys(pml4);

	if (read_cr3() != pa)
		write_cr3(pa);
}

void upt_flush_local(unsigned long va)
{
	invlpg(va);
}

/* The entries of a table (covering [base, base + 512 * span)) that
 * overlap [start, end): only those are visited. */
static void index_range(unsigned long base, unsigned long span,
			unsigned long start, unsigned long end, int *first,
			int *last)
{
	*first = start > base ? (int)((start - base) / span) : 0;
	*last = end - base >= 512 * span ? 511 : (int)((end - 1 - base) / span);
}

static void walk_range(pte_t *t, int level, unsigned long base,
		       unsigned long start, unsigned long end,
		       void (*fn)(pte_t *, unsigned long, void *), void *arg)
{
	unsigned long span = 1UL << (12 + 9 * level);
	int first, last;

	index_range(base, span, start, end, &first, &last);
	for (int i = first; i <= last; i++) {
		unsigned long lo = base + i * span;

		if (!(t[i] & PTE_P))
			continue;
		if (level == 0)
			fn(&t[i], lo, arg);
		else
			walk_range(phys_to_virt(t[i] & PTE_ADDR_MASK), level - 1,
				   lo, start, end, fn, arg);
	}
}

void upt_for_each(pte_t *pml4, unsigned long start, unsigned long end,
		  void (*fn)(pte_t *slot, unsigned long va, void *arg),
		  void *arg)
{
	int first, last;

	if (end > (unsigned long)USER_PML4_SLOTS << 39)
		end = (unsigned long)USER_PML4_SLOTS << 39;
	if (start >= end)
		return;
	index_range(0, 1UL << 39, start, end, &first, &last);
	for (int i = first; i <= last; i++) {
		unsigned long lo = (unsigned long)i << 39;

		if (!(pml4[i] & PTE_P))
			continue;
		walk_range(phys_to_virt(pml4[i] & PTE_ADDR_MASK), 2, lo, start,
			   end, fn, arg);
	}
}
