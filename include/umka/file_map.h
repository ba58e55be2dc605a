/* SPDX-License-Identifier: MIT */
/*
 * What the memory manager needs from files it maps: read a range into a
 * kernel buffer.  fs/ implements it on top of kernel_read().
 */
#ifndef UMKA_FILE_MAP_H
#define UMKA_FILE_MAP_H

#include <umka/types.h>

struct file;

/* 0 or -errno; reads exactly @len bytes at @off (short files: zeros). */
int file_map_read(struct file *f, void *buf, size_t len, u64 off);

#endif
