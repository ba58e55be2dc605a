/* SPDX-License-Identifier: MIT */
/*
 * What the memory manager needs from files it maps: read a range into a
 * kernel buffer.  fs/ implements it on top of kernel_read().
 */
#ifndef UMKA_FILE_MAP_H
#define UMKA_FILE_MAP_H

#include <umka/types.h>

struct file;

struct page;

/* 0 or -errno; reads exactly @len bytes at @off (short files: zeros). */
int file_map_read(struct file *f, void *buf, size_t len, u64 off);

/*
 * Shared mappings map the file's own pages when it has them (tmpfs
 * regular files): then file_map_page() gives the page holding byte
 * @off, referenced, or -EIO past the end of the file, -ENOSPC.
 */
bool file_map_shareable(struct file *f);
int file_map_page(struct file *f, u64 off, struct page **out);
u64 file_map_size(struct file *f);

/*
 * VMAs of @f: counted per inode (@delta +1 or -1), so that truncation
 * looks for mappings only when there are some.
 */
void file_map_account(struct file *f, int delta);
/*
 * Moves on every truncation that shrinks the file: a page read for a
 * fault is installed only if it did not move meanwhile.
 */
u64 file_map_seq(struct file *f);

/* /dev/zero maps as anonymous memory. */
bool file_is_dev_zero(struct file *f);
/* MAP_SHARED|MAP_ANONYMOUS memory: an unlinked tmpfs file of @size. */
struct file *shmem_file_create(u64 size);
bool file_is_shmem(const struct file *f);

#endif
