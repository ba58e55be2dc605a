// SPDX-License-Identifier: MIT
/*
 * Slab allocator, portable core (also built into host tests).
 *
 * Each slab is 2^order pages of equal slots.  Its head struct page holds
 * the cache, the first object, the in-use count and the freelist; later
 * pages point back at the head so any interior address finds it.
 *
 * A free slot's first word is FREE_MAGIC ORed with the index of the next
 * free slot.  Keeping the link as an index under a canary lets us notice
 * a write to a free object (on allocation) and a double free (on free)
 * with one compare; a canary hit on free is confirmed by walking the
 * slab's freelist, so a live object that happens to hold the pattern is
 * never refused.  Misuse is counted in slab_stats.errors and ignored.
 */
#include <umka/types.h>
#include <umka/compiler.h>
#include <umka/list.h>
#include <umka/page.h>
#include <umka/slab.h>

#define FREE_MAGIC	0x6b5ab0f4ee5e0000ULL	/* low 16 bits hold a link */
#define FREE_IDX_MASK	0xffffULL
#define FREE_END	0xffffU
/* A slab should hold at least this many objects unless they are huge. */
#define SLAB_MIN_OBJS	4

/* Every slot index of the largest slab must fit in a link, and in inuse. */
_Static_assert((PAGE_SIZE << SLAB_MAX_ORDER) / sizeof(u64) < FREE_END,
	       "slab too large for 16-bit freelist links");

static const struct slab_backend *backend;
static struct kmem_cache cache_table[SLAB_MAX_CACHES];
static struct kmem_cache *kmalloc_caches[KMALLOC_NR_CLASSES];
static u64 large_bytes, large_blocks, slab_errors;

static const size_t kmalloc_sizes[KMALLOC_NR_CLASSES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

static const char *const kmalloc_names[KMALLOC_NR_CLASSES] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64",
	"kmalloc-96", "kmalloc-128", "kmalloc-192", "kmalloc-256",
	"kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
	"kmalloc-8k",
};

static inline size_t slab_bytes(unsigned order)
{
	return PAGE_SIZE << order;
}

/*
 * Smallest order that holds SLAB_MIN_OBJS objects wasting at most 1/8 of
 * the slab; failing that, the order wasting the smallest share.
 */
static unsigned pick_order(size_t size)
{
	unsigned best = SLAB_MAX_ORDER;

	for (unsigned o = 0; o <= SLAB_MAX_ORDER; o++) {
		size_t bytes = slab_bytes(o);

		if (bytes / size >= SLAB_MIN_OBJS && bytes % size <= bytes / 8)
			return o;
	}
	for (unsigned o = SLAB_MAX_ORDER; o-- > 0;) {
		size_t bytes = slab_bytes(o);

		/* waste(o)/bytes(o) <= waste(best)/bytes(best), crosswise */
		if (bytes >= size && (bytes % size) * slab_bytes(best) <=
		    (slab_bytes(best) % size) * bytes)
			best = o;
	}
	return best;
}

static struct kmem_cache *__kmem_cache_create(const char *name, size_t size,
				     size_t align)
{
	struct kmem_cache *c = NULL;

	if (align == 0)
		align = sizeof(u64);
	if ((align & (align - 1)) || align > PAGE_SIZE)
		return NULL;
	/* Free slots hold a u64 link. */
	align = max(align, sizeof(u64));
	if (size == 0 || size > slab_bytes(SLAB_MAX_ORDER) ||
	    ALIGN_UP(size, align) > slab_bytes(SLAB_MAX_ORDER))
		return NULL;

	for (unsigned i = 0; i < SLAB_MAX_CACHES && !c; i++)
		if (!cache_table[i].active)
			c = &cache_table[i];
	if (!c)
		return NULL;

	*c = (struct kmem_cache){
		.name = name,
		.object_size = size,
		.size = ALIGN_UP(size, align),
		.align = align,
		.active = true,
	};
	c->order = pick_order(c->size);
	c->objs_per_slab = (unsigned)(slab_bytes(c->order) / c->size);
	list_init(&c->partial);
	list_init(&c->full);
	return c;
}

static inline char *slot(const struct kmem_cache *c, const struct page *pg,
			 u64 idx)
{
	return (char *)pg->s_mem + idx * c->size;
}

/* Slot index of @obj in the slab, or -1 if it is not a slot start. */
static s64 obj_index(const struct kmem_cache *c, const struct page *pg,
		     const void *obj)
{
	uintptr_t base = (uintptr_t)pg->s_mem, addr = (uintptr_t)obj;

	if (addr < base || (addr - base) % c->size ||
	    (addr - base) / c->size >= c->objs_per_slab)
		return -1;
	return (s64)((addr - base) / c->size);
}

/* Point the later pages of a slab at its head, or clear them again. */
static bool mark_tails(struct kmem_cache *c, struct page *head, char *mem,
		       bool set)
{
	for (size_t i = 1; i < ((size_t)1 << c->order); i++) {
		struct page *t = backend->virt_to_page(mem + i * PAGE_SIZE);

		if (!t) {
			if (set)	/* undo what we did so far */
				mark_tails(c, head, mem, false);
			return false;
		}
		if (set) {
			t->flags |= PG_SLAB_TAIL;
			t->slab_cache = c;
			t->slab_head = head;
		} else if (t->flags & PG_SLAB_TAIL) {
			t->flags &= ~PG_SLAB_TAIL;
			t->slab_cache = NULL;
			t->slab_head = NULL;
		}
	}
	return true;
}

/* 2^order pages and their head descriptor from the backend, or NULL. */
static void *backend_alloc(unsigned order, struct page **pg)
{
	void *mem;

	*pg = NULL;
	if (!backend)
		return NULL;
	mem = backend->alloc_pages(order, pg);
	if (mem && !*pg)
		*pg = backend->virt_to_page(mem);
	/* Without a descriptor the block can be neither tracked nor freed. */
	return *pg ? mem : NULL;
}

static struct page *slab_grow(struct kmem_cache *c)
{
	struct page *pg;
	char *mem = backend_alloc(c->order, &pg);

	if (!mem)
		return NULL;
	if (!mark_tails(c, pg, mem, true)) {
		backend->free_pages(mem, pg, c->order);
		return NULL;
	}

	pg->flags = (pg->flags | PG_SLAB) & ~PG_SLAB_BROKEN;
	pg->slab_cache = c;
	pg->s_mem = mem;
	pg->inuse = 0;
	for (u64 i = 0; i < c->objs_per_slab; i++) {
		u64 next = i + 1 < c->objs_per_slab ? i + 1 : FREE_END;

		*(u64 *)slot(c, pg, i) = FREE_MAGIC | next;
	}
	pg->freelist = mem;

	/* Empty slabs go last so partly used ones are filled first. */
	list_add_tail(&pg->lru, &c->partial);
	c->slabs++;
	c->empty_slabs++;
	return pg;
}

static void slab_release(struct kmem_cache *c, struct page *pg)
{
	void *mem = pg->s_mem;

	list_del(&pg->lru);
	mark_tails(c, pg, mem, false);
	pg->flags &= ~(PG_SLAB | PG_SLAB_BROKEN);
	pg->slab_cache = NULL;
	pg->freelist = NULL;
	pg->s_mem = NULL;
	pg->inuse = 0;
	c->slabs--;
	backend->free_pages(mem, pg, c->order);
}

static void *slab_pop(struct kmem_cache *c, struct page *pg)
{
	u64 *obj = pg->freelist;
	u64 next = *obj & FREE_IDX_MASK;

	if ((*obj & ~FREE_IDX_MASK) != FREE_MAGIC ||
	    (next != FREE_END && next >= c->objs_per_slab)) {
		/*
		 * Someone wrote to a free object, so the rest of the chain is
		 * untrustworthy.  Abandon it: the slab goes back to the
		 * backend once its live objects are freed.
		 */
		slab_errors++;
		pg->flags |= PG_SLAB_BROKEN;
		pg->freelist = NULL;
	} else {
		pg->freelist = next == FREE_END ? NULL : slot(c, pg, next);
	}
	*obj = 0;	/* do not leave the canary in a live object */
	return obj;
}

static void *__kmem_cache_alloc(struct kmem_cache *c)
{
	struct page *pg;
	void *obj;

	if (!c || !c->active)
		return NULL;
	if (list_empty(&c->partial) && !slab_grow(c))
		return NULL;

	pg = list_first_entry(&c->partial, struct page, lru);
	if (pg->inuse == 0)
		c->empty_slabs--;
	obj = slab_pop(c, pg);
	pg->inuse++;
	if (!pg->freelist) {
		list_del(&pg->lru);
		list_add(&pg->lru, &c->full);
	}
	c->objects_in_use++;
	c->bytes_in_use += c->size;
	return obj;
}

/* Is @obj, whose first word holds the canary, really on the freelist? */
static bool on_freelist(const struct kmem_cache *c, const struct page *pg,
			const void *obj)
{
	const u64 *p = pg->freelist;

	/* A broken slab has no list to consult; trust the canary. */
	if (pg->flags & PG_SLAB_BROKEN)
		return true;
	for (unsigned n = 0; p && n < c->objs_per_slab; n++) {
		u64 next = *p & FREE_IDX_MASK;

		if (p == obj)
			return true;
		if (next == FREE_END || next >= c->objs_per_slab)
			break;
		p = (const u64 *)slot(c, pg, next);
	}
	return false;
}

static void slab_now_empty(struct kmem_cache *c, struct page *pg)
{
	/* Keep one empty slab to absorb alloc/free ping-pong. */
	if ((pg->flags & PG_SLAB_BROKEN) || c->empty_slabs >= 1) {
		slab_release(c, pg);
		return;
	}
	list_del(&pg->lru);
	list_add_tail(&pg->lru, &c->partial);
	c->empty_slabs++;
}

static void slab_free(struct kmem_cache *c, struct page *pg, void *obj)
{
	u64 *word = obj;
	bool was_full = !pg->freelist;

	if (obj_index(c, pg, obj) < 0 || pg->inuse == 0 ||
	    ((*word & ~FREE_IDX_MASK) == FREE_MAGIC &&
	     on_freelist(c, pg, obj))) {
		slab_errors++;
		return;
	}

	if (pg->freelist)
		*word = FREE_MAGIC | (u64)obj_index(c, pg, pg->freelist);
	else
		*word = FREE_MAGIC | FREE_END;
	if (!(pg->flags & PG_SLAB_BROKEN))
		pg->freelist = obj;
	pg->inuse--;
	c->objects_in_use--;
	c->bytes_in_use -= c->size;

	if (pg->inuse == 0)
		slab_now_empty(c, pg);
	else if (was_full && pg->freelist) {
		list_del(&pg->lru);
		list_add(&pg->lru, &c->partial);
	}
}

/* Descriptor of the page holding @p with slab tails resolved, or NULL. */
static struct page *lookup_page(const void *p)
{
	struct page *pg = backend ? backend->virt_to_page(p) : NULL;

	if (pg && (pg->flags & PG_SLAB_TAIL))
		pg = pg->slab_head;
	return pg;
}

/* The head descriptor of the slab holding @obj, or NULL. */
static struct page *obj_to_slab(const void *obj)
{
	struct page *pg = lookup_page(obj);

	return pg && (pg->flags & PG_SLAB) ? pg : NULL;
}

static void __kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct page *pg;

	if (!obj)
		return;
	pg = obj_to_slab(obj);
	if (!c || !pg || pg->slab_cache != c) {
		slab_errors++;
		return;
	}
	slab_free(c, pg, obj);
}

static int __kmem_cache_destroy(struct kmem_cache *c)
{
	struct page *pg, *n;

	if (!c || !c->active || c->is_kmalloc || c->objects_in_use)
		return -1;
	/* Nothing is in use, so every remaining slab is empty. */
	list_for_each_entry_safe(pg, n, &c->partial, lru)
		slab_release(c, pg);
	list_for_each_entry_safe(pg, n, &c->full, lru)
		slab_release(c, pg);
	c->active = false;
	return 0;
}

void slab_init(const struct slab_backend *be)
{
	backend = be;
	for (unsigned i = 0; i < SLAB_MAX_CACHES; i++)
		cache_table[i].active = false;
	large_bytes = 0;
	large_blocks = 0;
	slab_errors = 0;

	for (unsigned i = 0; i < KMALLOC_NR_CLASSES; i++) {
		size_t size = kmalloc_sizes[i];
		/* Largest power of two dividing the size: 96 -> 32. */
		size_t align = min(size & -size, PAGE_SIZE);

		kmalloc_caches[i] = __kmem_cache_create(kmalloc_names[i], size,
						      align);
		if (kmalloc_caches[i])
			kmalloc_caches[i]->is_kmalloc = true;
	}
}

struct kmem_cache *kmalloc_cache(size_t size)
{
	if (size == 0)
		return NULL;
	for (unsigned i = 0; i < KMALLOC_NR_CLASSES; i++)
		if (size <= kmalloc_sizes[i])
			return kmalloc_caches[i];
	return NULL;
}

static void *kmalloc_large(size_t size)
{
	struct page *pg;
	unsigned order = 0;
	void *mem;

	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	while (slab_bytes(order) < size)
		order++;
	mem = backend_alloc(order, &pg);
	if (!mem)
		return NULL;
	pg->flags |= PG_LARGE;
	pg->large_order = (u8)order;
	pg->s_mem = mem;
	pg->slab_cache = NULL;
	large_bytes += slab_bytes(order);
	large_blocks++;
	return mem;
}

static void kfree_large(struct page *pg)
{
	unsigned order = pg->large_order;
	void *mem = pg->s_mem;

	pg->flags &= ~PG_LARGE;
	pg->s_mem = NULL;
	large_bytes -= slab_bytes(order);
	large_blocks--;
	backend->free_pages(mem, pg, order);
}

static void *__kmalloc(size_t size)
{
	if (size == 0)
		return NULL;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size);
	return __kmem_cache_alloc(kmalloc_cache(size));
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		__builtin_memset(p, 0, ksize(p));
	return p;
}

static void __kfree(const void *p)
{
	struct page *pg;
	void *obj = (void *)(uintptr_t)p;	/* freeing ends const */

	if (!p)
		return;
	pg = lookup_page(p);
	if (pg && (pg->flags & PG_SLAB))
		slab_free(pg->slab_cache, pg, obj);
	else if (pg && (pg->flags & PG_LARGE) && pg->s_mem == p)
		kfree_large(pg);
	else
		slab_errors++;
}

static size_t __ksize(const void *p)
{
	struct page *pg;

	if (!p)
		return 0;
	pg = lookup_page(p);
	if (pg && (pg->flags & PG_SLAB) &&
	    obj_index(pg->slab_cache, pg, p) >= 0)
		return pg->slab_cache->size;
	if (pg && (pg->flags & PG_LARGE) && pg->s_mem == p)
		return slab_bytes(pg->large_order);
	return 0;
}

static void __slab_stats(struct slab_stats *st)
{
	*st = (struct slab_stats){ 0 };
	for (unsigned i = 0; i < SLAB_MAX_CACHES; i++) {
		const struct kmem_cache *c = &cache_table[i];

		if (!c->active)
			continue;
		st->slab_bytes += c->slabs * slab_bytes(c->order);
		st->bytes_in_use += c->bytes_in_use;
		st->objects_in_use += c->objects_in_use;
		st->slabs += c->slabs;
	}
	st->large_bytes = large_bytes;
	st->total_bytes = st->slab_bytes + large_bytes;
	st->bytes_in_use += large_bytes;
	st->objects_in_use += large_blocks;
	st->errors = slab_errors;
}

/*
 * The public entry points: the same operations under the backend's lock
 * (the kernel passes a spinlock; host tests run single-threaded).
 */
static unsigned long slab_lock(void)
{
	return backend && backend->lock ? backend->lock() : 0;
}

static void slab_unlock(unsigned long flags)
{
	if (backend && backend->unlock)
		backend->unlock(flags);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align)
{
	unsigned long f = slab_lock();
	struct kmem_cache *c = __kmem_cache_create(name, size, align);

	slab_unlock(f);
	return c;
}

int kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long f = slab_lock();
	int ret = __kmem_cache_destroy(c);

	slab_unlock(f);
	return ret;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	unsigned long f = slab_lock();
	void *p = __kmem_cache_alloc(c);

	slab_unlock(f);
	return p;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	unsigned long f = slab_lock();

	__kmem_cache_free(c, obj);
	slab_unlock(f);
}

void *kmalloc(size_t size)
{
	unsigned long f = slab_lock();
	void *p = __kmalloc(size);

	slab_unlock(f);
	return p;
}

void kfree(const void *p)
{
	unsigned long f = slab_lock();

	__kfree(p);
	slab_unlock(f);
}

size_t ksize(const void *p)
{
	unsigned long f = slab_lock();
	size_t n = __ksize(p);

	slab_unlock(f);
	return n;
}

void slab_stats(struct slab_stats *st)
{
	unsigned long f = slab_lock();

	__slab_stats(st);
	slab_unlock(f);
}
