// SPDX-License-Identifier: MIT
/*
 * The boot allocator.  It carves memory from the top of the usable RAM
 * below 4 GiB (the boot page tables map only that much) and never frees.
 * Its high-water mark tells the page allocator which frames are taken.
 */
#include <umka/mm.h>
#include <umka/boot.h>
#include <umka/panic.h>
#include <umka/string.h>
#include "internal.h"

#define BOOTMEM_LIMIT (4ULL << 30)

/* Ranges handed out so far, to be kept out of the buddy allocator. */
#define BOOTMEM_MAX_CHUNKS 64
static struct {
	phys_addr_t base;
	u64 size;
} chunks[BOOTMEM_MAX_CHUNKS];
static unsigned int nr_chunks;
static bool bootmem_closed;

/* Reserved ranges (image, initrd, low memory) the allocator must avoid. */
static bool overlaps_reserved(phys_addr_t lo, phys_addr_t hi);

static bool overlaps_chunks(phys_addr_t lo, phys_addr_t hi)
{
	for (unsigned int i = 0; i < nr_chunks; i++)
		if (lo < chunks[i].base + chunks[i].size && hi > chunks[i].base)
			return true;
	return false;
}

/* Allocations are mostly adjacent (top down): merge to save slots. */
static void record_chunk(phys_addr_t p, u64 size)
{
	for (unsigned int i = 0; i < nr_chunks; i++) {
		if (p + size == chunks[i].base) {
			chunks[i].base = p;
			chunks[i].size += size;
			return;
		}
		if (chunks[i].base + chunks[i].size == p) {
			chunks[i].size += size;
			return;
		}
	}
	if (nr_chunks == BOOTMEM_MAX_CHUNKS)
		panic("bootmem: too many allocations");
	chunks[nr_chunks].base = p;
	chunks[nr_chunks++].size = size;
}

phys_addr_t bootmem_alloc_phys(size_t size, size_t align)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	if (bootmem_closed)
		panic("bootmem_alloc after the page allocator took over");
	/* Highest fit first, so low memory stays free for DMA and SMP. */
	for (int i = (int)boot_info.memmap_count - 1; i >= 0; i--) {
		const struct memmap_entry *e = &boot_info.memmap[i];
		phys_addr_t lo = e->base, hi = min(e->base + e->size,
						   BOOTMEM_LIMIT);

		if (e->type != MEMMAP_USABLE || hi <= lo || hi - lo < size)
			continue;
		for (phys_addr_t p = ALIGN_DOWN(hi - size, align); p >= lo;
		     p -= align) {
			if (!overlaps_reserved(p, p + size) &&
			    !overlaps_chunks(p, p + size)) {
				record_chunk(p, size);
				memset(phys_to_virt(p), 0, size);
				return p;
			}
			if (p < align)
				break;
		}
	}
	panic("bootmem: out of memory allocating %zu bytes", size);
}

void *bootmem_alloc(size_t size, size_t align)
{
	return phys_to_virt(bootmem_alloc_phys(size, align));
}

/* Reservations: the image, the initrd, the first MiB. */
#define MAX_RESERVED 16
static struct {
	phys_addr_t lo, hi;
} reserved[MAX_RESERVED];
static unsigned int nr_reserved;

void bootmem_reserve(phys_addr_t lo, phys_addr_t hi)
{
	if (nr_reserved < MAX_RESERVED && hi > lo) {
		reserved[nr_reserved].lo = ALIGN_DOWN(lo, PAGE_SIZE);
		reserved[nr_reserved++].hi = ALIGN_UP(hi, PAGE_SIZE);
	}
}

static bool overlaps_reserved(phys_addr_t lo, phys_addr_t hi)
{
	for (unsigned int i = 0; i < nr_reserved; i++)
		if (lo < reserved[i].hi && hi > reserved[i].lo)
			return true;
	return false;
}

/* True if the frame at @pa must not go to the page allocator. */
bool bootmem_is_taken(phys_addr_t pa)
{
	return overlaps_reserved(pa, pa + PAGE_SIZE) ||
	       overlaps_chunks(pa, pa + PAGE_SIZE);
}

u64 bootmem_bytes_taken(void)
{
	u64 n = 0;

	for (unsigned int i = 0; i < nr_chunks; i++)
		n += chunks[i].size;
	return n;
}

void bootmem_close(void)
{
	bootmem_closed = true;
}
