/* SPDX-License-Identifier: MIT */
/* Operations on user address spaces (mm/). */
#ifndef UMKA_VM_H
#define UMKA_VM_H

#include <umka/mm_types.h>

#define USER_STACK_TOP 0x00007ffffffff000UL
#define USER_MMAP_BASE 0x00007ffff7fff000UL
#define USER_STACK_MAX (8UL << 20)	/* RLIMIT_STACK default */
#define USER_PIE_BASE 0x0000555555554000UL

struct inode;

struct mm *mm_alloc(void);
void mm_lock(struct mm *mm);
/* Unlock, then drop file references that VMA teardown left behind. */
void mm_unlock(struct mm *mm);
/* Hand a file reference to mm_unlock(); mm->lock held. */
void mm_defer_fput(struct mm *mm, struct file *f);
/* fork: a copy-on-write duplicate of @old. */
struct mm *mm_dup(struct mm *old);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);
void mm_activate(struct mm *mm);

struct vma *vma_find(struct mm *mm, unsigned long addr);
struct vma *vma_first_above(struct mm *mm, unsigned long addr);
/* Map [start, start+len) with @flags; replaces what was there. */
int vma_map(struct mm *mm, unsigned long start, unsigned long len,
	    unsigned long flags, struct file *file, u64 off, u64 fsize);
int vma_unmap(struct mm *mm, unsigned long start, unsigned long len);
int vma_protect(struct mm *mm, unsigned long start, unsigned long len,
		unsigned long flags);
/* Split VMAs so that [start, end) is made of whole ones. */
int split_edges(struct mm *mm, unsigned long start, unsigned long end);
/* Drop the pages of [start, end) (the VMAs stay). */
void zap_range(struct mm *mm, unsigned long start, unsigned long end);
/* The same for the pages never written through (not dirty). */
void zap_clean_range(struct mm *mm, unsigned long start, unsigned long end);
/*
 * A file shrank to @size: take back the pages of its mappings past the
 * new end (VMA_FILE_EOF and VMA_SHM ones) in every address space.
 * Called after the size changed.
 */
void unmap_file_past_eof(struct inode *inode, u64 size);
/*
 * fork: the truncation count before mm_dup(), and the check once the
 * child is visible to unmap_file_past_eof(), which takes back in the
 * child what a truncation meanwhile left there.
 */
u64 file_trunc_count(void);
/*
 * Where the pages of @v that its file cannot back start (v->end if
 * none): *all for every page, *clean for unwritten private copies too.
 */
void vma_eof_start(const struct vma *v, unsigned long *clean,
		   unsigned long *all);
void mm_recheck_file_eof(struct mm *mm, u64 count_before);
/* Whether every page of [start, end) is in some VMA. */
bool vma_range_mapped(struct mm *mm, unsigned long start, unsigned long end);
/* Move the whole VMA @v, with its pages, to the free @new_start. */
int vma_move(struct mm *mm, struct vma *v, unsigned long new_start);
/* What RLIMIT_DATA counts: private writable memory but the stack. */
static inline bool vma_is_data(unsigned long flags)
{
	return (flags & (VMA_WRITE | VMA_SHARED | VMA_STACK | VMA_GROWSDOWN)) ==
	       VMA_WRITE;
}
/* Pages mapped, and data pages, outside [skip_start, skip_end). */
void mm_vm_pages(struct mm *mm, unsigned long skip_start,
		 unsigned long skip_end, u64 *total, u64 *data);
/*
 * RLIMIT_AS and RLIMIT_DATA: may @len more bytes with @flags be mapped
 * (replacing [skip_start, skip_end))?  mm->lock held.
 */
bool may_expand_vm(struct mm *mm, unsigned long flags, unsigned long len,
		   unsigned long skip_start, unsigned long skip_end);
/* A free range of @len below the mmap base, or 0. */
unsigned long vma_find_free(struct mm *mm, unsigned long len);

/*
 * Resolve a user fault; 0 if handled, else -EFAULT (nothing mapped
 * there: SEGV_MAPERR), -EACCES (the mapping forbids the access:
 * SEGV_ACCERR), -EIO (a file mapping beyond the end of its file:
 * SIGBUS) or -ENOMEM.
 */
int handle_mm_fault(struct mm *mm, unsigned long addr, bool write,
		    bool exec);
/* Copy into user memory of @mm, faulting pages in (exec's stack setup). */
int mm_copy_to(struct mm *mm, unsigned long dst, const void *src,
	       size_t n);

/*
 * Copy from user memory of @mm, which need not be current's, without
 * faulting anything in; returns the bytes copied (short at the first
 * page not present).  Takes mm->lock.
 */
size_t mm_copy_from(struct mm *mm, void *dst, unsigned long src, size_t n);

phys_addr_t mm_shared_phys(struct mm *mm, unsigned long addr);
void fault_in_user_range(unsigned long start, size_t len);

/* References held by file-backed VMAs (fs/ provides the files). */
void file_get_for_vma(struct file *f);
void file_put_for_vma(struct file *f);
/* Flush [start, end) of @mm from every CPU that may cache it. */
void flush_tlb_mm_range(struct mm *mm, unsigned long start,
			unsigned long end);

#endif
