// SPDX-License-Identifier: MIT
/*
 * Self-tests of memory management on all CPUs at once: TLB shootdown
 * when a mapping goes away, and the allocators under concurrent load.
 */
#include <umka/ktest.h>
#include <umka/errno.h>
#include <umka/mm.h>
#include <umka/probe.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/smp.h>
#include <umka/string.h>
#include <umka/vmalloc.h>

#define TLB_PATTERN 0x5eed5eed5eed5eedULL

static u64 *tlb_page;
static unsigned int tlb_readers;
static int tlb_freed;

/*
 * Every CPU reads the page (so its TLB caches the mapping); CPU 0 then
 * frees it, and every CPU must fault on it, which only happens if the
 * other CPUs' TLBs were shot down.
 */
static int tlb_probe(void *arg)
{
	u64 v = 0;
	int bad = 0;

	if (probe_read_u64(tlb_page, &v) || v != TLB_PATTERN)
		bad |= 1;
	__atomic_fetch_add(&tlb_readers, 1, __ATOMIC_ACQ_REL);
	if (smp_processor_id() == 0) {
		while (__atomic_load_n(&tlb_readers, __ATOMIC_ACQUIRE) <
		       num_online_cpus())
			yield();
		vfree(tlb_page);
		__atomic_store_n(&tlb_freed, 1, __ATOMIC_RELEASE);
	}
	while (!__atomic_load_n(&tlb_freed, __ATOMIC_ACQUIRE))
		yield();
	if (probe_read_u64(tlb_page, &v) != -EFAULT)
		bad |= 2;
	return bad;
}

KTEST(smp_tlb_shootdown_on_vfree)
{
	tlb_page = vmalloc(PAGE_SIZE);
	KT_ASSERT(tlb_page != NULL);
	*tlb_page = TLB_PATTERN;
	tlb_readers = 0;
	tlb_freed = 0;
	KT_ASSERT_EQ(ktest_on_each_cpu(tlb_probe, NULL), 0);
	KT_ASSERT_EQ(tlb_readers, num_online_cpus());
}

#define STRESS_OPS 3000
#define STRESS_SLOTS 48
#define STRESS_MAX_KMALLOC 5000
#define STRESS_MAX_ORDER 2

struct stress_slot {
	u8 *p;
	size_t size;
	struct page *pg;	/* alloc_pages block, else kmalloc */
	unsigned int order;
	u8 fill;
};

static u32 xorshift(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static bool pattern_ok(const struct stress_slot *s)
{
	for (size_t i = 0; i < s->size; i++)
		if (s->p[i] != (u8)(s->fill + i))
			return false;
	return true;
}

static void fill(struct stress_slot *s, u8 seed)
{
	s->fill = seed;
	for (size_t i = 0; i < s->size; i++)
		s->p[i] = (u8)(seed + i);
}

/* Returns false if the block was corrupted while we held it. */
static bool slot_free(struct stress_slot *s)
{
	bool ok = pattern_ok(s);

	if (s->pg)
		free_pages(s->pg, s->order);
	else
		kfree(s->p);
	s->p = NULL;
	s->pg = NULL;
	return ok;
}

static bool slot_alloc(struct stress_slot *s, u32 r)
{
	if (r % 4 == 0) {
		s->order = (r >> 8) % (STRESS_MAX_ORDER + 1);
		s->pg = alloc_pages(s->order);
		if (!s->pg)
			return false;
		s->p = page_address(s->pg);
		s->size = PAGE_SIZE << s->order;
	} else {
		s->size = 1 + (r >> 4) % STRESS_MAX_KMALLOC;
		s->p = kmalloc(s->size);
		if (!s->p)
			return false;
	}
	fill(s, (u8)(r >> 24));
	return true;
}

static int alloc_stress(void *arg)
{
	struct stress_slot *slots = kzalloc(STRESS_SLOTS * sizeof(*slots));
	u32 seed = 0x9e3779b9u * (smp_processor_id() + 1);
	int bad = 0;

	if (!slots)
		return 1;
	for (int op = 0; op < STRESS_OPS; op++) {
		u32 r = xorshift(&seed);
		struct stress_slot *s = &slots[r % STRESS_SLOTS];

		if (s->p)
			bad += !slot_free(s);
		else
			bad += !slot_alloc(s, xorshift(&seed));
	}
	for (int i = 0; i < STRESS_SLOTS; i++)
		if (slots[i].p)
			bad += !slot_free(&slots[i]);
	kfree(slots);
	return bad;
}

/* Memory in any form the allocators account for. */
static u64 accounted(const struct mem_stats *st)
{
	return st->free_bytes + st->slab_bytes + st->page_table_bytes;
}

KTEST(smp_allocator_stress_all_cpus)
{
	struct mem_stats before, after;
	struct slab_stats sb, sa;

	mm_get_stats(&before);
	slab_stats(&sb);
	KT_ASSERT_EQ(ktest_on_each_cpu(alloc_stress, NULL), 0);
	mm_get_stats(&after);
	slab_stats(&sa);
	KT_ASSERT_EQ(sa.objects_in_use, sb.objects_in_use);
	KT_ASSERT_EQ(sa.errors, sb.errors);
	KT_ASSERT_EQ(after.slab_in_use_bytes, before.slab_in_use_bytes);
	KT_ASSERT_EQ(after.vmalloc_bytes, before.vmalloc_bytes);
	KT_ASSERT_EQ(accounted(&after), accounted(&before));
	KT_ASSERT_EQ(after.total_bytes, before.total_bytes);
}
