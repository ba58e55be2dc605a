/* SPDX-License-Identifier: MIT */
/*
 * cpio "newc" archives (the initramfs format), parsed without trusting a
 * single byte.  Portable: also built into the host unit tests.
 *
 * An initramfs is a sequence of segments: plain cpio archives, each ending
 * with a "TRAILER!!!" entry, gzip members holding such archives, and zero
 * padding between them.
 */
#ifndef UMKA_CPIO_H
#define UMKA_CPIO_H

#include <umka/types.h>

#define CPIO_HDR_LEN 110
/* The decompressed size of one gzip segment is capped at this. */
#define CPIO_MAX_UNPACKED (1UL << 30)

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	size_t namelen;		/* without the NUL */
	u32 ino, mode, uid, gid, nlink, mtime;
	u32 devmajor, devminor, rdevmajor, rdevminor;
	const u8 *data;		/* file body or symlink target */
	size_t size;
};

/*
 * Parse the entry at buf[*pos].  Returns 1 for an entry (and advances
 * *pos past it), 0 for the trailer (*pos moves past it too), -EINVAL for
 * anything malformed or truncated.
 */
int cpio_next(const u8 *buf, size_t len, size_t *pos, struct cpio_entry *e);

struct cpio_sink {
	/* A negative return stops the walk and is passed back. */
	int (*entry)(void *ctx, const struct cpio_entry *e);
	/* Buffers for decompressed segments (vmalloc in the kernel). */
	void *(*alloc)(size_t size);
	void (*free)(void *p);
	void *ctx;
};

/* Walk every segment; 0 or the first error. */
int cpio_unpack_stream(const u8 *buf, size_t len, const struct cpio_sink *s);

#endif
