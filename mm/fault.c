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
#include <umka/sched.h>
#include <umka/proc.h>
#include <umka/tlb.h>

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
	if (mm->stack_top - new_start > min(rlimit_cur(RLIMIT_STACK_RES),
					    (u64)USER_STACK_MAX * 128))
		return NULL;
	/* Keep a guard gap from whatever lies below. */
	if (vma_find(mm, new_start - PAGE_SIZE))
		return NULL;
	v->start = new_start;
	return v;
}

/*
 * File pages are read with mm->lock dropped (the VFS locks rank above
 * it): the fault returns NEED_READ with what to read, the caller reads
 * it into a page and retries, and the retry installs that page if the
 * mapping still wants exactly it.
 */
#define NEED_READ 1

struct file_read {
	struct file *file;	/* referenced while the read is pending */
	u64 off;
	size_t len;
	bool shared;		/* the file's own page, not a copy */
	u64 seq;		/* the file's truncation count before the read */
	struct page *page;	/* the page read, or NULL */
};

/* The page read for @v at file offset @off, unless truncated since. */
static bool got_page(struct file_read *fr, struct vma *v, u64 off)
{
	return fr && fr->page && fr->file == v->file && fr->off == off &&
	       fr->seq == file_map_seq(v->file);
}

static int map_page(struct mm *mm, struct vma *v, struct page *pg,
		    pte_t *slot)
{
	if (v->flags & VMA_EXEC)
		page_mark_exec(pg);
	*slot = upt_make_pte(page_to_phys(pg), prot_of(v));
	mm->rss_pages++;
	return 0;
}

static int map_new_page(struct mm *mm, struct vma *v, unsigned long va,
			pte_t *slot, struct file_read *fr)
{
	u64 off = va - v->start, fsize = v->file_size;
	struct page *pg;

	if (v->flags & VMA_SHM) {
		/* Shared: the file's page itself (SIGBUS past its end). */
		if (got_page(fr, v, v->file_off + off) && fr->shared) {
			pg = fr->page;
			fr->page = NULL;
			return map_page(mm, v, pg, slot);
		}
		if (!fr)
			return -EFAULT;
		fr->file = v->file;
		file_get_for_vma(fr->file);
		fr->off = v->file_off + off;
		fr->shared = true;
		return NEED_READ;
	}
	if (v->file && (v->flags & VMA_FILE_EOF)) {
		/* What the file holds from the VMA's start on, right now. */
		fsize = file_map_size(v->file);
		fsize = fsize > v->file_off ? fsize - v->file_off : 0;
		if (off >= ALIGN_UP(fsize, PAGE_SIZE))
			return -EIO;	/* wholly past the end: SIGBUS */
	}
	if (v->file && off < fsize) {
		if (got_page(fr, v, v->file_off + off) && !fr->shared) {
			pg = fr->page;
			fr->page = NULL;
			return map_page(mm, v, pg, slot);
		}
		if (!fr)
			return -EFAULT;
		fr->file = v->file;
		file_get_for_vma(fr->file);
		fr->off = v->file_off + off;
		fr->len = min((u64)PAGE_SIZE, fsize - off);
		fr->shared = false;
		return NEED_READ;
	}
	pg = alloc_pages(0);
	if (!pg)
		return -ENOMEM;
	memset(page_address(pg), 0, PAGE_SIZE);
	return map_page(mm, v, pg, slot);
}

static int break_cow(struct mm *mm, struct vma *v, unsigned long va,
		     pte_t *slot)
{
	struct page *old = phys_to_page(pte_phys(*slot)), *pg;

	if (page_count(old) == 1) {
		/* Last user: just take the page back writable. */
		*slot = upt_make_pte(pte_phys(*slot), prot_of(v));
		upt_flush_local(va);	/* elsewhere: a spurious fault at most */
		return 0;
	}
	pg = alloc_pages(0);
	if (!pg)
		return -ENOMEM;
	memcpy(page_address(pg), page_address(old), PAGE_SIZE);
	if (v->flags & VMA_EXEC)
		page_mark_exec(pg);
	*slot = upt_make_pte(page_to_phys(pg), prot_of(v));
	/* Other threads may still read the old page through their TLBs. */
	flush_tlb_mm_range(mm, va, va + PAGE_SIZE);
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
			  bool exec, bool force, struct file_read *fr)
{
	struct vma *v = vma_find(mm, addr);
	unsigned long va = addr & PAGE_MASK;
	pte_t *slot;

	if (!v)
		v = grow_stack(mm, addr);
	if (!v)
		return -EFAULT;
	if (!force && !allowed(v, write, exec))
		return -EACCES;
	slot = upt_walk(mm->pml4, va, true);
	if (!slot)
		return -ENOMEM;
	if (!pte_present(*slot)) {
		int err = map_new_page(mm, v, va, slot, fr);

		/* A private file page written at once is copied right away. */
		if (!err && write && !pte_writable(*slot) && (v->flags & VMA_WRITE))
			return break_cow(mm, v, va, slot);
		return err;
	}
	if (write && !pte_writable(*slot)) {
		if (v->flags & VMA_SHARED) {
			/* Shared pages are never copied: just allow the write. */
			*slot = upt_make_pte(pte_phys(*slot), prot_of(v));
			upt_flush_local(va);
			return 0;
		}
		return break_cow(mm, v, va, slot);
	}
	return 0;	/* another thread got here first */
}

static int read_file_page(struct file_read *fr)
{
	struct page *pg = alloc_pages(0);
	int err;

	if (!pg)
		return -ENOMEM;
	err = file_map_read(fr->file, page_address(pg), fr->len, fr->off);
	if (!err)
		memset((u8 *)page_address(pg) + fr->len, 0, PAGE_SIZE - fr->len);
	if (err)
		put_page(pg);
	else
		fr->page = pg;
	return err;
}

int handle_mm_fault(struct mm *mm, unsigned long addr, bool write, bool exec)
{
	struct file_read fr = { 0 };
	int err;

	for (int tries = 0; tries < 8; tries++) {
		mm_lock(mm);
		err = __handle_fault(mm, addr, write, exec, false, &fr);
		mm_unlock(mm);
		if (fr.page) {		/* read but no longer wanted */
			put_page(fr.page);
			fr.page = NULL;
		}
		if (err != NEED_READ)
			return err;
		fr.seq = file_map_seq(fr.file);
		if (fr.shared)
			err = file_map_page(fr.file, fr.off, &fr.page);
		else
			err = read_file_page(&fr);
		file_put_for_vma(fr.file);
		/* A shared file with no page there (or no room): SIGBUS. */
		if (err == -ENOSPC)
			err = -EIO;
		if (err)
			return err;
	}
	return -EFAULT;
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

		mm_lock(mm);
		slot = upt_walk(mm->pml4, va, false);
		if (!slot || !pte_present(*slot)) {
			/* Exec fills only anonymous VMAs this way. */
			err = __handle_fault(mm, dst, false, false, true, NULL);
			slot = upt_walk(mm->pml4, va, false);
			if (!err && (!slot || !pte_present(*slot)))
				err = -EFAULT;
		} else {
			err = 0;
		}
		if (!err)
			memcpy((u8 *)phys_to_virt(pte_phys(*slot)) + off, s,
			       chunk);
		mm_unlock(mm);
		if (err)
			return err;
		dst += chunk;
		s += chunk;
		n -= chunk;
	}
	return 0;
}

/*
 * Read user memory of another address space (procfs: cmdline, environ)
 * through the direct map.  Pages that are not present are not faulted
 * in: reading must not change the target, and a page never touched
 * holds nothing worth reporting.  Returns the bytes copied, which stop
 * at the first page that is not mapped.
 */
size_t mm_copy_from(struct mm *mm, void *dst, unsigned long src, size_t n)
{
	u8 *d = dst;
	size_t done = 0;

	mm_lock(mm);
	while (done < n) {
		unsigned long va = src & PAGE_MASK, off = src - va;
		size_t chunk = min(n - done, (size_t)(PAGE_SIZE - off));
		pte_t *slot = upt_walk(mm->pml4, va, false);

		if (!slot || !pte_present(*slot))
			break;
		memcpy(d + done, (u8 *)phys_to_virt(pte_phys(*slot)) + off,
		       chunk);
		done += chunk;
		src += chunk;
	}
	mm_unlock(mm);
	return done;
}

/*
 * Physical address behind a user address of @mm when it lies in a
 * MAP_SHARED mapping (other processes may map the page too); 0 when it
 * is private or unmapped.
 */
phys_addr_t mm_shared_phys(struct mm *mm, unsigned long addr)
{
	struct vma *v;
	phys_addr_t pa = 0;
	pte_t *slot;

	mm_lock(mm);
	v = vma_find(mm, addr);
	slot = v && (v->flags & VMA_SHARED) ?
		       upt_walk(mm->pml4, addr & PAGE_MASK, false) : NULL;
	if (slot && pte_present(*slot))
		pa = pte_phys(*slot) + (addr & ~PAGE_MASK);
	mm_unlock(mm);
	return pa;
}

/*
 * Fault in every missing page of a user buffer before a caller takes
 * locks that rank below the ones a file page-in needs (VFS reads and
 * writes hold inode and pipe locks while copying).  Pages are never
 * reclaimed, so the copy that follows cannot need a file page-in; if a
 * page is unmapped meanwhile it simply faults to -EFAULT.
 */
void fault_in_user_range(unsigned long start, size_t len)
{
	struct mm *mm = current->mm;
	unsigned long va, end;

	if (!mm || !len || start >= USER_TOP || len > USER_TOP - start)
		return;
	end = start + len;
	for (va = start & PAGE_MASK; va < end; va += PAGE_SIZE) {
		/*
		 * A lockless peek: page-table pages are only freed with the
		 * whole mm, and a stale answer just costs a spare fault.
		 */
		pte_t *slot = upt_walk(mm->pml4, va, false);
		bool present = slot && pte_present(READ_ONCE(*slot));

		if (!present && handle_mm_fault(mm, va, false, false))
			return;	/* the copy itself will report EFAULT */
	}
}
