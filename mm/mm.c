// SPDX-License-Identifier: MIT
/*
 * Address-space lifetime: creation, fork's copy-on-write duplicate, and
 * teardown.  Also the user page-fault handler.
 */
#include <umka/vm.h>
#include <umka/mm.h>
#include <umka/slab.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/sched.h>
#include <umka/tlb.h>
#include <umka/panic.h>
#include <umka/printk.h>

struct deferred_fput {
	struct deferred_fput *next;
	struct file *file;
};

void mm_lock(struct mm *mm)
{
	mutex_lock(&mm->lock);
}

void mm_defer_fput(struct mm *mm, struct file *f)
{
	struct deferred_fput *d = kmalloc(sizeof(*d));

	if (!d) {
		/* No memory for the note: keep the file rather than deadlock. */
		pr_warn("mm: leaking a file reference (out of memory)\n");
		return;
	}
	d->file = f;
	d->next = mm->fput_list;
	mm->fput_list = d;
}

void mm_unlock(struct mm *mm)
{
	struct deferred_fput *d = mm->fput_list;

	mm->fput_list = NULL;
	mutex_unlock(&mm->lock);
	while (d) {
		struct deferred_fput *next = d->next;

		file_put_for_vma(d->file);
		kfree(d);
		d = next;
	}
}

struct mm *mm_alloc(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pml4 = upt_alloc();
	if (!mm->pml4) {
		kfree(mm);
		return NULL;
	}
	mutex_init(&mm->lock, "mm", LOCK_LEVEL_MM);
	mm->vmas = RB_ROOT;
	mm->mmap_base = USER_MMAP_BASE;
	mm->users = 1;
	return mm;
}

void mm_get(struct mm *mm)
{
	__atomic_fetch_add(&mm->users, 1, __ATOMIC_RELAXED);
}

static void mm_destroy(struct mm *mm)
{
	struct rb_node *n;

	mm_lock(mm);
	while ((n = rb_first(&mm->vmas))) {
		struct vma *v = rb_entry(n, struct vma, node);

		vma_unmap(mm, v->start, v->end - v->start);
	}
	mm_unlock(mm);
	upt_free(mm->pml4);
	kfree(mm);
}

void mm_put(struct mm *mm)
{
	if (mm && __atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL) == 0)
		mm_destroy(mm);
}

/* Kernel threads run on the kernel tables alone. */
void mm_activate(struct mm *mm)
{
	if (mm)
		upt_activate(mm->pml4);
	else
		upt_activate(phys_to_virt(kernel_pml4_phys()));
}

struct dup_args {
	struct mm *child;
	struct vma *vma;
	/* Past the file's end: unwritten pages from here, all from there. */
	unsigned long eof_clean, eof_all;
	int err;
};

/* Share one page with the child; private pages become copy-on-write. */
static void dup_pte(pte_t *slot, unsigned long va, void *arg)
{
	struct dup_args *a = arg;
	pte_t *dst, e = *slot;

	if (a->err)
		return;
	if (va >= a->eof_all || (va >= a->eof_clean && !pte_dirty(e)))
		return;		/* a truncation is taking it back */
	dst = upt_walk(a->child->pml4, va, true);
	if (!dst) {
		a->err = -ENOMEM;
		return;
	}
	if (!(a->vma->flags & VMA_SHARED)) {
		e = pte_wrprotect(e);
		*slot = e;
	}
	get_page(phys_to_page(pte_phys(e)));
	*dst = e;
	a->child->rss_pages++;
}

static int dup_vma(struct mm *child, struct mm *old, struct vma *v)
{
	struct dup_args a = { child, v, 0, 0, 0 };
	int err;

	if (v->flags & VMA_DONTCOPY)
		return 0;	/* MADV_DONTFORK */
	err = vma_map(child, v->start, v->end - v->start, v->flags,
		      v->file, v->file_off, v->file_size);
	if (err || (v->flags & VMA_WIPEONFORK))
		return err;	/* wiped: the child starts from zeros */
	vma_eof_start(v, &a.eof_clean, &a.eof_all);
	upt_for_each(old->pml4, v->start, v->end, dup_pte, &a);
	return a.err;
}

struct mm *mm_dup(struct mm *old)
{
	struct mm *mm = mm_alloc();
	struct rb_node *n;
	int err = 0;

	if (!mm)
		return NULL;
	mm_lock(old);
	for (n = rb_first(&old->vmas); n && !err; n = rb_next(n))
		err = dup_vma(mm, old, rb_entry(n, struct vma, node));
	mm->brk_start = old->brk_start;
	mm->brk = old->brk;
	mm->mmap_base = old->mmap_base;
	mm->stack_top = old->stack_top;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	/* The parent's writable PTEs just became read-only. */
	flush_tlb_mm_range(old, 0, USER_TOP);
	mm_unlock(old);
	if (err) {
		mm_put(mm);
		return NULL;
	}
	return mm;
}
