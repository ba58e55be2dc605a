// SPDX-License-Identifier: MIT
/* Self-tests for page tables, permissions and the allocators. */
#include <umka/ktest.h>
#include <umka/mm.h>
#include <umka/slab.h>
#include <umka/vmalloc.h>
#include <umka/probe.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/irqflags.h>
#include <asm/pgtable.h>
#include <asm/layout.h>

extern char __text_start[], __rodata_start[], __data_start[];
extern char boot_stack_guard[];
bool vmalloc_guard_hit(unsigned long addr);

KTEST(mm_image_is_w_xor_x)
{
	pte_t text = kernel_pte((unsigned long)__text_start);
	pte_t ro = kernel_pte((unsigned long)__rodata_start);
	pte_t data = kernel_pte((unsigned long)__data_start);

	KT_ASSERT((text & PTE_P) && !(text & PTE_W) && !(text & PTE_NX));
	KT_ASSERT((ro & PTE_P) && !(ro & PTE_W) && (ro & PTE_NX));
	KT_ASSERT((data & PTE_P) && (data & PTE_W) && (data & PTE_NX));
	/* The CPU enforces it: a write to text faults (caught, -EFAULT). */
	KT_ASSERT_EQ(probe_write_u8(__text_start + 16, 0x90), -EFAULT);
	KT_ASSERT_EQ(probe_write_u8(__rodata_start, 0), -EFAULT);
}

KTEST(mm_low_half_is_unmapped)
{
	u64 v;

	KT_ASSERT_EQ(kernel_pte(0x1000), 0);
	KT_ASSERT_EQ(probe_read_u64((void *)0x1000, &v), -EFAULT);
	KT_ASSERT_EQ(probe_read_u64((void *)0x400000, &v), -EFAULT);
}

KTEST(mm_boot_stack_has_guard)
{
	u64 v;

	KT_ASSERT_EQ(kernel_pte((unsigned long)boot_stack_guard), 0);
	KT_ASSERT_EQ(probe_read_u64(boot_stack_guard + 8, &v), -EFAULT);
}

KTEST(mm_vmalloc_map_and_unmap)
{
	u64 *p = vmalloc(3 * PAGE_SIZE), v;
	unsigned long va = (unsigned long)p;

	KT_ASSERT(p != NULL);
	KT_ASSERT(va >= VMALLOC_BASE && va < VMALLOC_END);
	for (int i = 0; i < 3 * 512; i++)
		p[i] = 0x5a5a0000ULL + i;
	for (int i = 0; i < 3 * 512; i++)
		KT_ASSERT_EQ(p[i], 0x5a5a0000ULL + i);
	KT_ASSERT(kernel_pte(va) & PTE_NX);
	/* The page below is the guard. */
	KT_ASSERT(vmalloc_guard_hit(va - 8));
	KT_ASSERT_EQ(probe_read_u64((void *)(va - 8), &v), -EFAULT);
	vfree(p);
	KT_ASSERT_EQ(kernel_pte(va), 0);
	KT_ASSERT_EQ(probe_read_u64(p, &v), -EFAULT);
}

KTEST(mm_direct_map_aliases_pages)
{
	struct page *pg = alloc_pages(0);
	u64 *d, *v;

	KT_ASSERT(pg != NULL);
	d = page_address(pg);
	v = ioremap(page_to_phys(pg), PAGE_SIZE);
	KT_ASSERT(v != NULL);
	*d = 0x1234567890abcdefULL;
	KT_ASSERT_EQ(*v, 0x1234567890abcdefULL);
	KT_ASSERT(kernel_pte((unsigned long)v) & PTE_PCD);
	iounmap(v);
	KT_ASSERT_EQ(kernel_pte((unsigned long)v), 0);
	free_pages(pg, 0);
}

KTEST(mm_buddy_all_orders_roundtrip)
{
	struct mem_stats before, after;
	struct page *pg[11];

	mm_get_stats(&before);
	for (unsigned o = 0; o <= 10; o++) {
		pg[o] = alloc_pages(o);
		KT_ASSERT(pg[o] != NULL);
		/* Naturally aligned, and really usable. */
		KT_ASSERT_EQ(page_to_phys(pg[o]) & ((PAGE_SIZE << o) - 1), 0);
		memset(page_address(pg[o]), 0xa5, PAGE_SIZE << o);
	}
	KT_ASSERT(alloc_pages(11) == NULL);
	for (unsigned o = 0; o <= 10; o++)
		free_pages(pg[o], o);
	mm_get_stats(&after);
	KT_ASSERT_EQ(after.free_bytes, before.free_bytes);
}

KTEST(mm_kmalloc_classes_and_stats)
{
	static const size_t sizes[] = { 1, 8, 24, 100, 200, 500, 1000,
					3000, 8192, 9000, 100000 };
	struct slab_stats before, after;
	void *p[ARRAY_SIZE(sizes)];

	slab_stats(&before);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		KT_ASSERT(p[i] != NULL);
		KT_ASSERT(ksize(p[i]) >= sizes[i]);
		memset(p[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		KT_ASSERT_EQ(((u8 *)p[i])[sizes[i] - 1], i);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i]);
	slab_stats(&after);
	KT_ASSERT_EQ(after.objects_in_use, before.objects_in_use);
	KT_ASSERT_EQ(after.errors, before.errors);
	KT_ASSERT(kmalloc(0) == NULL);
}

/*
 * A page that held executable code comes back from the allocator
 * overwritten (see free_pages()), and one that did not is left alone.
 * With interrupts off the per-CPU cache hands the page just freed
 * straight back; if something else took it, try again.
 */
static bool refill_same(struct page *pg, bool exec, u8 *first, u32 *flags)
{
	unsigned long irq = local_irq_save();
	struct page *again;
	bool same;

	memset(page_address(pg), 0xab, PAGE_SIZE);
	if (exec)
		page_mark_exec(pg);
	free_pages(pg, 0);
	again = alloc_pages(0);
	same = again == pg;
	if (same) {
		const u8 *p = page_address(again);

		*first = p[0];
		for (size_t i = 1; i < PAGE_SIZE; i++)
			if (p[i] != p[0])
				*first = 0x5a;	/* mixed: neither outcome */
		*flags = again->flags;
	}
	local_irq_restore(irq);
	if (!same)
		free_pages(again, 0);
	return same;
}

KTEST(mm_exec_pages_scrubbed_when_freed)
{
	for (int exec = 0; exec < 2; exec++) {
		bool done = false;
		u8 first = 0;
		u32 flags = 0;

		for (int i = 0; i < 5 && !done; i++) {
			struct page *pg = alloc_pages(0);

			KT_ASSERT(pg != NULL);
			done = refill_same(pg, exec, &first, &flags);
			if (done)
				free_pages(pg, 0);
		}
		KT_ASSERT(done);
		KT_ASSERT_EQ(first, exec ? 0 : 0xab);
		KT_ASSERT(!(flags & PG_EXEC));
	}
}
