// SPDX-License-Identifier: MIT
/*
 * The page allocator: one buddy zone over all RAM, behind a spinlock,
 * with a per-CPU cache of single pages in front so that the common
 * alloc/free of one page touches no shared cache line.
 */
#include <umka/mm.h>
#include <umka/buddy.h>
#include <umka/boot.h>
#include <umka/spinlock.h>
#include <umka/percpu.h>
#include <umka/irqflags.h>
#include <umka/printk.h>
#include <umka/panic.h>
#include <umka/string.h>
#include "internal.h"

#define PCP_HIGH 64	/* drain above this many cached pages */
#define PCP_BATCH 16	/* pages moved per refill or drain */

struct pcp_cache {
	struct list_head pages;
	unsigned int count;
};

static struct buddy_zone zone;
static DEFINE_SPINLOCK(zone_lock, LOCK_LEVEL_PAGE_ALLOC);
static DEFINE_PER_CPU(struct pcp_cache, pcp);
static u64 managed_pages;
static bool page_alloc_ready;

struct page *phys_to_page(phys_addr_t pa)
{
	return buddy_pfn_to_page(&zone, PFN_DOWN(pa));
}

phys_addr_t page_to_phys(const struct page *pg)
{
	return PFN_PHYS(buddy_page_to_pfn(&zone, pg));
}

void *page_address(const struct page *pg)
{
	return phys_to_virt(page_to_phys(pg));
}

struct page *virt_to_page(const void *va)
{
	return phys_to_page(virt_to_phys(va));
}

static struct pcp_cache *my_pcp(void)
{
	struct pcp_cache *c = this_cpu_ptr(pcp);

	/* Per-CPU areas start zeroed; initialise lazily on first use. */
	if (!c->pages.next)
		list_init(&c->pages);
	return c;
}

static void pcp_refill(struct pcp_cache *c)
{
	spin_lock(&zone_lock);
	for (int i = 0; i < PCP_BATCH; i++) {
		struct page *pg = buddy_alloc(&zone, 0);

		if (!pg)
			break;
		list_add_tail(&pg->lru, &c->pages);
		c->count++;
	}
	spin_unlock(&zone_lock);
}

static void pcp_drain(struct pcp_cache *c, unsigned int n)
{
	spin_lock(&zone_lock);
	while (n-- && c->count) {
		struct page *pg = list_first_entry(&c->pages, struct page, lru);

		list_del(&pg->lru);
		c->count--;
		buddy_free(&zone, pg, 0);
	}
	spin_unlock(&zone_lock);
}

static struct page *alloc_one(void)
{
	unsigned long flags = local_irq_save();
	struct pcp_cache *c = my_pcp();
	struct page *pg = NULL;

	if (!c->count)
		pcp_refill(c);
	if (c->count) {
		pg = list_first_entry(&c->pages, struct page, lru);
		list_del(&pg->lru);
		c->count--;
	}
	local_irq_restore(flags);
	return pg;
}

static void free_one(struct page *pg)
{
	unsigned long flags = local_irq_save();
	struct pcp_cache *c = my_pcp();

	list_add(&pg->lru, &c->pages);	/* hot pages go to the front */
	c->count++;
	if (c->count > PCP_HIGH)
		pcp_drain(c, PCP_BATCH);
	local_irq_restore(flags);
}

struct page *alloc_pages(unsigned order)
{
	unsigned long flags;
	struct page *pg;

	if (order > BUDDY_MAX_ORDER)
		return NULL;
	if (order == 0) {
		pg = alloc_one();
	} else {
		flags = spin_lock_irqsave(&zone_lock);
		pg = buddy_alloc(&zone, order);
		spin_unlock_irqrestore(&zone_lock, flags);
	}
	/* Pages recycled through the per-CPU cache come back at 0. */
	if (pg)
		pg->refcount = 1;
	return pg;
}

void get_page(struct page *pg)
{
	__atomic_fetch_add(&pg->refcount, 1, __ATOMIC_RELAXED);
}

/* Drop a reference to a single page; the last one frees it. */
void put_page(struct page *pg)
{
	if (__atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_pages(pg, 0);
}

int page_count(const struct page *pg)
{
	return __atomic_load_n(&pg->refcount, __ATOMIC_ACQUIRE);
}

void page_mark_exec(struct page *pg)
{
	__atomic_fetch_or(&pg->flags, PG_EXEC, __ATOMIC_RELAXED);
}

/*
 * A page that held executable code is overwritten before it is reused.
 * Emulators that translate guest code (QEMU's TCG) keep such a page
 * write-protected while any translation from it survives, and send
 * every store to it down a slow path that only a write over the
 * translated bytes ends.  A user text page reused as a kernel stack or
 * a slab, written only in part, kept that forever: every system call of
 * the task with such a stack was some 50 times slower.  One full write
 * here drops all the translations at once.
 */
static void scrub_exec(struct page *pg, unsigned order)
{
	if (!(__atomic_load_n(&pg->flags, __ATOMIC_RELAXED) & PG_EXEC))
		return;
	memset(page_address(pg), 0, PAGE_SIZE << order);
	__atomic_fetch_and(&pg->flags, ~PG_EXEC, __ATOMIC_RELAXED);
}

void free_pages(struct page *pg, unsigned order)
{
	unsigned long flags;

	if (!pg)
		return;
	scrub_exec(pg, order);
	if (order == 0) {
		free_one(pg);
		return;
	}
	flags = spin_lock_irqsave(&zone_lock);
	if (buddy_free_checked(&zone, pg, order))
		pr_err("page_alloc: bad free of pfn %#llx order %u\n",
		       (unsigned long long)buddy_page_to_pfn(&zone, pg), order);
	spin_unlock_irqrestore(&zone_lock, flags);
}

void *get_free_pages(unsigned order)
{
	struct page *pg = alloc_pages(order);

	return pg ? page_address(pg) : NULL;
}

void *get_zeroed_page(void)
{
	void *p = get_free_pages(0);

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

void free_pages_addr(void *addr, unsigned order)
{
	if (addr)
		free_pages(virt_to_page(addr), order);
}

u64 page_alloc_free_pages(void)
{
	u64 n = zone.free_pages;

	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++)
		n += per_cpu(pcp, cpu).count;
	return n;
}

u64 page_alloc_managed_pages(void)
{
	return managed_pages;
}

static u64 highest_usable_pfn(void)
{
	u64 top = 0;

	for (unsigned int i = 0; i < boot_info.memmap_count; i++) {
		const struct memmap_entry *e = &boot_info.memmap[i];

		if (e->type == MEMMAP_USABLE)
			top = max(top, PFN_DOWN(e->base + e->size));
	}
	return top;
}

/* Release every usable frame the boot allocator and reservations spared. */
static void release_usable(void)
{
	for (unsigned int i = 0; i < boot_info.memmap_count; i++) {
		const struct memmap_entry *e = &boot_info.memmap[i];
		u64 pfn = PFN_DOWN(e->base), end = PFN_DOWN(e->base + e->size);
		u64 run = 0;

		if (e->type != MEMMAP_USABLE)
			continue;
		for (; pfn <= end; pfn++) {
			if (pfn < end && !bootmem_is_taken(PFN_PHYS(pfn))) {
				run++;
				continue;
			}
			if (run)
				buddy_free_range(&zone, pfn - run, run);
			managed_pages += run;
			run = 0;
		}
	}
}

void page_alloc_init(void)
{
	u64 npages = highest_usable_pfn();
	struct page *pages;

	if (!npages)
		panic("no usable memory in the memory map");
	pages = bootmem_alloc(npages * sizeof(struct page), PAGE_SIZE);
	buddy_init(&zone, 0, npages, pages);
	bootmem_close();
	release_usable();
	page_alloc_ready = true;
}
