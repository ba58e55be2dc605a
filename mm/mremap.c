// SPDX-License-Identifier: MIT
/*
 * mremap: shrink a mapping in place, grow it in place when the pages
 * after it are free, or (MREMAP_MAYMOVE) move it, pages and all, to a
 * free range or (MREMAP_FIXED) to a given one, replacing what is there.
 * An old size of 0 on a shared mapping makes a second mapping of the
 * same file (shared anonymous memory is a tmpfs file too) from that
 * address on, new size long, leaving the first in place: the two show
 * the same pages.
 *
 * Errors, as Linux:
 *   EINVAL  unaligned old or new address, unknown flags, MREMAP_FIXED
 *           without MREMAP_MAYMOVE, a new size of 0, overlapping old and
 *           new ranges, old size 0 on a private mapping,
 *           MREMAP_DONTUNMAP (not supported)
 *   EFAULT  nothing mapped at the old address, or the old range runs
 *           past the end of its mapping
 *   ENOMEM  no room to grow in place and not allowed to move, or no
 *           free range to move to
 */
#include <umka/syscall.h>
#include <umka/vm.h>
#include <umka/sched.h>
#include <umka/errno.h>
#include <umka/page.h>
#include <umka/file_map.h>
#include <umka/err.h>

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

static bool in_user(unsigned long addr, unsigned long len)
{
	return addr < USER_STACK_TOP && len <= USER_STACK_TOP - addr;
}

/* The VMA holding [addr, addr + old_len), or an ERR_PTR. */
static struct vma *vma_to_resize(struct mm *mm, unsigned long addr,
				 unsigned long old_len)
{
	struct vma *v = vma_find(mm, addr);

	if (!v)
		return ERR_PTR(-EFAULT);
	/* Old size 0 asks for a duplicate: of shared mappings only. */
	if (!old_len && !(v->flags & VMA_SHARED))
		return ERR_PTR(-EINVAL);
	if (old_len > v->end - addr)
		return ERR_PTR(-EFAULT);
	return v;
}

/* A file VMA grown or moved: how much of the file it covers now. */
static void refresh_file_size(struct vma *v)
{
	u64 size;

	if (!v->file || (v->flags & VMA_SHM))
		return;
	size = file_map_size(v->file);
	v->file_size = size > v->file_off ?
		       min(size - v->file_off, (u64)(v->end - v->start)) : 0;
}

/*
 * Move [addr, addr + old_len) to @new_addr, @new_len long (the range
 * there is free); what grows past the old length is mapped fresh.
 */
static long move_to(struct mm *mm, unsigned long addr, unsigned long old_len,
		    unsigned long new_addr, unsigned long new_len)
{
	struct vma *v;
	int err = split_edges(mm, addr, addr + old_len);

	if (err)
		return err;
	v = vma_find(mm, addr);
	err = vma_move(mm, v, new_addr);
	if (err)
		return err;
	if (new_len > old_len) {
		v->end = new_addr + new_len;
		refresh_file_size(v);
	}
	return new_addr;
}

/*
 * Old size 0: map the file behind the shared @v again at @new_addr (a
 * free range), from the page at @addr on, @new_len long.
 */
static long dup_to(struct mm *mm, struct vma *v, unsigned long addr,
		   unsigned long new_addr, unsigned long new_len)
{
	unsigned long flags = v->flags & ~(VMA_GROWSDOWN | VMA_STACK |
					   VMA_HEAP);
	u64 off = v->file_off + (addr - v->start), size;
	int err;

	if (!v->file)
		return -EINVAL;		/* every shared mapping has a file */
	size = file_map_size(v->file);
	size = size > off ? min(size - off, (u64)new_len) : 0;
	err = vma_map(mm, new_addr, new_len, flags, v->file, off, size);
	return err ? err : (long)new_addr;
}

static long do_mremap(struct mm *mm, unsigned long addr,
		      unsigned long old_len, unsigned long new_len,
		      unsigned long flags, unsigned long new_addr)
{
	struct vma *v, *next;

	if (flags & MREMAP_FIXED) {
		if (!in_user(new_addr, new_len))
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;
		vma_unmap(mm, new_addr, new_len);
		if (old_len > new_len) {
			vma_unmap(mm, addr + new_len, old_len - new_len);
			old_len = new_len;
		}
		v = vma_to_resize(mm, addr, old_len);
		if (IS_ERR(v))
			return PTR_ERR(v);
		if (!old_len)
			return dup_to(mm, v, addr, new_addr, new_len);
		return move_to(mm, addr, old_len, new_addr, new_len);
	}
	if (old_len >= new_len) {
		if (old_len > new_len) {
			v = vma_find(mm, addr);
			if (!v)
				return -EFAULT;
			vma_unmap(mm, addr + new_len, old_len - new_len);
		}
		return addr;
	}
	v = vma_to_resize(mm, addr, old_len);
	if (IS_ERR(v))
		return PTR_ERR(v);
	if (!may_expand_vm(mm, v->flags, new_len - old_len, 0, 0))
		return -ENOMEM;
	if (!old_len) {
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
		new_addr = vma_find_free(mm, new_len);
		if (!new_addr)
			return -ENOMEM;
		return dup_to(mm, v, addr, new_addr, new_len);
	}
	/* In place: the range must end the VMA and the pages after be free. */
	if (addr + old_len == v->end && in_user(addr, new_len)) {
		next = vma_first_above(mm, v->end);
		if (!next || next->start >= addr + new_len) {
			v->end = addr + new_len;
			refresh_file_size(v);
			return addr;
		}
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	new_addr = vma_find_free(mm, new_len);
	if (!new_addr)
		return -ENOMEM;
	return move_to(mm, addr, old_len, new_addr, new_len);
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags,
		unsigned long, new_addr)
{
	struct mm *mm = current->mm;
	long r;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && (new_addr & ~PAGE_MASK))
		return -EINVAL;
	if (ALIGN_UP(old_len, PAGE_SIZE) < old_len ||
	    ALIGN_UP(new_len, PAGE_SIZE) < new_len)
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (!new_len)
		return -EINVAL;
	if (!in_user(addr, old_len))
		return -EFAULT;
	mm_lock(mm);
	r = do_mremap(mm, addr, old_len, new_len, flags, new_addr);
	mm_unlock(mm);
	return r;
}
