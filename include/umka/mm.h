/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: the boot allocator, the page allocator (buddy with
 * per-CPU caches of single pages) and memory statistics.
 */
#ifndef UMKA_MM_H
#define UMKA_MM_H

#include <umka/types.h>
#include <umka/page.h>
#include <asm/page.h>

/* Set up every allocator; after this kmalloc, vmalloc and ioremap work. */
void mm_init(void);

/* Boot allocator: zeroed, never freed.  Only before the buddy is up. */
void *bootmem_alloc(size_t size, size_t align);
phys_addr_t bootmem_alloc_phys(size_t size, size_t align);

/* Pages; NULL when out of memory. */
struct page *alloc_pages(unsigned order);
void free_pages(struct page *pg, unsigned order);
/* Direct-map address of 2^order zeroed or unzeroed pages. */
void *get_free_pages(unsigned order);
void *get_zeroed_page(void);
void free_pages_addr(void *addr, unsigned order);

/* Reference counts of single pages shared between mappings. */
void get_page(struct page *pg);
void put_page(struct page *pg);
int page_count(const struct page *pg);
/* @pg is about to be mapped executable (see free_pages()). */
void page_mark_exec(struct page *pg);

struct page *phys_to_page(phys_addr_t pa);
phys_addr_t page_to_phys(const struct page *pg);
void *page_address(const struct page *pg);
struct page *virt_to_page(const void *va);

struct mem_stats {
	u64 total_bytes;	/* RAM managed by the page allocator */
	u64 free_bytes;		/* free in the buddy and per-CPU caches */
	u64 slab_bytes;		/* held by slab caches and large kmallocs */
	u64 slab_in_use_bytes;
	u64 vmalloc_bytes;
	u64 page_table_bytes;	/* kernel page tables */
	u64 kernel_bytes;	/* the image */
	u64 reserved_bytes;	/* firmware, boot structures, initrd */
};

void mm_get_stats(struct mem_stats *st);

#endif
