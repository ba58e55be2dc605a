// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the slab allocator core (mm/slab.c).  The backend is
 * the real buddy allocator over a host arena, with one struct page per
 * arena page as the side table; the arena is aligned to the largest buddy
 * block so buddy alignment carries over to virtual addresses.
 */
#include "htest.h"

#include <umka/buddy.h>
#include <umka/slab.h>

#define ARENA_PAGES	4096			/* 16 MiB */
#define ARENA_ALIGN	(PAGE_SIZE << BUDDY_MAX_ORDER)

static char *arena;
static struct page arena_pages[ARENA_PAGES];
static struct buddy_zone zone;
static unsigned fail_allocs;		/* fail this many backend allocs */
static unsigned bad_backend_frees;	/* frees the buddy refused */

static void *page_addr(const struct page *pg)
{
	return arena + (buddy_page_to_pfn(&zone, pg) << PAGE_SHIFT);
}

static void *be_alloc_pages(unsigned order, struct page **pg)
{
	struct page *p;

	if (fail_allocs) {
		fail_allocs--;
		return NULL;
	}
	p = buddy_alloc(&zone, order);
	if (!p)
		return NULL;
	*pg = p;
	return page_addr(p);
}

static void be_free_pages(void *addr, struct page *pg, unsigned order)
{
	/* The slab must have cleared everything it set on the head. */
	if (addr != page_addr(pg) ||
	    (pg->flags & (PG_SLAB | PG_SLAB_TAIL | PG_LARGE)) ||
	    buddy_free_checked(&zone, pg, order))
		bad_backend_frees++;
}

static struct page *be_virt_to_page(const void *addr)
{
	uintptr_t a = (uintptr_t)addr, base = (uintptr_t)arena;

	if (a < base || a >= base + ARENA_PAGES * PAGE_SIZE)
		return NULL;
	return &arena_pages[(a - base) >> PAGE_SHIFT];
}

static const struct slab_backend backend = {
	.alloc_pages = be_alloc_pages,
	.free_pages = be_free_pages,
	.virt_to_page = be_virt_to_page,
};

static void setup(void)
{
	if (!arena)
		arena = aligned_alloc(ARENA_ALIGN, ARENA_PAGES * PAGE_SIZE);
	buddy_init(&zone, 0, ARENA_PAGES, arena_pages);
	buddy_free_range(&zone, 0, ARENA_PAGES);
	fail_allocs = 0;
	bad_backend_frees = 0;
	slab_init(&backend);
}

static struct slab_stats stats(void)
{
	struct slab_stats st;

	slab_stats(&st);
	return st;
}

static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static const size_t classes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

static size_t class_for(size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (size <= classes[i])
			return classes[i];
	return 0;
}

/* Pages of the arena the slab layer currently holds from the buddy. */
static u64 pages_taken(void)
{
	return zone.total_pages - zone.free_pages;
}

HTEST(kmalloc_zero_and_kfree_null)
{
	setup();
	CHECK(kmalloc(0) == NULL);
	CHECK(kzalloc(0) == NULL);
	kfree(NULL);
	CHECK_EQ(ksize(NULL), 0);
	CHECK_EQ(stats().errors, 0);
	CHECK_EQ(stats().objects_in_use, 0);
}

HTEST(every_size_maps_to_its_class)
{
	setup();
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		void *p = kmalloc(size);

		CHECK(p != NULL);
		CHECK_EQ(ksize(p), class_for(size));
		CHECK(kmalloc_cache(size) != NULL);
		CHECK_EQ(kmalloc_cache(size)->size, class_for(size));
		kfree(p);
		if (htest_failed_now)
			return;
	}
	CHECK(kmalloc_cache(0) == NULL);
	CHECK(kmalloc_cache(KMALLOC_MAX_CACHE_SIZE + 1) == NULL);
	CHECK_EQ(stats().objects_in_use, 0);
	CHECK_EQ(stats().errors, 0);
}

HTEST(class_alignment)
{
	static void *objs[64];

	setup();
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		size_t c = classes[i];
		size_t align = c & -c;		/* 96 -> 32, 192 -> 64 */

		for (int j = 0; j < 64; j++) {
			objs[j] = kmalloc(c);
			CHECK(objs[j] != NULL);
			CHECK_EQ((uintptr_t)objs[j] % align, 0);
			CHECK_EQ((uintptr_t)objs[j] % 8, 0);
		}
		for (int j = 0; j < 64; j++)
			kfree(objs[j]);
	}
	CHECK_EQ(stats().errors, 0);
}

HTEST(objects_distinct_and_patterns_survive)
{
	static u8 *objs[2000];

	setup();
	for (int i = 0; i < 2000; i++) {
		objs[i] = kmalloc(64);
		CHECK(objs[i] != NULL);
		if (!objs[i])
			return;
		memset(objs[i], i & 0xff, 64);
	}
	for (int i = 0; i < 2000; i++)
		for (int b = 0; b < 64; b++)
			if (objs[i][b] != (i & 0xff)) {
				CHECK(!"pattern clobbered");
				return;
			}
	CHECK_EQ(stats().objects_in_use, 2000);
	CHECK_EQ(stats().bytes_in_use, 2000 * 64);
	for (int i = 0; i < 2000; i++)
		kfree(objs[i]);
	CHECK_EQ(stats().objects_in_use, 0);
	CHECK_EQ(stats().errors, 0);
}

HTEST(ksize_rejects_non_objects)
{
	int on_stack = 0;
	char *p;

	setup();
	p = kmalloc(100);
	CHECK(p != NULL);
	CHECK_EQ(ksize(p), 128);
	CHECK_EQ(ksize(p + 1), 0);
	CHECK_EQ(ksize(&on_stack), 0);
	kfree(p);
}

HTEST(kzalloc_zeroes_whole_object)
{
	u8 *p;

	setup();
	p = kmalloc(128);
	CHECK(p != NULL);
	memset(p, 0xaa, 128);
	kfree(p);
	p = kzalloc(100);
	CHECK(p != NULL);
	for (size_t i = 0; i < ksize(p); i++)
		CHECK_EQ(p[i], 0);
	kfree(p);

	p = kmalloc(20000);
	memset(p, 0x55, ksize(p));
	kfree(p);
	p = kzalloc(20000);
	CHECK(p != NULL);
	for (size_t i = 0; i < ksize(p); i++)
		CHECK_EQ(p[i], 0);
	kfree(p);
}

HTEST(large_allocations_use_pages)
{
	u64 before;
	char *p, *q;

	setup();
	before = pages_taken();
	p = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1);	/* 3 pages -> order 2 */
	CHECK(p != NULL);
	CHECK_EQ((uintptr_t)p % PAGE_SIZE, 0);
	CHECK_EQ(ksize(p), 4 * PAGE_SIZE);
	CHECK_EQ(pages_taken() - before, 4);
	memset(p, 0x11, ksize(p));
	CHECK_EQ(stats().large_bytes, 4 * PAGE_SIZE);
	CHECK_EQ(stats().objects_in_use, 1);

	q = kmalloc(KMALLOC_MAX_SIZE);
	CHECK(q != NULL);
	CHECK_EQ(ksize(q), KMALLOC_MAX_SIZE);
	CHECK(kmalloc(KMALLOC_MAX_SIZE + 1) == NULL);
	CHECK(kmalloc((size_t)-1) == NULL);

	kfree(p);
	kfree(q);
	CHECK_EQ(pages_taken(), before);
	CHECK_EQ(stats().large_bytes, 0);
	CHECK_EQ(stats().total_bytes, stats().slab_bytes);
	CHECK_EQ(stats().errors, 0);
	CHECK_EQ(bad_backend_frees, 0);
	CHECK(buddy_check(&zone));
}

HTEST(large_misuse_detected)
{
	char *p;
	u64 taken;

	setup();
	p = kmalloc(5 * PAGE_SIZE);
	CHECK(p != NULL);
	taken = pages_taken();
	kfree(p + 8);			/* interior of the head page */
	kfree(p + 2 * PAGE_SIZE);	/* a later page */
	CHECK_EQ(stats().errors, 2);
	CHECK_EQ(pages_taken(), taken);
	CHECK_EQ(ksize(p + PAGE_SIZE), 0);
	kfree(p);
	kfree(p);			/* double free */
	CHECK_EQ(stats().errors, 3);
	CHECK_EQ(stats().large_bytes, 0);
	CHECK_EQ(bad_backend_frees, 0);
	CHECK(buddy_check(&zone));
}

HTEST(double_free_detected)
{
	void *keep, *p, *q, *a, *b;
	struct kmem_cache *c;

	setup();
	c = kmalloc_cache(32);
	keep = kmalloc(32);		/* keeps the slab from emptying */
	p = kmalloc(32);
	q = kmalloc(32);
	CHECK(keep && p && q);
	kfree(p);
	kfree(q);
	kfree(p);			/* p is not the freelist head */
	kfree(q);
	CHECK_EQ(stats().errors, 2);
	CHECK_EQ(c->objects_in_use, 1);
	/* Had the extra frees gone through, these would alias. */
	a = kmalloc(32);
	b = kmalloc(32);
	CHECK(a != NULL && b != NULL && a != b);
	CHECK(a != keep && b != keep);
	kfree(a);
	kfree(b);
	kfree(keep);
	kfree(keep);			/* slab now empty: still caught */
	CHECK_EQ(stats().errors, 3);
	CHECK_EQ(stats().objects_in_use, 0);
}

HTEST(canary_in_live_object_is_not_a_double_free)
{
	void *x, *a, *b;
	u64 canary;

	setup();
	x = kmalloc(64);
	a = kmalloc(64);
	CHECK(x != NULL && a != NULL);
	kfree(x);
	/* The free slot now starts with the canary; copy it into live ones. */
	memcpy(&canary, x, sizeof(canary));
	b = kmalloc(64);
	CHECK(b == x);
	memcpy(a, &canary, sizeof(canary));
	memcpy(b, &canary, sizeof(canary));
	kfree(a);
	kfree(b);
	CHECK_EQ(stats().errors, 0);
	CHECK_EQ(stats().objects_in_use, 0);
}

HTEST(wrong_cache_free_detected)
{
	struct kmem_cache *a, *b;
	void *obj;

	setup();
	a = kmem_cache_create("a", 48, 0);
	b = kmem_cache_create("b", 48, 0);
	CHECK(a && b);
	obj = kmem_cache_alloc(a);
	CHECK(obj != NULL);
	kmem_cache_free(b, obj);
	CHECK_EQ(stats().errors, 1);
	CHECK_EQ(a->objects_in_use, 1);
	CHECK_EQ(b->objects_in_use, 0);
	kmem_cache_free(kmalloc_cache(48), obj);
	kmem_cache_free(NULL, obj);
	CHECK_EQ(stats().errors, 3);
	kmem_cache_free(a, obj);
	CHECK_EQ(a->objects_in_use, 0);
	kmem_cache_free(a, NULL);
	CHECK_EQ(stats().errors, 3);
}

HTEST(foreign_and_interior_pointers_rejected)
{
	int on_stack;
	char *heap = malloc(64);
	char *p;

	setup();
	p = kmalloc(256);
	CHECK(p != NULL);
	kfree(&on_stack);
	kfree(heap);
	kfree(p + 8);
	kfree(arena + (ARENA_PAGES - 1) * PAGE_SIZE);	/* free buddy page */
	CHECK_EQ(stats().errors, 4);
	CHECK_EQ(stats().objects_in_use, 1);
	kfree(p);
	CHECK_EQ(stats().objects_in_use, 0);
	CHECK_EQ(stats().errors, 4);
	free(heap);
}

HTEST(use_after_free_write_detected)
{
	static void *objs[200];
	struct kmem_cache *c;
	void *victim, *p;

	setup();
	c = kmalloc_cache(128);
	for (int i = 0; i < 20; i++)
		objs[i] = kmalloc(128);
	victim = objs[19];
	kfree(victim);
	memset(victim, 0x41, 16);	/* scribble over the free slot */
	p = kmalloc(128);		/* pops the scribbled slot */
	CHECK(p == victim);
	CHECK_EQ(stats().errors, 1);
	objs[19] = p;
	/* The damaged slab cannot consult its freelist but still refuses. */
	kfree(objs[0]);
	kfree(objs[0]);
	CHECK_EQ(stats().errors, 2);
	objs[0] = NULL;

	/* The cache keeps working and never hands out a live object. */
	for (int i = 20; i < 200; i++) {
		objs[i] = kmalloc(128);
		CHECK(objs[i] != NULL);
		memset(objs[i], i, 128);
	}
	for (int i = 1; i < 200; i++)
		for (int j = i + 1; j < 200; j++)
			if (objs[i] == objs[j]) {
				CHECK(!"object handed out twice");
				return;
			}
	for (int i = 0; i < 200; i++)
		kfree(objs[i]);
	CHECK_EQ(c->objects_in_use, 0);
	CHECK(c->slabs <= 1);
	CHECK_EQ(stats().errors, 2);
	CHECK_EQ(bad_backend_frees, 0);
	CHECK(buddy_check(&zone));
}

HTEST(empty_slabs_returned_but_one)
{
	static void *objs[1000];
	struct kmem_cache *c;
	u64 base;

	setup();
	base = pages_taken();
	c = kmalloc_cache(256);
	for (int i = 0; i < 1000; i++)
		objs[i] = kmalloc(256);
	CHECK(c->slabs >= 1000 / c->objs_per_slab);
	CHECK(pages_taken() > base);
	for (int i = 0; i < 1000; i++)
		kfree(objs[i]);
	CHECK_EQ(c->slabs, 1);
	CHECK_EQ(c->empty_slabs, 1);
	CHECK_EQ(pages_taken() - base, 1ULL << c->order);
	/* The kept slab is reused rather than a new one being taken. */
	objs[0] = kmalloc(256);
	CHECK_EQ(pages_taken() - base, 1ULL << c->order);
	kfree(objs[0]);
	CHECK_EQ(stats().errors, 0);
}

HTEST(multi_page_slabs_resolve_tails)
{
	static void *objs[40];
	struct kmem_cache *c;
	u64 marked = 0;

	setup();
	c = kmalloc_cache(8192);
	CHECK(c->order > 0);
	for (int i = 0; i < 40; i++) {
		objs[i] = kmalloc(8192);
		CHECK(objs[i] != NULL);
		CHECK_EQ((uintptr_t)objs[i] % 8192, 0);
		memset(objs[i], i, 8192);
	}
	for (int i = 0; i < 40; i++) {
		/* Every byte, including ones on tail pages, maps back. */
		CHECK_EQ(ksize(objs[i]), 8192);
		kfree(objs[i]);
	}
	CHECK_EQ(stats().errors, 0);
	CHECK_EQ(c->slabs, 1);
	/* Only the one kept slab may still mark pages. */
	for (int i = 0; i < ARENA_PAGES; i++)
		if (arena_pages[i].flags & (PG_SLAB | PG_SLAB_TAIL))
			marked++;
	CHECK_EQ(marked, 1ULL << c->order);
	CHECK_EQ(bad_backend_frees, 0);
	CHECK(buddy_check(&zone));
}

HTEST(custom_caches)
{
	struct kmem_cache *a, *b, *big;
	void *pa[50], *pb[50], *pbig[10];

	setup();
	a = kmem_cache_create("obj24", 24, 16);
	b = kmem_cache_create("obj100", 100, 64);
	big = kmem_cache_create("obj3000", 3000, 0);
	CHECK(a && b && big);
	if (!a || !b || !big)
		return;
	CHECK_STR(a->name, "obj24");
	CHECK_EQ(a->size, 32);
	CHECK_EQ(b->size, 128);
	CHECK_EQ(big->size, 3000);
	for (int i = 0; i < 50; i++) {
		pa[i] = kmem_cache_alloc(a);
		pb[i] = kmem_cache_alloc(b);
		CHECK(pa[i] && pb[i]);
		CHECK_EQ((uintptr_t)pa[i] % 16, 0);
		CHECK_EQ((uintptr_t)pb[i] % 64, 0);
		memset(pa[i], 0xa0, 24);
		memset(pb[i], 0xb0, 100);
	}
	for (int i = 0; i < 10; i++) {
		pbig[i] = kmem_cache_alloc(big);
		CHECK(pbig[i] != NULL);
		CHECK_EQ((uintptr_t)pbig[i] % 8, 0);
		memset(pbig[i], 0xc0, 3000);
		CHECK_EQ(ksize(pbig[i]), 3000);
	}
	CHECK_EQ(ksize(pa[0]), 32);
	CHECK_EQ(kmem_cache_destroy(a), -1);		/* still in use */
	for (int i = 0; i < 50; i++) {
		kmem_cache_free(a, pa[i]);
		kfree(pb[i]);			/* kfree works for any cache */
	}
	for (int i = 0; i < 10; i++)
		kmem_cache_free(big, pbig[i]);
	CHECK_EQ(kmem_cache_destroy(a), 0);
	CHECK_EQ(kmem_cache_destroy(b), 0);
	CHECK_EQ(kmem_cache_destroy(big), 0);
	CHECK_EQ(kmem_cache_destroy(a), -1);		/* already gone */
	CHECK_EQ(kmem_cache_destroy(kmalloc_cache(64)), -1);
	CHECK(kmem_cache_alloc(a) == NULL);
	CHECK_EQ(stats().errors, 0);
	CHECK_EQ(bad_backend_frees, 0);
}

HTEST(cache_create_rejects_bad_args)
{
	struct kmem_cache *got[SLAB_MAX_CACHES];
	int n = 0;

	setup();
	CHECK(kmem_cache_create("zero", 0, 0) == NULL);
	CHECK(kmem_cache_create("npot", 64, 24) == NULL);
	CHECK(kmem_cache_create("huge-align", 64, 2 * PAGE_SIZE) == NULL);
	CHECK(kmem_cache_create("huge", (PAGE_SIZE << SLAB_MAX_ORDER) + 1,
				0) == NULL);
	CHECK(kmem_cache_create("max", PAGE_SIZE << SLAB_MAX_ORDER, 0));

	/* The table is finite; destroying a cache frees its slot. */
	while (n < SLAB_MAX_CACHES &&
	       (got[n] = kmem_cache_create("filler", 16, 0)) != NULL)
		n++;
	CHECK(n > 0 && n < SLAB_MAX_CACHES);
	CHECK(kmem_cache_create("one-too-many", 16, 0) == NULL);
	CHECK_EQ(kmem_cache_destroy(got[0]), 0);
	CHECK(kmem_cache_create("fits-again", 16, 0) != NULL);
}

HTEST(backend_failure_returns_null)
{
	struct slab_stats st;
	void *p;

	setup();
	fail_allocs = 1;
	CHECK(kmalloc(64) == NULL);
	fail_allocs = 1;
	CHECK(kmalloc(100000) == NULL);
	slab_stats(&st);
	CHECK_EQ(st.objects_in_use, 0);
	CHECK_EQ(st.total_bytes, 0);
	CHECK_EQ(pages_taken(), 0);
	p = kmalloc(64);
	CHECK(p != NULL);
	kfree(p);
	CHECK_EQ(stats().errors, 0);
}

HTEST(arena_exhaustion)
{
	static void *objs[ARENA_PAGES];
	int n = 0;

	setup();
	while (n < ARENA_PAGES && (objs[n] = kmalloc(4 * PAGE_SIZE)) != NULL)
		n++;
	CHECK_EQ(n, ARENA_PAGES / 4);
	CHECK(kmalloc(4 * PAGE_SIZE) == NULL);
	CHECK(kmalloc(8) == NULL);	/* no page left for a new slab */
	while (n)
		kfree(objs[--n]);
	CHECK_EQ(pages_taken(), 0);
	CHECK(buddy_check(&zone));
}

struct live_obj {
	u8 *p;
	size_t size;
	u8 seed;
};

static bool pattern_ok(const struct live_obj *l)
{
	for (size_t i = 0; i < l->size; i++)
		if (l->p[i] != (u8)(l->seed + i * 7))
			return false;
	return true;
}

static size_t random_size(void)
{
	u64 r = rng() % 100;

	if (r < 70)
		return 1 + rng() % 512;
	if (r < 97)
		return 1 + rng() % KMALLOC_MAX_CACHE_SIZE;
	return KMALLOC_MAX_CACHE_SIZE + 1 + rng() % (64 * 1024);
}

HTEST(random_stress_with_patterns)
{
	static struct live_obj live[3000];
	struct slab_stats st;
	unsigned nlive = 0;

	setup();
	rng_state = 0x5eed5eed1234ULL;
	for (unsigned op = 0; op < 40000; op++) {
		if (nlive < ARRAY_SIZE(live) &&
		    (nlive == 0 || rng() % 100 < 55)) {
			struct live_obj *l = &live[nlive];

			l->size = random_size();
			l->seed = (u8)rng();
			l->p = kmalloc(l->size);
			CHECK(l->p != NULL);
			if (!l->p)
				return;
			CHECK(ksize(l->p) >= l->size);
			for (size_t i = 0; i < l->size; i++)
				l->p[i] = (u8)(l->seed + i * 7);
			nlive++;
		} else {
			unsigned k = (unsigned)(rng() % nlive);

			CHECK(pattern_ok(&live[k]));
			kfree(live[k].p);
			live[k] = live[--nlive];
		}
		if (htest_failed_now)
			return;
	}
	CHECK(buddy_check(&zone));
	while (nlive) {
		nlive--;
		CHECK(pattern_ok(&live[nlive]));
		kfree(live[nlive].p);
	}
	slab_stats(&st);
	CHECK_EQ(st.objects_in_use, 0);
	CHECK_EQ(st.bytes_in_use, 0);
	CHECK_EQ(st.large_bytes, 0);
	CHECK_EQ(st.errors, 0);
	/* At most one kept slab per kmalloc class remains. */
	CHECK(st.slabs <= KMALLOC_NR_CLASSES);
	CHECK_EQ(st.total_bytes, pages_taken() * PAGE_SIZE);
	CHECK_EQ(bad_backend_frees, 0);
	CHECK(buddy_check(&zone));
}

HTEST(stats_track_bytes)
{
	struct slab_stats st;
	void *a, *b, *c;

	setup();
	a = kmalloc(10);		/* 16-byte class */
	b = kmalloc(200);		/* 256-byte class */
	c = kmalloc(3 * PAGE_SIZE);	/* order 2 block */
	slab_stats(&st);
	CHECK_EQ(st.objects_in_use, 3);
	CHECK_EQ(st.bytes_in_use, 16 + 256 + 4 * PAGE_SIZE);
	CHECK_EQ(st.slabs, 2);
	CHECK_EQ(st.slab_bytes, 2 * PAGE_SIZE);
	CHECK_EQ(st.total_bytes, st.slab_bytes + 4 * PAGE_SIZE);
	kfree(a);
	kfree(b);
	kfree(c);
	slab_stats(&st);
	CHECK_EQ(st.objects_in_use, 0);
	CHECK_EQ(st.bytes_in_use, 0);
	CHECK_EQ(st.slabs, 2);		/* one kept per cache */
	CHECK_EQ(st.errors, 0);
}

HTEST_MAIN("slab")
