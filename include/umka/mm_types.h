/* SPDX-License-Identifier: MIT */
/*
 * User address spaces.  An mm is a set of non-overlapping VMAs in a
 * red-black tree keyed by start address, plus the page tables that map
 * what has been touched.  Pages are mapped lazily by the fault handler;
 * private writable pages shared after fork are copied on first write.
 */
#ifndef UMKA_MM_TYPES_H
#define UMKA_MM_TYPES_H

#include <umka/types.h>
#include <umka/rbtree.h>
#include <umka/mutex.h>
#include <asm/mmu.h>

struct file;
struct deferred_fput;

/* vma->flags */
#define VMA_READ 0x1
#define VMA_WRITE 0x2
#define VMA_EXEC 0x4
#define VMA_SHARED 0x8
#define VMA_MAYWRITE 0x10	/* mprotect may add VMA_WRITE */
#define VMA_GROWSDOWN 0x100
#define VMA_STACK 0x200
#define VMA_HEAP 0x400
#define VMA_DONTCOPY 0x800	/* MADV_DONTFORK: not in a fork child */
#define VMA_WIPEONFORK 0x1000	/* MADV_WIPEONFORK: zero in a fork child */
#define VMA_LOCKED 0x2000	/* mlock */
#define VMA_SHM 0x4000		/* shared: the file's own pages are mapped */
/*
 * mmap of a file: the file's current size bounds it (pages wholly past
 * the end fault SIGBUS, the last partial page reads zeros beyond), and
 * truncation takes back the pages past the new end (for private ones,
 * those not yet written).  ELF segments lack it: their bss follows the
 * file part in the same VMA.
 */
#define VMA_FILE_EOF 0x8000

struct vma {
	struct rb_node node;
	unsigned long start, end;	/* [start, end), page aligned */
	unsigned long flags;
	struct file *file;		/* NULL: anonymous */
	u64 file_off;			/* offset of start in the file */
	u64 file_size;			/* bytes of file content mapped */
	struct mm *mm;
};

struct mm {
	/* Guarded by lock: the VMA tree and the page tables. */
	struct mutex lock;
	struct rb_root vmas;
	pte_t *pml4;
	unsigned long brk_start, brk;
	unsigned long mmap_base;	/* top-down search starts here */
	unsigned long stack_top;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long start_code, end_code, start_data, end_data;
	/*
	 * Files whose last VMA went away under lock: released by
	 * mm_unlock(), because closing a file takes VFS locks that rank
	 * above mm->lock.
	 */
	struct deferred_fput *fput_list;
	/* Atomic. */
	int users;			/* tasks sharing this mm */
	u64 rss_pages;
};

#endif
