// SPDX-License-Identifier: MIT
/*
 * Advice and residency: madvise, msync, mincore, and the mlock family.
 * Memory is never paged out here, so locking only checks its arguments
 * and faults the pages in, msync has nothing to write back (shared file
 * maps are the file's own pages), and most advice changes nothing.
 *
 * Errors, as Linux:
 *   EINVAL  an unaligned address, unknown advice or flags, MS_SYNC with
 *           MS_ASYNC, MADV_FREE/MADV_WIPEONFORK on a non-private-anonymous
 *           mapping, mlockall(0)
 *   ENOMEM  part of the range is not mapped (the rest is still acted
 *           on), or an mlock beyond RLIMIT_MEMLOCK without root
 *   EFAULT  mincore's vector is not writable
 *   EPERM   mlock with RLIMIT_MEMLOCK 0 without root
 */
#include <umka/syscall.h>
#include <umka/vm.h>
#include <umka/sched.h>
#include <umka/proc.h>
#include <umka/errno.h>
#include <umka/page.h>
#include <umka/uaccess.h>

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_REMOVE 9
#define MADV_DONTFORK 10
#define MADV_DOFORK 11
#define MADV_MERGEABLE 12
#define MADV_UNMERGEABLE 13
#define MADV_HUGEPAGE 14
#define MADV_NOHUGEPAGE 15
#define MADV_DONTDUMP 16
#define MADV_DODUMP 17
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19
#define MADV_COLD 20
#define MADV_PAGEOUT 21
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#define MADV_DONTNEED_LOCKED 24
#define MADV_COLLAPSE 25

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

#define MLOCK_ONFAULT 1
#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4

#define RLIMIT_MEMLOCK 8

static bool advice_known(int a)
{
	return (a >= MADV_NORMAL && a <= MADV_DONTNEED) ||
	       (a >= MADV_FREE && a <= MADV_COLLAPSE);
}

static bool private_anon(const struct vma *v)
{
	return !v->file && !(v->flags & VMA_SHARED);
}

/* One VMA's part [start, end) of an madvise range; mm->lock held. */
static int advise_vma(struct mm *mm, struct vma *v, unsigned long start,
		      unsigned long end, int advice)
{
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_FREE:
		if (advice == MADV_FREE && !private_anon(v))
			return -EINVAL;
		/*
		 * Private pages go: the next touch finds zeros (or the
		 * file).  Shared pages stay in their file and come back.
		 */
		zap_range(mm, start, end);
		return 0;
	case MADV_REMOVE:
		return -EINVAL;	/* hole punching is not supported */
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK: {
		unsigned long flag = advice <= MADV_DOFORK ? VMA_DONTCOPY :
							     VMA_WIPEONFORK;
		int err;

		if (flag == VMA_WIPEONFORK && !private_anon(v))
			return -EINVAL;
		err = split_edges(mm, start, end);
		if (err)
			return err;
		v = vma_find(mm, start);
		if (advice == MADV_DONTFORK || advice == MADV_WIPEONFORK)
			v->flags |= flag;
		else
			v->flags &= ~flag;
		return 0;
	}
	default:
		return 0;	/* hints about paging: no paging here */
	}
}

/* The populate advice faults pages in with mm->lock dropped. */
static int populate(struct mm *mm, unsigned long start, unsigned long end,
		    bool write)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		int err = handle_mm_fault(mm, a, write, false);

		if (err)
			return err == -ENOMEM ? -ENOMEM : -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len, int, advice)
{
	struct mm *mm = current->mm;
	unsigned long end, a;
	int err = 0, e;

	if (!advice_known(advice))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	end = start + ALIGN_UP(len, PAGE_SIZE);
	if ((len && ALIGN_UP(len, PAGE_SIZE) == 0) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (end > USER_STACK_TOP)
		return -ENOMEM;
	if (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE) {
		mm_lock(mm);
		e = vma_range_mapped(mm, start, end) ? 0 : -ENOMEM;
		mm_unlock(mm);
		return e ? e : populate(mm, start, end,
					advice == MADV_POPULATE_WRITE);
	}
	mm_lock(mm);
	for (a = start; a < end;) {
		struct vma *v = vma_first_above(mm, a);
		unsigned long s, t;

		if (!v || v->start >= end) {
			err = -ENOMEM;	/* a gap up to the end */
			break;
		}
		if (v->start > a)
			err = -ENOMEM;	/* a gap, but carry on */
		s = max(a, v->start);
		t = min(end, v->end);
		e = advise_vma(mm, v, s, t, advice);
		if (e) {
			err = e;
			break;
		}
		a = t;
	}
	mm_unlock(mm);
	return err;
}

SYSCALL_DEFINE3(msync, unsigned long, start, size_t, len, int, flags)
{
	struct mm *mm = current->mm;
	unsigned long end;
	int err;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	end = start + ALIGN_UP(len, PAGE_SIZE);
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	mm_lock(mm);
	err = end <= USER_STACK_TOP && vma_range_mapped(mm, start, end) ?
	      0 : -ENOMEM;
	mm_unlock(mm);
	return err;
}

SYSCALL_DEFINE3(mincore, unsigned long, start, size_t, len,
		unsigned char __user *, vec)
{
	struct mm *mm = current->mm;
	unsigned long pages, i;
	unsigned char buf[64];
	int err = 0;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (start >= USER_STACK_TOP || len > USER_STACK_TOP - start)
		return -ENOMEM;
	pages = DIV_ROUND_UP(len, PAGE_SIZE);
	if (!access_ok(vec, pages))
		return -EFAULT;
	for (i = 0; i < pages && !err;) {
		unsigned int n = 0;

		mm_lock(mm);
		for (; n < sizeof(buf) && i < pages; n++, i++) {
			unsigned long a = start + i * PAGE_SIZE;
			struct vma *v = vma_find(mm, a);
			pte_t *slot;

			if (!v) {
				err = -ENOMEM;
				break;
			}
			/* File pages are always in memory (tmpfs, the cache). */
			slot = upt_walk(mm->pml4, a, false);
			buf[n] = v->file || (slot && pte_present(*slot));
		}
		mm_unlock(mm);
		if (!err && copy_to_user(vec + i - n, buf, n))
			err = -EFAULT;
	}
	return err;
}

/* mlock's range check and RLIMIT_MEMLOCK; pages are faulted in. */
static int do_mlock(unsigned long start, size_t len, bool lock)
{
	struct mm *mm = current->mm;
	unsigned long end;
	int err;

	len = ALIGN_UP(len + (start & ~PAGE_MASK), PAGE_SIZE);
	start &= PAGE_MASK;
	end = start + len;
	if (end < start || end > USER_STACK_TOP)
		return -ENOMEM;
	if (lock && current->cred.euid != 0) {
		u64 limit = rlimit_cur(RLIMIT_MEMLOCK);

		if (!limit)
			return -EPERM;
		if (len > limit)
			return -ENOMEM;
	}
	if (!len)
		return 0;
	mm_lock(mm);
	err = vma_range_mapped(mm, start, end) ? 0 : -ENOMEM;
	mm_unlock(mm);
	if (err || !lock)
		return err;
	for (unsigned long a = start; a < end; a += PAGE_SIZE)
		handle_mm_fault(mm, a, false, false);	/* PROT_NONE: skip */
	return 0;
}

SYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)
{
	return do_mlock(start, len, true);
}

SYSCALL_DEFINE3(mlock2, unsigned long, start, size_t, len, int, flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(start, len, true);
}

SYSCALL_DEFINE2(munlock, unsigned long, start, size_t, len)
{
	return do_mlock(start, len, false);
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	if (current->cred.euid != 0 && !rlimit_cur(RLIMIT_MEMLOCK))
		return -EPERM;
	return 0;
}

SYSCALL_DEFINE0(munlockall)
{
	return 0;
}
