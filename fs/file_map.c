// SPDX-License-Identifier: MIT
/*
 * What the memory manager needs from mapped files (<umka/file_map.h>,
 * <umka/vm.h>): reading a range into a kernel page, the shared pages
 * of tmpfs files, and a reference for each VMA that maps the file.
 */
#include <umka/file_map.h>
#include <umka/file.h>
#include <umka/string.h>
#include <umka/vm.h>
#include <umka/chrdev.h>
#include <umka/mm.h>
#include "internal.h"

int file_map_read(struct file *f, void *buf, size_t len, u64 off)
{
	size_t done = 0;

	while (done < len) {
		loff_t pos = off + done;
		ssize_t n = kernel_read(f, (char *)buf + done, len - done, &pos);

		if (n < 0)
			return n;
		if (!n)
			break;		/* end of file */
		done += n;
	}
	memset((char *)buf + done, 0, len - done);
	return 0;
}

void file_get_for_vma(struct file *f)
{
	get_file(f);
}

void file_put_for_vma(struct file *f)
{
	fput(f);
}

bool file_map_shareable(struct file *f)
{
	return S_ISREG(f->f_inode->i_mode) && is_tmpfs_inode(f->f_inode);
}

int file_map_page(struct file *f, u64 off, struct page **out)
{
	return tmpfs_get_page(f->f_inode, off / PAGE_SIZE, out);
}

u64 file_map_size(struct file *f)
{
	return READ_ONCE(f->f_inode->i_size);
}

void file_map_account(struct file *f, int delta)
{
	__atomic_add_fetch(&f->f_inode->i_mmap_count, delta, __ATOMIC_RELAXED);
}

u64 file_map_seq(struct file *f)
{
	return __atomic_load_n(&f->f_inode->i_trunc_seq, __ATOMIC_ACQUIRE);
}

bool file_is_dev_zero(struct file *f)
{
	return S_ISCHR(f->f_inode->i_mode) &&
	       f->f_inode->i_rdev == MKDEV(MEM_MAJOR, 5);
}
