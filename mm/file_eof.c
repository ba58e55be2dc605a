// SPDX-License-Identifier: MIT
/*
 * Truncation and file mappings.  A file that shrinks takes back, in
 * every address space, the pages of its mappings wholly past the new
 * end: the file's own pages (VMA_SHM) and private copies (VMA_FILE_EOF),
 * even written ones, as Linux does.  Touching them again faults, SIGBUS
 * while the file is short.  Of the last, partial page, a private copy
 * not yet written goes too (on Linux it would still be the page cache's
 * page, whose tail truncation zeroes), so that its next fault reads the
 * zeros past the new end; a written copy stays as it is.
 *
 * There is no reverse map: the address spaces are found through the
 * task list, and only for files that some VMA maps (inode->i_mmap_count).
 * A fault that read a page before the truncation installs it only if the
 * inode's i_trunc_seq did not move meanwhile (mm/fault.c).  A fork copies
 * no page past the end, and if a truncation ran while the child was not
 * yet on the task list, the child checks its mappings itself.
 */
#include <umka/vm.h>
#include <umka/fs.h>
#include <umka/file.h>
#include <umka/file_map.h>
#include <umka/proc.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/printk.h>

#define NO_ROOM ((unsigned int)-1)

/* Atomic: truncations that looked for mappings. */
static u64 trunc_count;

/* Whether the file's size bounds @v. */
static bool eof_bound(const struct vma *v)
{
	return v->file && (v->flags & (VMA_SHM | VMA_FILE_EOF));
}

/* The address in @v of file offset @off, clamped to [start, end]. */
static unsigned long vma_addr_of(const struct vma *v, u64 off)
{
	if (off <= v->file_off)
		return v->start;
	if (off - v->file_off >= v->end - v->start)
		return v->end;
	return v->start + (off - v->file_off);
}

/*
 * Where the pages of @v that a file of @size cannot back start: *clean
 * is the start of the unwritten private copies to drop as well (the
 * partial last page), *all that of every page.
 */
static void eof_range(const struct vma *v, u64 size, unsigned long *clean,
		      unsigned long *all)
{
	*all = vma_addr_of(v, ALIGN_UP(size, PAGE_SIZE));
	*clean = v->flags & VMA_SHM ? *all :
		 vma_addr_of(v, ALIGN_DOWN(size, PAGE_SIZE));
}

void vma_eof_start(const struct vma *v, unsigned long *clean,
		   unsigned long *all)
{
	*clean = *all = v->end;
	if (eof_bound(v))
		eof_range(v, file_map_size(v->file), clean, all);
}

static void zap_vma_past(struct mm *mm, struct vma *v, u64 size)
{
	unsigned long clean, all;

	eof_range(v, size, &clean, &all);
	if (clean < all)
		zap_clean_range(mm, clean, all);
	if (all < v->end)
		zap_range(mm, all, v->end);
}

/* @inode NULL: every bounded VMA, by its own file's size. */
static void zap_mm_past_eof(struct mm *mm, struct inode *inode, u64 size)
{
	struct rb_node *n;

	mm_lock(mm);
	for (n = rb_first(&mm->vmas); n; n = rb_next(n)) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (!eof_bound(v) || (inode && v->file->f_inode != inode))
			continue;
		zap_vma_past(mm, v, inode ? size : file_map_size(v->file));
	}
	mm_unlock(mm);
}

static unsigned int count_mms(void)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	unsigned int n = 0;
	struct task *t;

	list_for_each_entry(t, task_list(), all_tasks)
		n += t->mm != NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

/*
 * Referenced address spaces of all tasks, each once, into @mms (@cap
 * slots); -1 if they do not fit.
 */
static int gather_mms(struct mm **mms, unsigned int cap)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	unsigned int n = 0;
	struct task *t;

	list_for_each_entry(t, task_list(), all_tasks) {
		bool seen = false;

		if (!t->mm)
			continue;
		for (unsigned int i = 0; i < n && !seen; i++)
			seen = mms[i] == t->mm;
		if (seen)
			continue;
		if (n == cap) {
			n = NO_ROOM;
			break;
		}
		mm_get(t->mm);
		mms[n++] = t->mm;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (n != NO_ROOM)
		return n;
	for (unsigned int i = 0; i < cap; i++)
		mm_put(mms[i]);
	return -1;
}

void unmap_file_past_eof(struct inode *inode, u64 size)
{
	struct mm **mms;
	int n;

	__atomic_add_fetch(&inode->i_trunc_seq, 1, __ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&inode->i_mmap_count, __ATOMIC_SEQ_CST))
		return;
	__atomic_add_fetch(&trunc_count, 1, __ATOMIC_SEQ_CST);
	do {
		unsigned int cap = count_mms() + 4;

		mms = kmalloc(cap * sizeof(*mms));
		if (!mms) {
			pr_warn("mm: no memory to unmap a truncated file\n");
			return;
		}
		n = gather_mms(mms, cap);
		if (n < 0)
			kfree(mms);
	} while (n < 0);
	for (int i = 0; i < n; i++) {
		zap_mm_past_eof(mms[i], inode, size);
		mm_put(mms[i]);
	}
	kfree(mms);
}

u64 file_trunc_count(void)
{
	return __atomic_load_n(&trunc_count, __ATOMIC_SEQ_CST);
}

void mm_recheck_file_eof(struct mm *mm, u64 count_before)
{
	if (mm && file_trunc_count() != count_before)
		zap_mm_past_eof(mm, NULL, 0);
}
