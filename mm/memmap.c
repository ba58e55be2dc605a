// SPDX-License-Identifier: MIT
/*
 * Memory-map cleanup.  Firmware maps overlap, come unsorted and have
 * odd alignment; the allocator wants none of that.  Approach: collect
 * every boundary, and for each elementary interval between two
 * boundaries pick the most restrictive type that covers it.  Quadratic in
 * the entry count, which is at most a few hundred.
 */
#include <umka/memmap.h>
#include <umka/compiler.h>

#define PAGE_SZ 4096ULL
#define MAX_POINTS (2 * 256)

/* Higher rank wins an overlap; usable is weakest. */
static int rank(u32 type)
{
	switch (type) {
	case MEMMAP_USABLE:
		return 1;
	case MEMMAP_ACPI_RECLAIM:
		return 2;
	case MEMMAP_ACPI_NVS:
		return 3;
	case MEMMAP_BAD:
		return 5;
	default:
		return 4;	/* reserved and unknown types */
	}
}

static void sort_u64(u64 *a, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		u64 v = a[i];
		unsigned int j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static u32 type_at(const struct memmap_entry *map, unsigned int count,
		   u64 lo, u64 hi)
{
	u32 best = 0;

	for (unsigned int i = 0; i < count; i++) {
		const struct memmap_entry *e = &map[i];

		if (e->base <= lo && e->base + e->size >= hi &&
		    (!best || rank(e->type) > rank(best)))
			best = e->type;
	}
	return best;
}

static unsigned int collect_points(const struct memmap_entry *map,
				   unsigned int count, u64 *pts)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < count && n + 2 <= MAX_POINTS; i++) {
		pts[n++] = map[i].base;
		pts[n++] = map[i].base + map[i].size;
	}
	sort_u64(pts, n);
	return n;
}

static bool valid(const struct memmap_entry *e)
{
	return e->size && e->base + e->size > e->base;
}

static unsigned int emit(struct memmap_entry *out, unsigned int n,
			 unsigned int max, unsigned int *dropped, u64 lo,
			 u64 hi, u32 type)
{
	if (n && out[n - 1].type == type &&
	    out[n - 1].base + out[n - 1].size == lo) {
		out[n - 1].size += hi - lo;
		return n;
	}
	if (n == max) {
		if (dropped)
			(*dropped)++;
		return n;
	}
	out[n].base = lo;
	out[n].size = hi - lo;
	out[n].type = type;
	return n + 1;
}

/* Usable ranges are handed out in pages: trim them to whole pages. */
static unsigned int align_usable(struct memmap_entry *map, unsigned int n)
{
	unsigned int out = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct memmap_entry e = map[i];

		if (e.type == MEMMAP_USABLE) {
			u64 lo = ALIGN_UP(e.base, PAGE_SZ);
			u64 hi = ALIGN_DOWN(e.base + e.size, PAGE_SZ);

			if (hi <= lo)
				continue;
			e.base = lo;
			e.size = hi - lo;
		}
		map[out++] = e;
	}
	return out;
}

unsigned int memmap_sanitize(struct memmap_entry *map, unsigned int count,
			     unsigned int max, unsigned int *dropped)
{
	static struct memmap_entry in[MAX_POINTS / 2];
	static u64 pts[MAX_POINTS];
	unsigned int nin = 0, npts, n = 0;

	if (dropped)
		*dropped = 0;
	for (unsigned int i = 0; i < count && nin < ARRAY_SIZE(in); i++)
		if (valid(&map[i]))
			in[nin++] = map[i];
	if (dropped && count > ARRAY_SIZE(in))
		*dropped += count - ARRAY_SIZE(in);
	npts = collect_points(in, nin, pts);
	for (unsigned int i = 0; i + 1 < npts; i++) {
		u64 lo = pts[i], hi = pts[i + 1];
		u32 type;

		if (lo == hi)
			continue;
		type = type_at(in, nin, lo, hi);
		if (type)
			n = emit(map, n, max, dropped, lo, hi, type);
	}
	return align_usable(map, n);
}

u64 memmap_usable_bytes(const struct memmap_entry *map, unsigned int count)
{
	u64 total = 0;

	for (unsigned int i = 0; i < count; i++)
		if (map[i].type == MEMMAP_USABLE)
			total += map[i].size;
	return total;
}

const char *memmap_type_name(u32 type)
{
	switch (type) {
	case MEMMAP_USABLE:
		return "usable";
	case MEMMAP_RESERVED:
		return "reserved";
	case MEMMAP_ACPI_RECLAIM:
		return "ACPI data";
	case MEMMAP_ACPI_NVS:
		return "ACPI NVS";
	case MEMMAP_BAD:
		return "unusable";
	default:
		return "unknown";
	}
}
