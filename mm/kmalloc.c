// SPDX-License-Identifier: MIT
/* The kernel's backend for the portable slab allocator in slab.c. */
#include <umka/mm.h>
#include <umka/slab.h>
#include <umka/spinlock.h>
#include "internal.h"

static DEFINE_SPINLOCK(slab_lock, LOCK_LEVEL_SLAB);

static void *kernel_alloc_pages(unsigned order, struct page **pg)
{
	*pg = alloc_pages(order);
	return *pg ? page_address(*pg) : NULL;
}

static void kernel_free_pages(void *addr, struct page *pg, unsigned order)
{
	(void)addr;
	free_pages(pg, order);
}

static struct page *kernel_virt_to_page(const void *addr)
{
	return virt_to_page(addr);
}

static unsigned long kernel_slab_lock(void)
{
	return spin_lock_irqsave(&slab_lock);
}

static void kernel_slab_unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&slab_lock, flags);
}

static const struct slab_backend kernel_backend = {
	.alloc_pages = kernel_alloc_pages,
	.free_pages = kernel_free_pages,
	.virt_to_page = kernel_virt_to_page,
	.lock = kernel_slab_lock,
	.unlock = kernel_slab_unlock,
};

void kmalloc_init(void)
{
	slab_init(&kernel_backend);
}
