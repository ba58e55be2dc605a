// SPDX-License-Identifier: MIT
/*
 * User page faults: demand-zero and file pages on first touch,
 * copy-on-write on the first write to a shared private page, and stack
 * growth below a VMA_GROWSDOWN mapping.
 */
#include <umka/vm.h>
#include <umka/mm.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/file_map.h>

static unsigned prot_of(const struct vma *v)
{
	return (v->flags & VMA_WRITE ? UPROT_WRITE : 0) |
	       (v->flags & VMA_EXEC ? UPROT_EXEC : 0);
}

/* Grow the stack VMA down to cover @addr, within RLIMIT_STACK. */
static struct vma *grow_stack(struct mm *mm, unsigned long addr)
{
	struct vma *v = vma_first_above(mm, addr);
	unsigned long new_start = addr & PAGE_MASK;

	if (!v || !(v->flags & VMA_GROWSDOWN) || v->start <= addr)
		return NULL;
	if (mm->stack_top - new_start > USER_STACK_MAX)
		return NULL;
	/* Keep a guard gap from whatever lies below. */
	if (vma_find(mm, new_start - PAGE_SIZE))
		return NULL;
	v->start = new_start;
	return v;
}

/* Fill a fresh page with what the VMA says belongs at @va. */
static int fill_page(struct vma *v, unsigned long va, void *kaddr)
{
	u64 off = va - v->start;

	memset(kaddr, 0, PAGE_SIZE);
	if (!v->file || off >= v->file_size)
		return 0;
	return file_map_read(v->file, kaddr,
			     min((u64)PAGE_SIZE, v->file_size - off),
			     v->file_off + off);
}

static int map_new_page(struct mm *mm, struct vma *v, unsigned long va,
			pte_t *slot)
{
	struct page *pg = alloc_pages(0);
	int err;

	if (!pg)
		return -ENOMEM;
	err = fill_page(v, va, page_address(pg));
	if (err) {
		put_page(pg);
		return err;
	}
	*slot = upt_make_pte(page_to_phys(pg), prot_of(v));
	mm->rss_pages++;
	return 0;
}

static int break_cow(struct vma *v, unsigned long va, pte_t *slot)
{
	struct page *old = phys_to_page(pte_phys(*slot)), *pg;

	if (page_count(old) == 1) {
		/* Last user: just take the page back writable. */
		*slot = upt_make_pte(pte_phys(*slot), prot_of(v));
		upt_flush_local(va);
		return 0;
	}
	pg = alloc_pages(0);
	if (!pg)
		return -ENOMEM;
	memcpy(page_address(pg), page_address(old), PAGE_SIZE);
	*slot = upt_make_pte(page_to_phys(pg), prot_of(v));
	upt_flush_local(va);
	put_page(old);
	return 0;
}

static bool allowed(const struct vma *v, bool write, bool exec)
{
	if (write)
		return v->flags & VMA_WRITE;
	if (exec)
		return v->flags & VMA_EXEC;
	return v->flags & (VMA_READ | VMA_WRITE | VMA_EXEC);
}

static int __handle_fault(struct mm *mm, unsigned long addr, bool write,
			  bool exec, bool force)
{
	struct vma *v = vma_find(mm, addr);
	unsigned long va = addr & PAGE_MASK;
	pte_t *slot;

	if (!v)
		v = grow_stack(mm, addr);
	if (!v || (!force && !allowed(v, write, exec)))
		return -EFAULT;
	slot = upt_walk(mm->pml4, va, true);
	if (!slot)
		return -ENOMEM;
	if (!pte_present(*slot))
		return map_new_page(mm, v, va, slot);
	if (write && !pte_writable(*slot))
		return break_cow(v, va, slot);
	return 0;	/* another thread got here first */
}

int handle_mm_fault(struct mm *mm, unsigned long addr, bool write, bool exec)
{
	int err;

	mutex_lock(&mm->lock);
	err = __handle_fault(mm, addr, write, exec, false);
	mutex_unlock(&mm->lock);
	return err;
}

/*
 * Write into a fresh @mm (exec: not the current one, never shared by
 * fork yet) through the direct map, so read-only segments can be filled.
 */
int mm_copy_to(struct mm *mm, unsigned long dst, const void *src, size_t n)
{
	const u8 *s = src;

	while (n) {
		unsigned long va = dst & PAGE_MASK, off = dst - va;
		size_t chunk = min(n, (size_t)(PAGE_SIZE - off));
		pte_t *slot;
		int err;

		mutex_lock(&mm->lock);
		slot = upt_walk(mm->pml4, va, false);
		if (!slot || !pte_present(*slot)) {
			err = __handle_fault(mm, dst, false, false, true);
			slot = upt_walk(mm->pml4, va, false);
			if (!err && (!slot || !pte_present(*slot)))
				err = -EFAULT;
		} else {
			err = 0;
		}
		if (!err)
			memcpy((u8 *)phys_to_virt(pte_phys(*slot)) + off, s,
			       chunk);
		mutex_unlock(&mm->lock);
		if (err)
			return err;
		dst += chunk;
		s += chunk;
		n -= chunk;
	}
	return 0;
}

/* Physical address behind a user address of @mm, or 0 if unmapped. */
phys_addr_t mm_user_phys(struct mm *mm, unsigned long addr)
{
	phys_addr_t pa = 0;
	pte_t *slot;

	mutex_lock(&mm->lock);
	slot = upt_walk(mm->pml4, addr & PAGE_MASK, false);
	if (slot && pte_present(*slot))
		pa = pte_phys(*slot) + (addr & ~PAGE_MASK);
	mutex_unlock(&mm->lock);
	return pa;
}
