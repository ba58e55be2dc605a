/* SPDX-License-Identifier: MIT */
/*
 * Slab allocator, portable core (also built into the host unit tests).
 *
 * Objects live in slabs of 2^order pages obtained from a caller-supplied
 * backend; the bookkeeping for each slab lives in the struct page of its
 * first page, so slabs carry no in-band header.  kmalloc() serves sizes up
 * to KMALLOC_MAX_CACHE_SIZE from fixed size classes and larger sizes
 * straight from whole pages.
 *
 * No locking here: the kernel wrapper serialises calls and layers per-CPU
 * caches on top.
 */
#ifndef UMKA_SLAB_H
#define UMKA_SLAB_H

#include <umka/types.h>
#include <umka/list.h>
#include <umka/page.h>

#define KMALLOC_MAX_CACHE_SIZE	8192
/* Largest large kmalloc block, matching the buddy's largest order. */
#define KMALLOC_MAX_ORDER	10
#define KMALLOC_MAX_SIZE	(PAGE_SIZE << KMALLOC_MAX_ORDER)
#define KMALLOC_NR_CLASSES	13

/* Largest slab order a cache may use; objects must fit in such a slab. */
#define SLAB_MAX_ORDER		3
#define SLAB_MAX_CACHES		64

/*
 * Contract for the backend:
 *  - alloc_pages() returns the virtual address of 2^order contiguous pages
 *    aligned to PAGE_SIZE << order (the buddy allocator does this
 *    naturally), stores the descriptor of the first page in *pg and
 *    returns NULL on failure;
 *  - free_pages() takes back exactly what alloc_pages() handed out; the
 *    slab has already cleared the PG_SLAB* / PG_LARGE flags it set;
 *  - virt_to_page() maps any address inside such a block to the
 *    descriptor of the page holding it, or NULL if it knows none.
 */
struct slab_backend {
	void *(*alloc_pages)(unsigned order, struct page **pg);
	void (*free_pages)(void *addr, struct page *pg, unsigned order);
	struct page *(*virt_to_page)(const void *addr);
	/* Optional: serialise the allocator (NULL in single-threaded use). */
	unsigned long (*lock)(void);
	void (*unlock)(unsigned long flags);
};

struct kmem_cache {
	const char *name;		/* not copied: must outlive the cache */
	size_t object_size;		/* size asked for */
	size_t size;			/* slot size: object_size aligned */
	size_t align;
	unsigned order;			/* slab = 2^order pages */
	unsigned objs_per_slab;
	struct list_head partial;	/* has free objects; empty ones last */
	struct list_head full;		/* no free objects */
	u64 objects_in_use;
	u64 slabs;
	u64 bytes_in_use;		/* objects_in_use * size */
	u64 empty_slabs;		/* kept slabs with no objects in use */
	bool active;			/* slot in the cache table is taken */
	bool is_kmalloc;		/* owned by kmalloc: cannot destroy */
};

struct slab_stats {
	u64 slab_bytes;		/* bytes held in slabs by all caches */
	u64 large_bytes;	/* bytes held by large kmalloc blocks */
	u64 total_bytes;	/* slab_bytes + large_bytes */
	u64 bytes_in_use;	/* slot bytes handed out + large_bytes */
	u64 objects_in_use;	/* slab objects + large blocks */
	u64 slabs;
	u64 errors;		/* misuse detected and refused */
};

/*
 * Install @be and (re)create the kmalloc caches.  Calling it again forgets
 * all caches and objects without returning them; only tests do that.
 */
void slab_init(const struct slab_backend *be);

/*
 * @align 0 means 8; otherwise a power of two no larger than PAGE_SIZE.
 * Returns NULL for a bad size or alignment or when the table is full.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align);
/* Fails with -1 while objects are in use or for kmalloc caches. */
int kmem_cache_destroy(struct kmem_cache *c);

void *kmem_cache_alloc(struct kmem_cache *c);
void kmem_cache_free(struct kmem_cache *c, void *obj);

/* The cache kmalloc(@size) would use, NULL for 0 or large sizes. */
struct kmem_cache *kmalloc_cache(size_t size);

/* kmalloc(0) returns NULL: there is nothing to hand out. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
/* Accepts NULL and any object of any cache, or a large kmalloc block. */
void kfree(const void *p);
/* Usable size of an allocated object, 0 if @p is not one. */
size_t ksize(const void *p);

void slab_stats(struct slab_stats *st);

#endif
