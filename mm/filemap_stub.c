// SPDX-License-Identifier: MIT
/*
 * File-backed mappings need the VFS, which is not in the kernel yet:
 * until it is, no VMA can carry a file, so reaching these is a bug.
 */
#include <umka/vm.h>
#include <umka/file_map.h>
#include <umka/errno.h>
#include <umka/panic.h>

int file_map_read(struct file *f, void *buf, size_t len, u64 off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return -ENODEV;
}

void file_get_for_vma(struct file *f)
{
	BUG_ON(f);
}

void file_put_for_vma(struct file *f)
{
	BUG_ON(f);
}
