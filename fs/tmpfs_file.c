// SPDX-License-Identifier: MIT
/*
 * tmpfs regular files: a table of page pointers indexed by page number,
 * grown by doubling, so reaching any page is O(1).  A NULL slot is a
 * hole and reads as zeros; a page is allocated on the first write to
 * it.  Truncation frees whole pages past the end and zeroes the tail of
 * the last one, so growing the file again shows zeros, as POSIX wants.
 * i_mutex guards the table and i_size.
 *
 * Pages are reference-counted: shared mappings map the file's own pages
 * (tmpfs_get_page) and keep them alive if the file lets go first.
 */
#include "internal.h"
#include <umka/mm.h>
#include <umka/slab.h>
#include <umka/string.h>

/* Largest table kmalloc can give: a 2 GiB file. */
#define TMPFS_MAX_PAGES (KMALLOC_MAX_SIZE / sizeof(void *))
#define TMPFS_MAX_SIZE ((loff_t)(TMPFS_MAX_PAGES * PAGE_SIZE))

struct tmpfs_pages {
	size_t cap;		/* slots in the table */
	void **page;
};

static struct tmpfs_pages *pages_of(struct inode *inode)
{
	return inode->i_private;
}

static int ensure_slots(struct inode *inode, size_t want)
{
	struct tmpfs_pages *tp = pages_of(inode);
	size_t cap;
	void **n;

	if (!tp) {
		tp = kzalloc(sizeof(*tp));
		if (!tp)
			return -ENOMEM;
		inode->i_private = tp;
	}
	if (want <= tp->cap)
		return 0;
	if (want > TMPFS_MAX_PAGES)
		return -EFBIG;
	cap = tp->cap ? tp->cap : 8;
	while (cap < want)
		cap *= 2;
	if (cap > TMPFS_MAX_PAGES)
		cap = TMPFS_MAX_PAGES;
	n = kzalloc(cap * sizeof(void *));
	if (!n)
		return -ENOMEM;
	if (tp->cap)
		memcpy(n, tp->page, tp->cap * sizeof(void *));
	kfree(tp->page);
	tp->page = n;
	tp->cap = cap;
	return 0;
}

static void *page_at(struct inode *inode, size_t idx)
{
	struct tmpfs_pages *tp = pages_of(inode);

	return tp && idx < tp->cap ? tp->page[idx] : NULL;
}

static void free_pages_from(struct inode *inode, size_t first)
{
	struct tmpfs_pages *tp = pages_of(inode);

	if (!tp)
		return;
	for (size_t i = first; i < tp->cap; i++) {
		if (tp->page[i]) {
			put_page(virt_to_page(tp->page[i]));
			tp->page[i] = NULL;
			inode->i_blocks -= PAGE_SIZE / 512;
			tmpfs_uncharge_blocks(inode->i_sb, 1);
		}
	}
}

void tmpfs_free_data(struct inode *inode)
{
	struct tmpfs_pages *tp = pages_of(inode);

	if (!tp)
		return;
	free_pages_from(inode, 0);
	kfree(tp->page);
	kfree(tp);
	inode->i_private = NULL;
}

int tmpfs_setsize(struct inode *inode, loff_t size)
{
	if (size > TMPFS_MAX_SIZE)
		return -EFBIG;
	if (size < inode->i_size) {
		size_t off = size % PAGE_SIZE;
		void *last = page_at(inode, size / PAGE_SIZE);

		free_pages_from(inode, DIV_ROUND_UP((u64)size, PAGE_SIZE));
		if (off && last)
			memset((char *)last + off, 0, PAGE_SIZE - off);
	}
	inode->i_size = size;
	inode_touch(inode, true, true);
	return 0;
}

/* A new zeroed page at @idx, charged to the mount; i_mutex held. */
static int add_page(struct inode *inode, size_t idx);

/*
 * fallocate: every page of the range is allocated and charged now, so
 * later writes there cannot fail with ENOSPC.  Pages already made stay;
 * on failure the ones made so far stay too (Linux's tmpfs undoes them).
 */
int tmpfs_allocate(struct inode *inode, loff_t off, loff_t len,
		   bool keep_size)
{
	u64 end = (u64)off + (u64)len;
	int err = 0;

	if (end > (u64)TMPFS_MAX_SIZE)
		return -EFBIG;
	for (u64 idx = (u64)off / PAGE_SIZE; !err && idx < DIV_ROUND_UP(end,
	     PAGE_SIZE); idx++)
		err = add_page(inode, idx);
	if (!err && !keep_size && (loff_t)end > inode->i_size) {
		inode->i_size = (loff_t)end;
		inode_touch(inode, true, true);
	}
	return err;
}

static int add_page(struct inode *inode, size_t idx)
{
	struct tmpfs_pages *tp;
	int err = ensure_slots(inode, idx + 1);

	if (err)
		return err;
	tp = pages_of(inode);
	if (tp->page[idx])
		return 0;
	if (!tmpfs_charge_blocks(inode->i_sb, 1))
		return -ENOSPC;		/* the mount's size= is reached */
	tp->page[idx] = get_zeroed_page();
	if (!tp->page[idx]) {
		tmpfs_uncharge_blocks(inode->i_sb, 1);
		return -ENOSPC;
	}
	inode->i_blocks += PAGE_SIZE / 512;
	return 0;
}

int tmpfs_get_page(struct inode *inode, u64 idx, struct page **out)
{
	int err = 0;

	mutex_lock(&inode->i_mutex);
	if (idx >= DIV_ROUND_UP((u64)inode->i_size, PAGE_SIZE))
		err = -EIO;	/* beyond the end of the file: SIGBUS */
	if (!err)
		err = add_page(inode, idx);
	if (!err) {
		*out = virt_to_page(pages_of(inode)->page[idx]);
		get_page(*out);
	}
	mutex_unlock(&inode->i_mutex);
	return err;
}

static ssize_t tmpfs_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	ssize_t done = 0;

	mutex_lock(&inode->i_mutex);
	while (u->len && *pos < inode->i_size) {
		size_t idx = *pos / PAGE_SIZE, off = *pos % PAGE_SIZE;
		size_t n = min((size_t)(inode->i_size - *pos), PAGE_SIZE - off);
		void *page = page_at(inode, idx);
		ssize_t r;

		r = page ? uio_copy_out(u, (char *)page + off, n) :
			   uio_zero(u, n);
		if (r < 0) {
			if (!done)
				done = r;
			break;
		}
		*pos += r;
		done += r;
	}
	mutex_unlock(&inode->i_mutex);
	return done;
}

static ssize_t tmpfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	ssize_t done = 0;
	int err = 0;

	mutex_lock(&inode->i_mutex);
	if (f->f_flags & O_APPEND)
		*pos = inode->i_size;
	if (*pos >= TMPFS_MAX_SIZE && u->len)
		err = -EFBIG;
	while (!err && u->len && *pos < TMPFS_MAX_SIZE) {
		size_t idx = *pos / PAGE_SIZE, off = *pos % PAGE_SIZE;
		size_t n = PAGE_SIZE - off;
		ssize_t r;

		err = add_page(inode, idx);
		if (err)
			break;
		r = uio_copy_in((char *)pages_of(inode)->page[idx] + off, u, n);
		if (r < 0) {
			err = r;
			break;
		}
		*pos += r;
		done += r;
		if (*pos > inode->i_size)
			inode->i_size = *pos;
	}
	if (done)
		inode_touch(inode, true, true);
	mutex_unlock(&inode->i_mutex);
	return done ? done : err;
}

static loff_t tmpfs_llseek(struct file *f, loff_t off, int whence)
{
	return generic_file_llseek(f, off, whence, f->f_inode->i_size);
}

/* Everything is in RAM already. */
static int tmpfs_fsync(struct file *f, int datasync)
{
	return 0;
}

const struct file_operations tmpfs_file_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.llseek = tmpfs_llseek,
	.fsync = tmpfs_fsync,
};
