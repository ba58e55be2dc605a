// SPDX-License-Identifier: MIT
/*
 * brk, mmap, munmap, mprotect for anonymous memory.
 *
 * Errors (as Linux): EINVAL for unaligned addresses, zero or overflowing
 * lengths, unknown flags or neither/both of MAP_PRIVATE and MAP_SHARED;
 * ENOMEM when no room is left, (mprotect) the range is not mapped, or
 * a private writable mapping or brk increase is larger than all of RAM
 * (Linux's heuristic overcommit check; there is no swap);
 * EEXIST for MAP_FIXED_NOREPLACE over a mapping; EBADF for a bad fd;
 * EACCES for a file opened without read access (or without write access
 * for a writable shared map, or for mprotect adding write to one);
 * ENODEV for files that cannot be mapped (and writable shared maps of
 * files without pages of their own); EINVAL for an unaligned offset.
 *
 * Shared maps of tmpfs files map the file's pages, so writes through
 * them are the file's contents; shared anonymous maps (and /dev/zero)
 * get an unlinked tmpfs file.  Private file maps copy on first touch.
 * File maps follow the file's current size (VMA_FILE_EOF): a page wholly
 * past its end faults SIGBUS, and truncation unmaps (mm/file_eof.c).
 */
#include <umka/syscall.h>
#include <umka/vm.h>
#include <umka/sched.h>
#include <umka/errno.h>
#include <umka/page.h>
#include <umka/file.h>
#include <umka/fdtable.h>
#include <uapi/stat.h>
#include <umka/file_map.h>
#include <umka/err.h>
#include <umka/proc.h>
#include "internal.h"

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_GROWSDOWN 0x01000000
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_KNOWN (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |  \
		   MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE |          \
		   MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
		   MAP_STACK | MAP_FIXED_NOREPLACE)

static unsigned long vm_flags(unsigned long prot)
{
	return (prot & PROT_READ ? VMA_READ : 0) |
	       (prot & PROT_WRITE ? VMA_WRITE : 0) |
	       (prot & PROT_EXEC ? VMA_EXEC : 0);
}

static bool range_ok(unsigned long addr, unsigned long len)
{
	return addr < USER_STACK_TOP && len <= USER_STACK_TOP - addr;
}

/*
 * Overcommit is allowed, as in Linux's default mode, but a single
 * request for more than the whole of RAM can never be backed: refuse it
 * up front instead of leaving it to the OOM killer.
 */
static bool beyond_ram(unsigned long len)
{
	return len / PAGE_SIZE > page_alloc_managed_pages();
}

bool may_expand_vm(struct mm *mm, unsigned long flags, unsigned long len,
		   unsigned long skip_start, unsigned long skip_end)
{
	u64 as = rlimit_cur(RLIMIT_AS_RES), data = rlimit_cur(RLIMIT_DATA_RES);
	u64 total_pages, data_pages, n = len / PAGE_SIZE;

	if (as == ~0ULL && (data == ~0ULL || !vma_is_data(flags)))
		return true;
	mm_vm_pages(mm, skip_start, skip_end, &total_pages, &data_pages);
	if (as != ~0ULL && total_pages + n > as / PAGE_SIZE)
		return false;
	if (data != ~0ULL && vma_is_data(flags) &&
	    data_pages + n > data / PAGE_SIZE)
		return false;
	return true;
}

SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	struct mm *mm = current->mm;
	unsigned long old, new_end, old_end;

	mm_lock(mm);
	old = mm->brk;
	/* Linux returns the current break for any request it refuses. */
	if (addr < mm->brk_start || !range_ok(addr, 0))
		goto out;
	new_end = ALIGN_UP(addr, PAGE_SIZE);
	old_end = ALIGN_UP(old, PAGE_SIZE);
	if (new_end > old_end) {
		struct vma *v = vma_first_above(mm, old_end);

		if (v && v->start < new_end + PAGE_SIZE)
			goto out;	/* would run into the next mapping */
		if (beyond_ram(new_end - old_end))
			goto out;
		if (!may_expand_vm(mm, VMA_READ | VMA_WRITE | VMA_HEAP,
				   new_end - old_end, 0, 0))
			goto out;
		if (vma_map(mm, old_end, new_end - old_end,
			    VMA_READ | VMA_WRITE | VMA_HEAP, NULL, 0, 0))
			goto out;
	} else if (new_end < old_end) {
		vma_unmap(mm, new_end, old_end - new_end);
	}
	mm->brk = addr;
out:
	addr = mm->brk;
	mm_unlock(mm);
	return addr;
}

static long check_mmap(unsigned long addr, unsigned long len,
		       unsigned long prot, unsigned long flags)
{
	unsigned long type = flags & MAP_SHARED_VALIDATE;

	if (!len || ALIGN_UP(len, PAGE_SIZE) < len)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    (addr & ~PAGE_MASK))
		return -EINVAL;
	return 0;
}

static unsigned long pick_addr(struct mm *mm, unsigned long addr,
			       unsigned long len, unsigned long flags,
			       long *err)
{
	*err = 0;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!range_ok(addr, len)) {
			*err = -ENOMEM;
			return 0;
		}
		if ((flags & MAP_FIXED_NOREPLACE) && vma_first_above(mm, addr) &&
		    vma_first_above(mm, addr)->start < addr + len) {
			*err = -EEXIST;
			return 0;
		}
		return addr;
	}
	/* A hint is honoured when that range is free. */
	if (addr && !(addr & ~PAGE_MASK) && range_ok(addr, len)) {
		struct vma *v = vma_first_above(mm, addr);

		if (!v || v->start >= addr + len)
			return addr;
	}
	addr = vma_find_free(mm, len);
	if (!addr)
		*err = -ENOMEM;
	return addr;
}

/*
 * Take a reference to the file behind @fd for a mapping and add to
 * @vflags what it allows.  /dev/zero gives no file: anonymous memory.
 */
static long mmap_file(int fd, unsigned long prot, unsigned long flags,
		      unsigned long off, struct file **out, u64 *fsize,
		      unsigned long *vflags)
{
	struct file *f;
	bool shared = (flags & MAP_SHARED_VALIDATE) == MAP_SHARED;
	long err = 0;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (file_is_dev_zero(f)) {
		fput(f);
		*out = NULL;
		return 0;
	}
	if (!S_ISREG(f->f_inode->i_mode))
		err = -ENODEV;
	else if (!(f->f_mode & FMODE_READ))
		err = -EACCES;
	else if (shared && (prot & PROT_WRITE) && !(f->f_mode & FMODE_WRITE))
		err = -EACCES;
	else if (shared && (prot & PROT_WRITE) && !file_map_shareable(f))
		err = -ENODEV;	/* no pages of its own to share (procfs) */
	if (err) {
		fput(f);
		return err;
	}
	if (!shared || (f->f_mode & FMODE_WRITE))
		*vflags |= VMA_MAYWRITE;
	if (shared && file_map_shareable(f))
		*vflags |= VMA_SHM;
	*out = f;
	*fsize = f->f_inode->i_size > (loff_t)off ? f->f_inode->i_size - off : 0;
	return 0;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags, int, fd,
		unsigned long, off)
{
	struct mm *mm = current->mm;
	struct file *file = NULL;
	unsigned long vflags;
	u64 fsize = 0;
	long err = check_mmap(addr, len, prot, flags);

	if (err)
		return err;
	len = ALIGN_UP(len, PAGE_SIZE);
	/* Only private writable memory is charged, as in Linux. */
	if ((flags & MAP_SHARED_VALIDATE) == MAP_PRIVATE &&
	    (prot & PROT_WRITE) && !(flags & MAP_NORESERVE) && beyond_ram(len))
		return -ENOMEM;
	vflags = vm_flags(prot) | ((flags & MAP_SHARED_VALIDATE) == MAP_SHARED ?
				   VMA_SHARED : 0);
	if (!(flags & MAP_ANONYMOUS)) {
		err = mmap_file(fd, prot, flags, off, &file, &fsize, &vflags);
		if (err)
			return err;
	}
	if (!file) {
		vflags |= VMA_MAYWRITE;
		off = 0;	/* /dev/zero */
	} else {
		vflags |= VMA_FILE_EOF;	/* SIGBUS past the end, as Linux */
	}
	/* Shared anonymous memory lives in a tmpfs file of its own. */
	if (!file && (vflags & VMA_SHARED)) {
		file = shmem_file_create(len);
		if (IS_ERR(file))
			return PTR_ERR(file);
		vflags |= VMA_SHM;
	}
	if (flags & MAP_GROWSDOWN)
		vflags |= VMA_GROWSDOWN;
	mm_lock(mm);
	addr = pick_addr(mm, addr, len, flags, &err);
	if (!err && !may_expand_vm(mm, vflags, len, addr, addr + len))
		err = -ENOMEM;	/* RLIMIT_AS or RLIMIT_DATA */
	if (!err)
		err = vma_map(mm, addr, len, vflags, file, off,
			      min(fsize, (u64)len));
	mm_unlock(mm);
	if (file)
		fput(file);	/* the VMA holds its own reference */
	return err ? err : (long)addr;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	struct mm *mm = current->mm;
	long err;

	if ((addr & ~PAGE_MASK) || !len || !range_ok(addr, len))
		return -EINVAL;
	mm_lock(mm);
	err = vma_unmap(mm, addr, ALIGN_UP(len, PAGE_SIZE));
	mm_unlock(mm);
	return err;
}

SYSCALL_DEFINE3(mprotect, unsigned long, addr, unsigned long, len,
		unsigned long, prot)
{
	struct mm *mm = current->mm;
	long err;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len)
		return 0;
	if (!range_ok(addr, len))
		return -ENOMEM;
	mm_lock(mm);
	err = vma_protect(mm, addr, len, vm_flags(prot));
	mm_unlock(mm);
	return err;
}
