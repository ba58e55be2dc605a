// SPDX-License-Identifier: MIT
/*
 * Binary buddy allocator, portable core (also built into host tests).
 *
 * Invariants, all verified by buddy_check():
 *  - a free block is described only by its head page, which carries
 *    PG_BUDDY and the block order and sits on free[order];
 *  - an allocated block is described only by its head page, which carries
 *    PG_ALLOCATED and the order it was allocated with;
 *  - every other managed page has neither flag, so a stray pointer into
 *    the middle of a block is recognisable on free;
 *  - two free buddies of the same order below the maximum never coexist:
 *    freeing always merges as far as possible.
 */
#include <umka/types.h>
#include <umka/compiler.h>
#include <umka/list.h>
#include <umka/page.h>
#include <umka/buddy.h>

static inline u64 order_pages(unsigned order)
{
	return (u64)1 << order;
}

static inline u64 zone_end(const struct buddy_zone *z)
{
	return z->base_pfn + z->npages;
}

static inline bool pfn_in_zone(const struct buddy_zone *z, u64 pfn)
{
	return pfn >= z->base_pfn && pfn < zone_end(z);
}

static inline struct page *pfn_page(const struct buddy_zone *z, u64 pfn)
{
	return &z->pages[pfn - z->base_pfn];
}

u64 buddy_page_to_pfn(const struct buddy_zone *z, const struct page *p)
{
	return z->base_pfn + (u64)(p - z->pages);
}

struct page *buddy_pfn_to_page(const struct buddy_zone *z, u64 pfn)
{
	if (!pfn_in_zone(z, pfn))
		return NULL;
	return pfn_page(z, pfn);
}

void buddy_init(struct buddy_zone *z, u64 base_pfn, u64 npages,
		struct page *pages)
{
	z->base_pfn = base_pfn;
	z->npages = npages;
	z->pages = pages;
	z->free_pages = 0;
	z->total_pages = 0;
	for (unsigned o = 0; o < BUDDY_NR_ORDERS; o++) {
		list_init(&z->free[o]);
		z->nr_free[o] = 0;
	}
	for (u64 i = 0; i < npages; i++) {
		struct page *p = &pages[i];

		list_init(&p->lru);
		p->flags = PG_RESERVED;
		p->refcount = 0;
		p->order = 0;
		p->private = 0;
	}
}

static void add_free_block(struct buddy_zone *z, struct page *p,
			   unsigned order)
{
	p->flags = PG_BUDDY;
	p->order = (u8)order;
	p->refcount = 0;
	/* LIFO: the most recently freed block is the most likely cache-hot. */
	list_add(&p->lru, &z->free[order]);
	z->nr_free[order]++;
	z->free_pages += order_pages(order);
}

static void del_free_block(struct buddy_zone *z, struct page *p,
			   unsigned order)
{
	list_del(&p->lru);
	p->flags &= ~PG_BUDDY;
	z->nr_free[order]--;
	z->free_pages -= order_pages(order);
}

/* Merge the block at @pfn with free buddies as far as possible. */
static void free_block(struct buddy_zone *z, u64 pfn, unsigned order)
{
	while (order < BUDDY_MAX_ORDER) {
		u64 buddy = pfn ^ order_pages(order);
		struct page *b;

		if (!pfn_in_zone(z, buddy))
			break;
		b = pfn_page(z, buddy);
		if (!(b->flags & PG_BUDDY) || b->order != order)
			break;
		del_free_block(z, b, order);
		pfn &= ~order_pages(order);
		order++;
	}
	add_free_block(z, pfn_page(z, pfn), order);
}

int buddy_free_checked(struct buddy_zone *z, struct page *p, unsigned order)
{
	uintptr_t first = (uintptr_t)z->pages;
	uintptr_t addr = (uintptr_t)p;
	u64 pfn;

	/* Compare addresses as integers: @p may point anywhere. */
	if (addr < first || addr >= first + z->npages * sizeof(*p) ||
	    (addr - first) % sizeof(*p))
		return -1;
	if (order > BUDDY_MAX_ORDER || !(p->flags & PG_ALLOCATED) ||
	    p->order != order)
		return -1;
	pfn = buddy_page_to_pfn(z, p);
	if (pfn & (order_pages(order) - 1))
		return -1;
	p->flags = 0;
	free_block(z, pfn, order);
	return 0;
}

void buddy_free(struct buddy_zone *z, struct page *p, unsigned order)
{
	(void)buddy_free_checked(z, p, order);
}

struct page *buddy_alloc(struct buddy_zone *z, unsigned order)
{
	struct page *p;
	unsigned o = order;
	u64 pfn;

	if (order > BUDDY_MAX_ORDER)
		return NULL;
	while (o <= BUDDY_MAX_ORDER && list_empty(&z->free[o]))
		o++;
	if (o > BUDDY_MAX_ORDER)
		return NULL;

	p = list_first_entry(&z->free[o], struct page, lru);
	del_free_block(z, p, o);
	pfn = buddy_page_to_pfn(z, p);
	/* Split, keeping the lower half and freeing the upper halves. */
	while (o > order) {
		o--;
		add_free_block(z, pfn_page(z, pfn + order_pages(o)), o);
	}
	p->flags = PG_ALLOCATED;
	p->order = (u8)order;
	p->refcount = 1;
	return p;
}

/* Largest order a block at @pfn may have without passing @limit frames. */
static unsigned max_block_order(u64 pfn, u64 limit)
{
	unsigned order = 0;

	while (order < BUDDY_MAX_ORDER &&
	       !(pfn & (order_pages(order + 1) - 1)) &&
	       order_pages(order + 1) <= limit)
		order++;
	return order;
}

static bool range_reserved(const struct buddy_zone *z, u64 pfn, u64 count)
{
	for (u64 i = 0; i < count; i++)
		if (!(pfn_page(z, pfn + i)->flags & PG_RESERVED))
			return false;
	return true;
}

static void release_block(struct buddy_zone *z, u64 pfn, unsigned order)
{
	for (u64 i = 0; i < order_pages(order); i++)
		pfn_page(z, pfn + i)->flags = 0;
	z->total_pages += order_pages(order);
	free_block(z, pfn, order);
}

void buddy_free_range(struct buddy_zone *z, u64 pfn, u64 count)
{
	u64 end = pfn + count;

	if (end < pfn)			/* wrapped: clamp to the zone below */
		end = UINT64_MAX;
	pfn = max(pfn, z->base_pfn);
	end = min(end, zone_end(z));

	while (pfn < end) {
		unsigned order = max_block_order(pfn, end - pfn);

		/* Never release a frame twice: shrink around freed ones. */
		while (order > 0 && !range_reserved(z, pfn, order_pages(order)))
			order--;
		if (!range_reserved(z, pfn, 1)) {
			pfn++;
			continue;
		}
		release_block(z, pfn, order);
		pfn += order_pages(order);
	}
}

/* Pages after a block head must carry none of the buddy's own flags. */
static bool interior_clean(const struct buddy_zone *z, u64 pfn,
			   unsigned order)
{
	for (u64 i = 1; i < order_pages(order); i++)
		if (pfn_page(z, pfn + i)->flags &
		    (PG_RESERVED | PG_BUDDY | PG_ALLOCATED))
			return false;
	return true;
}

/* Check one free list; adds the frames it holds to *frames. */
static bool check_free_list(const struct buddy_zone *z, unsigned order,
			    u64 *frames)
{
	const struct list_head *head = &z->free[order];
	const struct list_head *pos;
	u64 n = 0;

	for (pos = head->next; pos != head; pos = pos->next) {
		const struct page *p = list_entry(pos, struct page, lru);
		uintptr_t first = (uintptr_t)z->pages;
		uintptr_t addr = (uintptr_t)p;
		u64 pfn;

		/* Bound the walk so a corrupted cycle cannot hang us. */
		if (++n > z->npages || pos->next->prev != pos)
			return false;
		if (addr < first || addr >= first + z->npages * sizeof(*p) ||
		    (addr - first) % sizeof(*p))
			return false;
		pfn = buddy_page_to_pfn(z, p);
		if (!(p->flags & PG_BUDDY) || p->order != order ||
		    (pfn & (order_pages(order) - 1)) ||
		    pfn + order_pages(order) > zone_end(z))
			return false;
		if (!interior_clean(z, pfn, order))
			return false;
		/* A free buddy of the same order should have been merged. */
		if (order < BUDDY_MAX_ORDER) {
			u64 buddy = pfn ^ order_pages(order);

			if (pfn_in_zone(z, buddy) &&
			    (pfn_page(z, buddy)->flags & PG_BUDDY) &&
			    pfn_page(z, buddy)->order == order)
				return false;
		}
	}
	if (n != z->nr_free[order])
		return false;
	*frames += n * order_pages(order);
	return true;
}

bool buddy_check(const struct buddy_zone *z)
{
	u64 listed = 0, heads = 0, managed = 0, allocated = 0, blocks = 0;

	for (unsigned o = 0; o < BUDDY_NR_ORDERS; o++) {
		if (!check_free_list(z, o, &listed))
			return false;
		blocks += z->nr_free[o];
	}
	if (listed != z->free_pages)
		return false;

	/*
	 * Every PG_BUDDY page must be a listed head: together with the
	 * interior-page test above this rules out overlapping free blocks.
	 */
	for (u64 i = 0; i < z->npages; i++) {
		const struct page *p = &z->pages[i];

		if (!(p->flags & PG_RESERVED))
			managed++;
		if (p->flags & PG_BUDDY)
			heads++;
		if (p->flags & PG_ALLOCATED) {
			if ((p->flags & (PG_BUDDY | PG_RESERVED)) ||
			    p->order > BUDDY_MAX_ORDER ||
			    i + order_pages(p->order) > z->npages ||
			    !interior_clean(z, z->base_pfn + i, p->order))
				return false;
			allocated += order_pages(p->order);
		}
	}
	return heads == blocks && managed == z->total_pages &&
	       allocated + z->free_pages == z->total_pages;
}
