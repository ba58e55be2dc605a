/* SPDX-License-Identifier: MIT */
/*
 * Page frame geometry and the per-frame descriptor.  Portable: shared by the
 * kernel and the host unit tests, so nothing here may depend on the CPU.
 */
#ifndef UMKA_PAGE_H
#define UMKA_PAGE_H

#include <umka/types.h>
#include <umka/compiler.h>
#include <umka/list.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* Frame number containing @addr, and the first frame at or after it. */
#define PFN_DOWN(addr)	((u64)(addr) >> PAGE_SHIFT)
#define PFN_UP(addr)	(((u64)(addr) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_PHYS(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(addr)	PFN_DOWN(addr)

/*
 * struct page flags.  The buddy allocator owns RESERVED, BUDDY and
 * ALLOCATED; the slab allocator owns the SLAB and LARGE ones and clears
 * them before it hands a block back, so the two never step on each
 * other.  EXEC is set by whoever maps the page executable and cleared by
 * the page allocator when the page is freed (mm/page_alloc.c).
 */
#define PG_RESERVED	(1U << 0)	/* not managed: hole or firmware use */
#define PG_BUDDY	(1U << 1)	/* head of a free buddy block */
#define PG_ALLOCATED	(1U << 2)	/* head of a block handed out */
#define PG_SLAB		(1U << 3)	/* head page of a slab */
#define PG_SLAB_TAIL	(1U << 4)	/* later page of a multi-page slab */
#define PG_LARGE	(1U << 5)	/* head of a large kmalloc block */
#define PG_SLAB_BROKEN	(1U << 6)	/* slab freelist found corrupted */
#define PG_EXEC		(1U << 7)	/* mapped executable: scrubbed when freed */

struct kmem_cache;

struct page {
	struct list_head lru;		/* buddy free list or slab list */
	u32 flags;
	s32 refcount;			/* 1 while allocated, 0 when free */
	u8 order;			/* block order (buddy head pages) */
	union {
		struct {
			/* Valid on PG_SLAB heads and PG_SLAB_TAIL pages. */
			struct kmem_cache *slab_cache;
			union {
				void *freelist;		/* head: first free obj */
				struct page *slab_head;	/* tail: owning head */
			};
			void *s_mem;		/* head: first object */
			u16 inuse;		/* head: objects handed out */
			u8 large_order;		/* PG_LARGE: block order */
		};
		u64 private;			/* for other page owners */
	};
};

_Static_assert(sizeof(struct page) <= 64, "struct page must stay small");

#endif
