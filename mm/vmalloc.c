// SPDX-License-Identifier: MIT
/*
 * vmalloc space: virtually contiguous mappings of scattered pages, and
 * device-register mappings.  Every area starts with an unmapped guard
 * page, so running off the bottom of an area (a kernel stack, say) faults
 * instead of corrupting the neighbour.  Areas are kept in a sorted list;
 * there are few of them.
 */
#include <umka/vmalloc.h>
#include <umka/errno.h>
#include <umka/mm.h>
#include <umka/slab.h>
#include <umka/list.h>
#include <umka/spinlock.h>
#include <umka/printk.h>
#include <umka/tlb.h>
#include <asm/pgtable.h>
#include <asm/layout.h>
#include "internal.h"

struct vm_area {
	struct list_head list;
	unsigned long start;	/* the guard page */
	size_t size;		/* guard + mapped pages */
	bool owns_pages;	/* vmalloc: free the frames on vfree */
};

static LIST_HEAD(areas);
static DEFINE_SPINLOCK(vmalloc_lock, LOCK_LEVEL_VMALLOC);
static u64 vmalloc_mapped;

/* First fit in the sorted list; returns the area or NULL. */
static struct vm_area *area_alloc(size_t size)
{
	struct vm_area *a = kmalloc(sizeof(*a)), *cur;
	unsigned long start = VMALLOC_BASE, flags;

	if (!a)
		return NULL;
	a->size = size + PAGE_SIZE;
	flags = spin_lock_irqsave(&vmalloc_lock);
	list_for_each_entry(cur, &areas, list) {
		if (cur->start - start >= a->size)
			break;
		start = cur->start + cur->size;
	}
	if (start + a->size > VMALLOC_END || start + a->size < start) {
		spin_unlock_irqrestore(&vmalloc_lock, flags);
		kfree(a);
		return NULL;
	}
	a->start = start;
	/* Insert before cur (or at the tail when the loop ran out). */
	list_add_tail(&a->list, &cur->list);
	spin_unlock_irqrestore(&vmalloc_lock, flags);
	return a;
}

static struct vm_area *area_find(unsigned long addr)
{
	struct vm_area *a;

	list_for_each_entry(a, &areas, list)
		if (addr >= a->start && addr < a->start + a->size)
			return a;
	return NULL;
}

#define UNMAP_BATCH 32

static void free_batch(const phys_addr_t *pa, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		free_pages(phys_to_page(pa[i]), 0);
		__atomic_fetch_sub(&vmalloc_mapped, PAGE_SIZE, __ATOMIC_RELAXED);
	}
}

/*
 * Pages go back to the allocator only after every CPU's TLB has dropped
 * them: until then another CPU could still write through a stale entry.
 */
static void area_unmap(struct vm_area *a)
{
	unsigned long va = a->start + PAGE_SIZE, end = a->start + a->size;
	unsigned long from = va;
	phys_addr_t batch[UNMAP_BATCH];
	unsigned int n = 0;

	for (; va < end; va += PAGE_SIZE) {
		phys_addr_t pa = kunmap_page(va);

		if (pa && a->owns_pages)
			batch[n++] = pa;
		if (n == UNMAP_BATCH) {
			flush_tlb_kernel_range(from, va + PAGE_SIZE);
			free_batch(batch, n);
			from = va + PAGE_SIZE;
			n = 0;
		}
	}
	flush_tlb_kernel_range(from, end);
	free_batch(batch, n);
}

static void area_free(struct vm_area *a)
{
	unsigned long flags;

	area_unmap(a);
	flags = spin_lock_irqsave(&vmalloc_lock);
	list_del(&a->list);
	spin_unlock_irqrestore(&vmalloc_lock, flags);
	kfree(a);
}

void *vmalloc(size_t size)
{
	struct vm_area *a;
	unsigned long va;

	if (!size)
		return NULL;
	size = ALIGN_UP(size, PAGE_SIZE);
	a = area_alloc(size);
	if (!a)
		return NULL;
	a->owns_pages = true;
	for (va = a->start + PAGE_SIZE; va < a->start + a->size;
	     va += PAGE_SIZE) {
		struct page *pg = alloc_pages(0);

		if (!pg || kmap_range(va, page_to_phys(pg), PAGE_SIZE,
				      PROT_KERNEL_RW)) {
			free_pages(pg, 0);
			area_free(a);
			return NULL;
		}
		__atomic_fetch_add(&vmalloc_mapped, PAGE_SIZE,
				   __ATOMIC_RELAXED);
	}
	return (void *)(a->start + PAGE_SIZE);
}

int vmalloc_protect(void *addr, size_t len, enum vm_prot prot)
{
	static const u64 pte_prot[] = {
		[VM_PROT_RW] = PROT_KERNEL_RW,
		[VM_PROT_RO] = PROT_KERNEL_RO,
		[VM_PROT_RX] = PROT_KERNEL_RX,
	};
	unsigned long va = (unsigned long)addr, end = va + len;
	unsigned long flags;
	struct vm_area *a;

	flags = spin_lock_irqsave(&vmalloc_lock);
	a = area_find(va);
	spin_unlock_irqrestore(&vmalloc_lock, flags);
	if (!a || !a->owns_pages || va % PAGE_SIZE || end < va ||
	    va < a->start + PAGE_SIZE || end > a->start + a->size)
		return -EINVAL;
	for (; va < end; va += PAGE_SIZE) {
		phys_addr_t pa = kernel_pte(va) & PTE_ADDR_MASK;

		if (prot == VM_PROT_RX)
			page_mark_exec(phys_to_page(pa));
		kmap_range(va, pa, PAGE_SIZE, pte_prot[prot]);
	}
	flush_tlb_kernel_range((unsigned long)addr, end);
	return 0;
}

static void area_release(void *addr)
{
	unsigned long flags;
	struct vm_area *a;

	if (!addr)
		return;
	flags = spin_lock_irqsave(&vmalloc_lock);
	a = area_find((unsigned long)addr);
	spin_unlock_irqrestore(&vmalloc_lock, flags);
	if (!a || (unsigned long)addr != a->start + PAGE_SIZE) {
		pr_err("vfree/iounmap: %p is not a mapping start\n", addr);
		return;
	}
	area_free(a);
}

void vfree(void *addr)
{
	area_release(addr);
}

void *ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t base = ALIGN_DOWN(phys, PAGE_SIZE);
	size_t len = ALIGN_UP(phys + size, PAGE_SIZE) - base;
	struct vm_area *a;

	if (!size || phys + size < phys)
		return NULL;
	a = area_alloc(len);
	if (!a)
		return NULL;
	a->owns_pages = false;
	if (kmap_range(a->start + PAGE_SIZE, base, len, PROT_KERNEL_MMIO)) {
		area_free(a);
		return NULL;
	}
	return (void *)(a->start + PAGE_SIZE + (phys - base));
}

void iounmap(void *addr)
{
	area_release((void *)ALIGN_DOWN((unsigned long)addr, PAGE_SIZE));
}

/* Is addr in the guard page of some vmalloc area? (stack overflow check) */
bool vmalloc_guard_hit(unsigned long addr)
{
	struct vm_area *a;

	if (addr < VMALLOC_BASE || addr >= VMALLOC_END)
		return false;
	/* Lockless on purpose: we may be in a fault handler on a dying CPU. */
	a = area_find(addr);
	return a && addr < a->start + PAGE_SIZE;
}

u64 vmalloc_bytes(void)
{
	return vmalloc_mapped;
}
