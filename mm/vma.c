// SPDX-License-Identifier: MIT
/*
 * VMAs: the tree of mapped ranges of an address space.  Callers hold
 * mm->lock.  Mapping over an existing range first unmaps it, as Linux's
 * MAP_FIXED does; unmapping and protecting split VMAs at the edges.
 */
#include <umka/vm.h>
#include <umka/mm.h>
#include <umka/slab.h>
#include <umka/errno.h>
#include <umka/tlb.h>
#include <umka/page.h>
#include <umka/file_map.h>

struct vma *vma_find(struct mm *mm, unsigned long addr)
{
	struct rb_node *n = mm->vmas.rb_node;

	while (n) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (addr < v->start)
			n = n->rb_left;
		else if (addr >= v->end)
			n = n->rb_right;
		else
			return v;
	}
	return NULL;
}

/* The first VMA that ends above @addr. */
struct vma *vma_first_above(struct mm *mm, unsigned long addr)
{
	struct rb_node *n = mm->vmas.rb_node;
	struct vma *best = NULL;

	while (n) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (v->end > addr) {
			best = v;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

static void vma_insert(struct mm *mm, struct vma *v)
{
	struct rb_node **link = &mm->vmas.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (v->start < rb_entry(parent, struct vma, node)->start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&v->node, parent, link);
	rb_insert_color(&v->node, &mm->vmas);
}

/*
 * Pages unmapped from a range are freed only after every TLB that may
 * still map them has been flushed: until then another thread of this mm
 * could read or write a page that was already reused.
 */
#define ZAP_BATCH 64

struct zap {
	struct mm *mm;
	unsigned long start, end;
	unsigned int n;
	struct page *pages[ZAP_BATCH];
};

static void zap_flush(struct zap *z)
{
	flush_tlb_mm_range(z->mm, z->start, z->end);
	while (z->n)
		put_page(z->pages[--z->n]);
}

static void drop_pte(pte_t *slot, unsigned long va, void *arg)
{
	struct zap *z = arg;

	z->pages[z->n++] = phys_to_page(pte_phys(*slot));
	*slot = 0;
	z->mm->rss_pages--;
	if (z->n == ZAP_BATCH)
		zap_flush(z);
	(void)va;
}

/* Unmap the pages in [start, end), flush them from the TLBs, free them. */
void zap_range(struct mm *mm, unsigned long start, unsigned long end)
{
	struct zap z = { .mm = mm, .start = start, .end = end };

	upt_for_each(mm->pml4, start, end, drop_pte, &z);
	zap_flush(&z);
}

static void drop_clean_pte(pte_t *slot, unsigned long va, void *arg)
{
	if (!pte_dirty(*slot))
		drop_pte(slot, va, arg);
}

/* zap_range() for the pages of [start, end) never written through. */
void zap_clean_range(struct mm *mm, unsigned long start, unsigned long end)
{
	struct zap z = { .mm = mm, .start = start, .end = end };

	upt_for_each(mm->pml4, start, end, drop_clean_pte, &z);
	zap_flush(&z);
}

/* Split @v at @addr; the upper part becomes a new VMA. */
static struct vma *vma_split(struct mm *mm, struct vma *v, unsigned long addr)
{
	struct vma *hi = kmalloc(sizeof(*hi));

	if (!hi)
		return NULL;
	*hi = *v;
	hi->start = addr;
	if (v->file) {
		u64 skip = addr - v->start;

		hi->file_off = v->file_off + skip;
		hi->file_size = v->file_size > skip ? v->file_size - skip : 0;
		v->file_size = min(v->file_size, (u64)skip);
		file_get_for_vma(hi->file);
		file_map_account(hi->file, 1);
	}
	v->end = addr;
	vma_insert(mm, hi);
	return hi;
}

static void vma_free(struct mm *mm, struct vma *v)
{
	rb_erase(&v->node, &mm->vmas);
	if (v->file) {
		file_map_account(v->file, -1);
		mm_defer_fput(mm, v->file);
	}
	kfree(v);
}

/* Make [start, end) a union of whole VMAs by splitting at both ends. */
int split_edges(struct mm *mm, unsigned long start, unsigned long end)
{
	struct vma *v = vma_find(mm, start);

	if (v && v->start < start && !vma_split(mm, v, start))
		return -ENOMEM;
	v = vma_find(mm, end - 1);
	if (v && v->end > end && !vma_split(mm, v, end))
		return -ENOMEM;
	return 0;
}

int vma_unmap(struct mm *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len;
	struct vma *v;
	int err;

	if (!len)
		return 0;
	err = split_edges(mm, start, end);
	if (err)
		return err;
	while ((v = vma_first_above(mm, start)) && v->start < end) {
		zap_range(mm, v->start, v->end);
		vma_free(mm, v);
	}
	return 0;
}

int vma_map(struct mm *mm, unsigned long start, unsigned long len,
	    unsigned long flags, struct file *file, u64 off, u64 fsize)
{
	struct vma *v;
	int err = vma_unmap(mm, start, len);

	if (err)
		return err;
	v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->start = start;
	v->end = start + len;
	/* Private memory may always be made writable (shared: see mmap). */
	v->flags = flags | (flags & VMA_SHARED ? 0 : VMA_MAYWRITE);
	v->file = file;
	v->file_off = off;
	v->file_size = fsize;
	v->mm = mm;
	if (file) {
		file_get_for_vma(file);
		file_map_account(file, 1);
	}
	vma_insert(mm, v);
	return 0;
}

static unsigned prot_of(unsigned long flags)
{
	return (flags & VMA_WRITE ? UPROT_WRITE : 0) |
	       (flags & VMA_EXEC ? UPROT_EXEC : 0);
}

struct protect_args {
	struct vma *v;
};

static void reprotect_pte(pte_t *slot, unsigned long va, void *arg)
{
	struct vma *v = arg;
	struct page *pg = phys_to_page(pte_phys(*slot));
	unsigned prot = prot_of(v->flags);

	/* A page still shared copy-on-write must stay read-only. */
	if (!(v->flags & VMA_SHARED) && page_count(pg) > 1)
		prot &= ~UPROT_WRITE;
	if (prot & UPROT_EXEC)
		page_mark_exec(pg);
	/* Keep the dirty bit: truncation spares written private pages. */
	*slot = pte_copy_dirty(upt_make_pte(pte_phys(*slot), prot), *slot);
	(void)va;
}

bool vma_range_mapped(struct mm *mm, unsigned long start, unsigned long end)
{
	struct vma *v;

	for (unsigned long a = start; a < end; a = v->end) {
		v = vma_find(mm, a);
		if (!v)
			return false;
	}
	return true;
}

int vma_protect(struct mm *mm, unsigned long start, unsigned long len,
		unsigned long flags)
{
	unsigned long end = start + len, a;
	struct vma *v;
	int err;

	/* Linux: every page of the range must be mapped, else ENOMEM. */
	if (!vma_range_mapped(mm, start, end))
		return -ENOMEM;
	/* A shared map of a file opened read-only never becomes writable. */
	for (a = start; a < end; a = v->end) {
		v = vma_find(mm, a);
		if ((flags & VMA_WRITE) && !(v->flags & VMA_MAYWRITE))
			return -EACCES;
	}
	err = split_edges(mm, start, end);
	if (err)
		return err;
	for (a = start; a < end; a = v->end) {
		v = vma_find(mm, a);
		v->flags = (v->flags & ~(VMA_READ | VMA_WRITE | VMA_EXEC)) |
			   flags;
		upt_for_each(mm->pml4, v->start, v->end, reprotect_pte, v);
	}
	flush_tlb_mm_range(mm, start, end);
	return 0;
}

/* Top-down first fit below mmap_base. */
unsigned long vma_find_free(struct mm *mm, unsigned long len)
{
	unsigned long top = mm->mmap_base;
	struct rb_node *n = rb_last(&mm->vmas);

	for (; n; n = rb_prev(n)) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (v->start >= top)
			continue;
		if (top >= len + PAGE_SIZE && v->end <= top - len)
			return top - len;
		top = v->start;
		if (top < len + PAGE_SIZE)
			return 0;
	}
	return top >= len + PAGE_SIZE ? top - len : 0;
}

struct move_args {
	struct mm *mm;
	long delta;
	int err;
};

static void make_table(pte_t *slot, unsigned long va, void *arg)
{
	struct move_args *a = arg;

	if (!a->err && !upt_walk(a->mm->pml4, va + a->delta, true))
		a->err = -ENOMEM;
	(void)slot;
}

static void move_pte(pte_t *slot, unsigned long va, void *arg)
{
	struct move_args *a = arg;
	pte_t *dst = upt_walk(a->mm->pml4, va + a->delta, false);

	*dst = *slot;
	*slot = 0;
}

/*
 * mremap: move the whole VMA @v to @new_start (a free range), taking
 * its pages along.  The page tables at the destination are made first,
 * so nothing can fail half way.
 */
int vma_move(struct mm *mm, struct vma *v, unsigned long new_start)
{
	struct move_args a = { mm, (long)(new_start - v->start), 0 };
	unsigned long start = v->start, end = v->end;

	upt_for_each(mm->pml4, start, end, make_table, &a);
	if (a.err)
		return a.err;
	upt_for_each(mm->pml4, start, end, move_pte, &a);
	flush_tlb_mm_range(mm, start, end);
	rb_erase(&v->node, &mm->vmas);
	v->start = new_start;
	v->end = new_start + (end - start);
	vma_insert(mm, v);
	return 0;
}

/*
 * Pages mapped in all (for RLIMIT_AS) and in private writable data
 * mappings (RLIMIT_DATA: not shared, not the stack), leaving out
 * [skip_start, skip_end), a range about to be replaced.
 */
void mm_vm_pages(struct mm *mm, unsigned long skip_start,
		 unsigned long skip_end, u64 *total, u64 *data)
{
	struct rb_node *n;

	*total = *data = 0;
	for (n = rb_first(&mm->vmas); n; n = rb_next(n)) {
		struct vma *v = rb_entry(n, struct vma, node);
		unsigned long len = v->end - v->start;

		if (skip_start < v->end && v->start < skip_end)
			len -= min(v->end, skip_end) - max(v->start, skip_start);
		*total += len / PAGE_SIZE;
		if (vma_is_data(v->flags))
			*data += len / PAGE_SIZE;
	}
}
