/* SPDX-License-Identifier: MIT */
/*
 * Binary buddy allocator for physical page frames: the portable core.
 *
 * A zone covers the frames [base_pfn, base_pfn + npages) and owns one
 * struct page per frame.  Blocks of 2^order frames are aligned to their size
 * in absolute frame numbers, so a block's physical address is naturally
 * aligned as well.  No locking here: the kernel wrapper serialises calls.
 */
#ifndef UMKA_BUDDY_H
#define UMKA_BUDDY_H

#include <umka/types.h>
#include <umka/list.h>
#include <umka/page.h>

/* Largest block order, inclusive: 2^10 frames = 4 MiB. */
#define BUDDY_MAX_ORDER	10
#define BUDDY_NR_ORDERS	(BUDDY_MAX_ORDER + 1)

struct buddy_zone {
	u64 base_pfn;
	u64 npages;
	struct page *pages;			/* npages descriptors */
	struct list_head free[BUDDY_NR_ORDERS];	/* free block heads */
	u64 nr_free[BUDDY_NR_ORDERS];		/* blocks on each list */
	u64 free_pages;				/* frames on the lists */
	u64 total_pages;			/* frames ever released */
};

/* Set up @z over @npages frames; every frame starts out reserved. */
void buddy_init(struct buddy_zone *z, u64 base_pfn, u64 npages,
		struct page *pages);

/*
 * Hand frames [pfn, pfn + count) to the allocator.  Any alignment is fine;
 * parts outside the zone and frames that are not reserved are ignored.
 */
void buddy_free_range(struct buddy_zone *z, u64 pfn, u64 count);

/* Allocate 2^order frames; NULL when no block is large enough. */
struct page *buddy_alloc(struct buddy_zone *z, unsigned order);

/*
 * Return a block from buddy_alloc().  Returns -1 and changes nothing if @p
 * is not the head of an allocated block of exactly @order (double free,
 * tail page, reserved page, foreign pointer); 0 on success.
 */
int buddy_free_checked(struct buddy_zone *z, struct page *p, unsigned order);
void buddy_free(struct buddy_zone *z, struct page *p, unsigned order);

u64 buddy_page_to_pfn(const struct buddy_zone *z, const struct page *p);
/* NULL when @pfn is outside the zone. */
struct page *buddy_pfn_to_page(const struct buddy_zone *z, u64 pfn);

/* Full consistency check of lists, counters and flags; O(npages). */
bool buddy_check(const struct buddy_zone *z);

#endif
