// SPDX-License-Identifier: MIT
/* Host unit tests for the buddy allocator core (mm/buddy.c). */
#include "htest.h"

#include <umka/buddy.h>

#define NPAGES 4096

static struct page pages[NPAGES];
static struct buddy_zone zone;

static struct buddy_zone *fresh(u64 base, u64 npages)
{
	buddy_init(&zone, base, npages, pages);
	return &zone;
}

static u64 pfn_of(const struct page *p)
{
	return buddy_page_to_pfn(&zone, p);
}

/* xorshift64: deterministic, so failures reproduce. */
static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Take every order-0 frame; returns how many were handed out. */
static u64 drain(struct buddy_zone *z, struct page **out, u64 max)
{
	u64 n = 0;
	struct page *p;

	while ((p = buddy_alloc(z, 0)) != NULL) {
		if (n < max)
			out[n] = p;
		n++;
	}
	return n;
}

HTEST(init_all_reserved)
{
	struct buddy_zone *z = fresh(0, 256);

	CHECK_EQ(z->free_pages, 0);
	CHECK_EQ(z->total_pages, 0);
	CHECK(buddy_alloc(z, 0) == NULL);
	for (u64 i = 0; i < 256; i++)
		CHECK(pages[i].flags & PG_RESERVED);
	CHECK(buddy_check(z));
}

HTEST(full_aligned_range)
{
	struct buddy_zone *z = fresh(0, NPAGES);

	buddy_free_range(z, 0, NPAGES);
	CHECK_EQ(z->free_pages, NPAGES);
	CHECK_EQ(z->total_pages, NPAGES);
	CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], NPAGES >> BUDDY_MAX_ORDER);
	for (unsigned o = 0; o < BUDDY_MAX_ORDER; o++)
		CHECK_EQ(z->nr_free[o], 0);
	CHECK(buddy_check(z));
}

HTEST(unaligned_range_split)
{
	static struct page *got[NPAGES];
	struct buddy_zone *z = fresh(0, NPAGES);
	u64 n;

	buddy_free_range(z, 3, 1000);
	CHECK_EQ(z->total_pages, 1000);
	CHECK_EQ(z->free_pages, 1000);
	CHECK(buddy_check(z));
	/* 3 | 4-7 | 8-15 | ... | 256-511 | 512-767 | ... | 1002 */
	CHECK_EQ(z->nr_free[0], 2);
	CHECK_EQ(z->nr_free[8], 2);
	CHECK_EQ(z->nr_free[9], 0);

	n = drain(z, got, NPAGES);
	CHECK_EQ(n, 1000);
	for (u64 i = 0; i < n; i++)
		CHECK(pfn_of(got[i]) >= 3 && pfn_of(got[i]) < 1003);
	CHECK(buddy_check(z));
}

HTEST(holes_never_allocated)
{
	static struct page *got[NPAGES];
	static u8 seen[NPAGES];
	struct buddy_zone *z = fresh(0, NPAGES);
	u64 n;

	memset(seen, 0, sizeof(seen));
	buddy_free_range(z, 10, 290);
	buddy_free_range(z, 700, 1300);
	buddy_free_range(z, 2100, 1);
	buddy_free_range(z, 4000, 96);
	CHECK_EQ(z->total_pages, 290 + 1300 + 1 + 96);
	CHECK(buddy_check(z));

	n = drain(z, got, NPAGES);
	CHECK_EQ(n, z->total_pages);
	for (u64 i = 0; i < n; i++) {
		u64 pfn = pfn_of(got[i]);
		bool ok = (pfn >= 10 && pfn < 300) ||
			  (pfn >= 700 && pfn < 2000) || pfn == 2100 ||
			  pfn >= 4000;

		CHECK(ok);
		CHECK(!seen[pfn]);
		seen[pfn] = 1;
	}
	for (u64 i = 0; i < n; i++)
		CHECK_EQ(buddy_free_checked(z, got[i], 0), 0);
	CHECK_EQ(z->free_pages, z->total_pages);
	CHECK(buddy_check(z));
}

HTEST(ranges_clipped_and_not_doubled)
{
	struct buddy_zone *z = fresh(100, 1000);

	buddy_free_range(z, 0, 300);		/* only [100, 300) is ours */
	CHECK_EQ(z->total_pages, 200);
	buddy_free_range(z, 250, 100);		/* [250, 300) already free */
	CHECK_EQ(z->total_pages, 250);
	buddy_free_range(z, 1050, 1000);	/* only [1050, 1100) */
	CHECK_EQ(z->total_pages, 300);
	buddy_free_range(z, UINT64_MAX - 5, 100);	/* wraps: outside */
	buddy_free_range(z, 0, 0);
	CHECK_EQ(z->total_pages, 300);
	CHECK_EQ(z->free_pages, 300);
	CHECK(buddy_check(z));
}

HTEST(overlapping_release_shrinks_blocks)
{
	struct buddy_zone *z = fresh(0, 64);

	buddy_free_range(z, 8, 8);
	buddy_free_range(z, 40, 1);
	/* [0, 64) would be one block, but parts are already free. */
	buddy_free_range(z, 0, 64);
	CHECK_EQ(z->total_pages, 64);
	CHECK_EQ(z->free_pages, 64);
	CHECK_EQ(z->nr_free[6], 1);
	CHECK(buddy_check(z));
}

HTEST(alloc_each_order_aligned)
{
	struct buddy_zone *z = fresh(0, NPAGES);

	buddy_free_range(z, 0, NPAGES);
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		struct page *p = buddy_alloc(z, o);

		CHECK(p != NULL);
		if (!p)
			return;
		CHECK_EQ(pfn_of(p) & ((1ULL << o) - 1), 0);
		CHECK_EQ(p->order, o);
		CHECK_EQ(z->free_pages, NPAGES - (1ULL << o));
		CHECK(buddy_check(z));
		CHECK_EQ(buddy_free_checked(z, p, o), 0);
		CHECK_EQ(z->free_pages, NPAGES);
		CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], NPAGES >> BUDDY_MAX_ORDER);
	}
	CHECK(buddy_alloc(z, BUDDY_MAX_ORDER + 1) == NULL);
	CHECK(buddy_check(z));
}

HTEST(split_then_merge)
{
	struct buddy_zone *z = fresh(0, 1024);
	struct page *p;

	buddy_free_range(z, 0, 1024);
	p = buddy_alloc(z, 0);
	CHECK(p != NULL);
	CHECK_EQ(pfn_of(p), 0);
	/* One block of every lower order is left over from the split. */
	for (unsigned o = 0; o < BUDDY_MAX_ORDER; o++)
		CHECK_EQ(z->nr_free[o], 1);
	CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], 0);
	CHECK(buddy_check(z));
	buddy_free(z, p, 0);
	CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], 1);
	CHECK_EQ(z->nr_free[0], 0);
	CHECK(buddy_check(z));
}

HTEST(exhaust_and_coalesce)
{
	static struct page *got[NPAGES];
	struct buddy_zone *z = fresh(0, NPAGES);
	u64 n;

	buddy_free_range(z, 0, NPAGES);
	n = drain(z, got, NPAGES);
	CHECK_EQ(n, NPAGES);
	CHECK_EQ(z->free_pages, 0);
	CHECK(buddy_alloc(z, 0) == NULL);
	CHECK(buddy_check(z));

	/* Free in a shuffled order so merges happen in every pattern. */
	rng_state = 0x1234567;
	for (u64 i = n - 1; i > 0; i--) {
		u64 j = rng() % (i + 1);
		struct page *t = got[i];

		got[i] = got[j];
		got[j] = t;
	}
	for (u64 i = 0; i < n; i++)
		CHECK_EQ(buddy_free_checked(z, got[i], 0), 0);
	CHECK_EQ(z->free_pages, NPAGES);
	CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], NPAGES >> BUDDY_MAX_ORDER);
	CHECK(buddy_check(z));
}

HTEST(exhaust_high_order)
{
	struct buddy_zone *z = fresh(0, NPAGES);
	struct page *big[4];

	buddy_free_range(z, 0, NPAGES);
	for (int i = 0; i < 4; i++) {
		big[i] = buddy_alloc(z, BUDDY_MAX_ORDER);
		CHECK(big[i] != NULL);
	}
	CHECK(buddy_alloc(z, BUDDY_MAX_ORDER) == NULL);
	CHECK(buddy_alloc(z, 0) == NULL);
	for (int i = 0; i < 4; i++)
		buddy_free(z, big[i], BUDDY_MAX_ORDER);
	CHECK_EQ(z->free_pages, NPAGES);
	CHECK(buddy_check(z));
}

HTEST(fragmentation_blocks_higher_orders)
{
	static struct page *got[1024];
	struct buddy_zone *z = fresh(0, 1024);
	struct page *p;

	buddy_free_range(z, 0, 1024);
	CHECK_EQ(drain(z, got, 1024), 1024);
	/* Free every even frame: 512 free pages, no two adjacent. */
	for (int i = 0; i < 1024; i++)
		if (!(pfn_of(got[i]) & 1))
			buddy_free(z, got[i], 0);
	CHECK_EQ(z->free_pages, 512);
	CHECK(buddy_alloc(z, 1) == NULL);
	p = buddy_alloc(z, 0);
	CHECK(p != NULL && !(pfn_of(p) & 1));
	buddy_free(z, p, 0);
	CHECK(buddy_check(z));
	for (int i = 0; i < 1024; i++)
		if (pfn_of(got[i]) & 1)
			buddy_free(z, got[i], 0);
	CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], 1);
	CHECK(buddy_check(z));
}

HTEST(double_free_detected)
{
	struct buddy_zone *z = fresh(0, 1024);
	struct page *p, *q;
	u64 nr_free[BUDDY_NR_ORDERS];

	buddy_free_range(z, 0, 1024);
	p = buddy_alloc(z, 3);
	q = buddy_alloc(z, 3);		/* keeps p from merging away */
	CHECK(p && q);
	CHECK_EQ(buddy_free_checked(z, p, 3), 0);
	memcpy(nr_free, z->nr_free, sizeof(nr_free));
	CHECK_EQ(buddy_free_checked(z, p, 3), -1);
	buddy_free(z, p, 3);		/* the unchecked path is safe too */
	CHECK(memcmp(nr_free, z->nr_free, sizeof(nr_free)) == 0);
	CHECK_EQ(z->free_pages, 1024 - 8);
	CHECK(buddy_check(z));

	/* After q merges with p the old head is an interior page. */
	CHECK_EQ(buddy_free_checked(z, q, 3), 0);
	CHECK_EQ(buddy_free_checked(z, q, 3), -1);
	CHECK_EQ(buddy_free_checked(z, p, 3), -1);
	CHECK_EQ(z->free_pages, 1024);
	CHECK(buddy_check(z));
}

HTEST(bad_frees_rejected)
{
	struct buddy_zone *z = fresh(0, 1024);
	struct page other, *p;

	buddy_free_range(z, 0, 512);		/* [512, 1024) stays reserved */
	p = buddy_alloc(z, 2);
	CHECK(p != NULL);
	memset(&other, 0, sizeof(other));
	other.flags = PG_ALLOCATED;

	CHECK_EQ(buddy_free_checked(z, p + 1, 0), -1);	/* tail page */
	CHECK_EQ(buddy_free_checked(z, p, 1), -1);	/* wrong order */
	CHECK_EQ(buddy_free_checked(z, p, 3), -1);
	CHECK_EQ(buddy_free_checked(z, p, BUDDY_MAX_ORDER + 1), -1);
	CHECK_EQ(buddy_free_checked(z, &pages[600], 0), -1);	/* reserved */
	CHECK_EQ(buddy_free_checked(z, &other, 0), -1);	/* foreign */
	CHECK_EQ(buddy_free_checked(z, NULL, 0), -1);
	CHECK_EQ(buddy_free_checked(z,
			(struct page *)((char *)p + 1), 2), -1);	/* skewed */
	CHECK_EQ(z->free_pages, 512 - 4);
	CHECK(buddy_check(z));
	CHECK_EQ(buddy_free_checked(z, p, 2), 0);
	CHECK_EQ(z->free_pages, 512);
	CHECK(buddy_check(z));
}

HTEST(pfn_conversion)
{
	struct buddy_zone *z = fresh(0x1000, 64);

	CHECK(buddy_pfn_to_page(z, 0x1000) == &pages[0]);
	CHECK(buddy_pfn_to_page(z, 0x103f) == &pages[63]);
	CHECK(buddy_pfn_to_page(z, 0x1040) == NULL);
	CHECK(buddy_pfn_to_page(z, 0xfff) == NULL);
	CHECK_EQ(buddy_page_to_pfn(z, &pages[5]), 0x1005);
	CHECK_EQ(PFN_PHYS(0x1005), 0x1005000);
	CHECK_EQ(PFN_DOWN(0x1005fff), 0x1005);
	CHECK_EQ(PFN_UP(0x1005001), 0x1006);
}

HTEST(alignment_follows_absolute_pfn)
{
	struct buddy_zone *z = fresh(1001, 2048);	/* [1001, 3049) */
	struct page *p;

	buddy_free_range(z, 1001, 2048);
	CHECK(buddy_check(z));
	/* Only [1024, 2048) is a whole naturally aligned 1024 block. */
	CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], 1);
	p = buddy_alloc(z, BUDDY_MAX_ORDER);
	CHECK(p != NULL && pfn_of(p) == 1024);
	CHECK(buddy_alloc(z, BUDDY_MAX_ORDER) == NULL);
	p = buddy_alloc(z, 9);
	CHECK(p != NULL && (pfn_of(p) & 511) == 0);
	CHECK(buddy_check(z));
}

HTEST(late_release_merges_with_neighbours)
{
	struct buddy_zone *z = fresh(0, 1024);
	struct page *p;

	buddy_free_range(z, 0, 512);
	p = buddy_alloc(z, 0);
	CHECK(p != NULL);
	buddy_free_range(z, 512, 512);		/* hot-add the upper half */
	CHECK_EQ(z->total_pages, 1024);
	CHECK(buddy_check(z));
	buddy_free(z, p, 0);
	CHECK_EQ(z->nr_free[BUDDY_MAX_ORDER], 1);
	CHECK_EQ(z->free_pages, 1024);
	CHECK(buddy_check(z));
}

HTEST(refcount_and_flags)
{
	struct buddy_zone *z = fresh(0, 64);
	struct page *p;

	buddy_free_range(z, 0, 64);
	p = buddy_alloc(z, 1);
	CHECK(p != NULL);
	CHECK_EQ(p->refcount, 1);
	CHECK(p->flags & PG_ALLOCATED);
	CHECK(!(p->flags & PG_BUDDY));
	CHECK_EQ(p[1].flags, 0);
	buddy_free(z, p, 1);
	CHECK_EQ(p->refcount, 0);
	CHECK(!(p->flags & PG_ALLOCATED));
}

HTEST(check_catches_corruption)
{
	struct buddy_zone *z = fresh(0, 64);

	buddy_free_range(z, 0, 64);
	CHECK(buddy_check(z));
	z->free_pages++;
	CHECK(!buddy_check(z));
	z->free_pages--;
	pages[5].flags |= PG_BUDDY;		/* stray head inside a block */
	CHECK(!buddy_check(z));
	pages[5].flags &= ~PG_BUDDY;
	z->nr_free[0]++;
	CHECK(!buddy_check(z));
	z->nr_free[0]--;
	CHECK(buddy_check(z));
}

struct live {
	struct page *p;
	unsigned order;
};

/* Random allocs and frees against a shadow owner map of every frame. */
HTEST(random_stress)
{
	static struct live live[NPAGES];
	static u32 owner[NPAGES];
	static u64 nr_free0[BUDDY_NR_ORDERS];
	const u64 base = 7, n = 4000;
	struct buddy_zone *z = fresh(base, n);
	u64 nlive = 0, live_pages = 0;

	memset(owner, 0, sizeof(owner));
	buddy_free_range(z, base, 1500);
	buddy_free_range(z, 1700, n - 1700 + base);	/* hole [1507,1700) */
	memcpy(nr_free0, z->nr_free, sizeof(nr_free0));
	rng_state = 0xdecafbad12345ULL;

	for (u32 op = 1; op <= 30000; op++) {
		bool do_alloc = nlive == 0 || (rng() % 100) < 52;

		if (do_alloc) {
			/* Mostly small orders, the occasional big one. */
			unsigned order = (unsigned)(rng() % 4);
			struct page *p;
			u64 pfn;

			if (rng() % 16 == 0)
				order = (unsigned)(rng() % (BUDDY_MAX_ORDER + 1));
			p = buddy_alloc(z, order);
			if (!p)
				continue;
			pfn = pfn_of(p);
			CHECK_EQ(pfn & ((1ULL << order) - 1), 0);
			CHECK(pfn >= base && pfn + (1ULL << order) <= base + n);
			CHECK(pfn + (1ULL << order) <= 1507 || pfn >= 1700);
			for (u64 i = 0; i < (1ULL << order); i++) {
				CHECK_EQ(owner[pfn - base + i], 0);
				owner[pfn - base + i] = op;
			}
			live[nlive++] = (struct live){ p, order };
			live_pages += 1ULL << order;
		} else {
			u64 k = rng() % nlive;
			struct live l = live[k];
			u64 pfn = pfn_of(l.p);

			live[k] = live[--nlive];
			for (u64 i = 0; i < (1ULL << l.order); i++)
				owner[pfn - base + i] = 0;
			live_pages -= 1ULL << l.order;
			CHECK_EQ(buddy_free_checked(z, l.p, l.order), 0);
			if (rng() % 8 == 0)	/* immediate double free */
				CHECK_EQ(buddy_free_checked(z, l.p, l.order), -1);
		}
		CHECK_EQ(z->free_pages + live_pages, z->total_pages);
		if (op % 500 == 0)
			CHECK(buddy_check(z));
		if (htest_failed_now)
			return;
	}
	CHECK(buddy_check(z));
	while (nlive) {
		nlive--;
		CHECK_EQ(buddy_free_checked(z, live[nlive].p,
					    live[nlive].order), 0);
	}
	CHECK_EQ(z->free_pages, z->total_pages);
	CHECK(memcmp(nr_free0, z->nr_free, sizeof(nr_free0)) == 0);
	CHECK(buddy_check(z));
}

HTEST_MAIN("buddy")
