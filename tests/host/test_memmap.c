// SPDX-License-Identifier: MIT
/*
 * Host unit tests for memory-map cleanup (mm/memmap.c): hand-written
 * firmware oddities, then random maps checked against a simple model that
 * paints a small address space one unit at a time.
 */
#include "htest.h"

#include <umka/compiler.h>
#include <umka/memmap.h>

#define PG 4096ULL
#define CAP 512

static struct memmap_entry map[CAP];

#define E(b, s, t) ((struct memmap_entry){ (b), (s), (t) })

static unsigned int load(const struct memmap_entry *in, unsigned int n)
{
	memcpy(map, in, n * sizeof(*in));
	return n;
}

/* The result must be exactly @want. */
static void expect_map(int line, unsigned int got,
		       const struct memmap_entry *want, unsigned int nwant)
{
	bool ok = got == nwant;

	for (unsigned int i = 0; ok && i < got; i++)
		ok = map[i].base == want[i].base &&
		     map[i].size == want[i].size && map[i].type == want[i].type;
	if (ok || htest_failed_now)
		return;
	printf("FAIL host/%s/", htest_file);
	htest_failed_now = 1;
	printf("%s: line %d: got %u entries, expected %u:", htest_current,
	       line, got, nwant);
	for (unsigned int i = 0; i < got; i++)
		printf(" [%#llx+%#llx %u]", (unsigned long long)map[i].base,
		       (unsigned long long)map[i].size, map[i].type);
	printf("\n");
}

#define SANITIZE(...)                                                       \
	({                                                                  \
		static const struct memmap_entry in_[] = { __VA_ARGS__ };   \
		memmap_sanitize(map, load(in_, ARRAY_SIZE(in_)), CAP, NULL);\
	})
#define EXPECT(got, ...)                                                    \
	do {                                                                \
		static const struct memmap_entry want_[] = { __VA_ARGS__ }; \
		expect_map(__LINE__, got, want_, ARRAY_SIZE(want_));        \
	} while (0)

/* Structural invariants every result must have. */
static bool well_formed(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct memmap_entry *e = &map[i];

		if (!e->size || e->base + e->size < e->base)
			return false;
		if (e->type == MEMMAP_USABLE &&
		    (!IS_ALIGNED(e->base, PG) || !IS_ALIGNED(e->size, PG)))
			return false;
		if (i && map[i - 1].base + map[i - 1].size > e->base)
			return false;	/* unsorted or overlapping */
		if (i && map[i - 1].base + map[i - 1].size == e->base &&
		    map[i - 1].type == e->type)
			return false;	/* should have been merged */
	}
	return true;
}

HTEST(empty)
{
	unsigned int dropped = 7;

	CHECK_EQ(memmap_sanitize(map, 0, CAP, &dropped), 0);
	CHECK_EQ(dropped, 0);
	CHECK_EQ(memmap_usable_bytes(map, 0), 0);
}

HTEST(typical_qemu_map_unchanged)
{
	unsigned int n = SANITIZE(E(0, 0x9f000, MEMMAP_USABLE),
				  E(0x9fc00, 0x400, MEMMAP_RESERVED),
				  E(0xf0000, 0x10000, MEMMAP_RESERVED),
				  E(0x100000, 0xfee0000, MEMMAP_USABLE),
				  E(0xfffc0000, 0x40000, MEMMAP_RESERVED));

	EXPECT(n, E(0, 0x9f000, MEMMAP_USABLE),
	       E(0x9fc00, 0x400, MEMMAP_RESERVED),
	       E(0xf0000, 0x10000, MEMMAP_RESERVED),
	       E(0x100000, 0xfee0000, MEMMAP_USABLE),
	       E(0xfffc0000, 0x40000, MEMMAP_RESERVED));
	CHECK_EQ(memmap_usable_bytes(map, n), 0x9f000 + 0xfee0000);
}

HTEST(unsorted_input_sorted)
{
	unsigned int n = SANITIZE(E(0x300000, PG, MEMMAP_USABLE),
				  E(0x100000, PG, MEMMAP_ACPI_NVS),
				  E(0x200000, PG, MEMMAP_RESERVED),
				  E(0, PG, MEMMAP_USABLE));

	EXPECT(n, E(0, PG, MEMMAP_USABLE), E(0x100000, PG, MEMMAP_ACPI_NVS),
	       E(0x200000, PG, MEMMAP_RESERVED),
	       E(0x300000, PG, MEMMAP_USABLE));
	CHECK(well_formed(n));
}

HTEST(holes_stay_holes)
{
	unsigned int n = SANITIZE(E(0x10000, 0x10000, MEMMAP_USABLE),
				  E(0x40000, 0x10000, MEMMAP_USABLE));

	EXPECT(n, E(0x10000, 0x10000, MEMMAP_USABLE),
	       E(0x40000, 0x10000, MEMMAP_USABLE));
	CHECK_EQ(memmap_usable_bytes(map, n), 0x20000);
}

HTEST(reserved_wins_overlap)
{
	/* A reserved range in the middle of RAM splits it. */
	unsigned int n = SANITIZE(E(0, 0x100000, MEMMAP_USABLE),
				  E(0x40000, 0x20000, MEMMAP_RESERVED));

	EXPECT(n, E(0, 0x40000, MEMMAP_USABLE),
	       E(0x40000, 0x20000, MEMMAP_RESERVED),
	       E(0x60000, 0xa0000, MEMMAP_USABLE));

	/* Order of the entries does not matter. */
	n = SANITIZE(E(0x40000, 0x20000, MEMMAP_RESERVED),
		     E(0, 0x100000, MEMMAP_USABLE));
	EXPECT(n, E(0, 0x40000, MEMMAP_USABLE),
	       E(0x40000, 0x20000, MEMMAP_RESERVED),
	       E(0x60000, 0xa0000, MEMMAP_USABLE));

	/* Partial overlap at either end. */
	n = SANITIZE(E(0x10000, 0x20000, MEMMAP_USABLE),
		     E(0, 0x18000, MEMMAP_RESERVED),
		     E(0x28000, 0x10000, MEMMAP_RESERVED));
	EXPECT(n, E(0, 0x18000, MEMMAP_RESERVED),
	       E(0x18000, 0x10000, MEMMAP_USABLE),
	       E(0x28000, 0x10000, MEMMAP_RESERVED));

	/* Reserved covering usable entirely leaves no usable memory. */
	n = SANITIZE(E(0x1000, 0x1000, MEMMAP_USABLE),
		     E(0, 0x10000, MEMMAP_RESERVED));
	EXPECT(n, E(0, 0x10000, MEMMAP_RESERVED));
	CHECK_EQ(memmap_usable_bytes(map, n), 0);
}

HTEST(type_ranking)
{
	/* usable < ACPI data < ACPI NVS < reserved (and unknown) < bad */
	unsigned int n = SANITIZE(E(0, 0x10000, MEMMAP_USABLE),
				  E(0, 0x10000, MEMMAP_ACPI_RECLAIM));

	EXPECT(n, E(0, 0x10000, MEMMAP_ACPI_RECLAIM));
	n = SANITIZE(E(0, 0x10000, MEMMAP_ACPI_NVS),
		     E(0, 0x10000, MEMMAP_ACPI_RECLAIM));
	EXPECT(n, E(0, 0x10000, MEMMAP_ACPI_NVS));
	n = SANITIZE(E(0, 0x10000, MEMMAP_ACPI_NVS),
		     E(0, 0x10000, MEMMAP_RESERVED));
	EXPECT(n, E(0, 0x10000, MEMMAP_RESERVED));
	n = SANITIZE(E(0, 0x10000, MEMMAP_BAD),
		     E(0, 0x10000, MEMMAP_RESERVED));
	EXPECT(n, E(0, 0x10000, MEMMAP_BAD));
	/* Unknown types (7 = persistent memory in ACPI) count as reserved. */
	n = SANITIZE(E(0, 0x10000, MEMMAP_USABLE), E(0x8000, 0x1000, 7));
	EXPECT(n, E(0, 0x8000, MEMMAP_USABLE), E(0x8000, 0x1000, 7),
	       E(0x9000, 0x7000, MEMMAP_USABLE));
	n = SANITIZE(E(0, 0x10000, MEMMAP_BAD), E(0x8000, 0x1000, 7));
	EXPECT(n, E(0, 0x10000, MEMMAP_BAD));
}

HTEST(zero_size_and_wrapping_dropped)
{
	unsigned int dropped = 9;
	unsigned int n;
	static const struct memmap_entry in[] = {
		E(0x1000, 0, MEMMAP_RESERVED),
		E(0x2000, 0x2000, MEMMAP_USABLE),
		E(0xfffffffffffff000ULL, 0x2000, MEMMAP_RESERVED),
		E(0xffffffffffff0000ULL, ~0ULL, MEMMAP_USABLE),
		E(0, 0, MEMMAP_USABLE),
	};

	n = memmap_sanitize(map, load(in, ARRAY_SIZE(in)), CAP, &dropped);
	EXPECT(n, E(0x2000, 0x2000, MEMMAP_USABLE));
	/* Invalid entries are cleaned up, not reported as lost. */
	CHECK_EQ(dropped, 0);
	/* The very top of the address space, not wrapping, is fine. */
	n = SANITIZE(E(0xffffffffffff0000ULL, 0xf000, MEMMAP_RESERVED));
	EXPECT(n, E(0xffffffffffff0000ULL, 0xf000, MEMMAP_RESERVED));
}

HTEST(unaligned_usable_trimmed)
{
	/* Usable shrinks inward to whole pages; reserved keeps its bytes. */
	unsigned int n = SANITIZE(E(0x1234, 0x5000, MEMMAP_USABLE),
				  E(0x9fc00, 0x400, MEMMAP_RESERVED));

	EXPECT(n, E(0x2000, 0x4000, MEMMAP_USABLE),
	       E(0x9fc00, 0x400, MEMMAP_RESERVED));

	/* Less than a page of usable memory is no usable memory. */
	n = SANITIZE(E(0x1800, 0x1000, MEMMAP_USABLE));
	EXPECT(n);
	n = SANITIZE(E(0x1000, 0xfff, MEMMAP_USABLE));
	EXPECT(n);

	/* A reserved byte takes its whole page away from usable. */
	n = SANITIZE(E(0, 0x4000, MEMMAP_USABLE),
		     E(0x1800, 0x10, MEMMAP_RESERVED));
	EXPECT(n, E(0, 0x1000, MEMMAP_USABLE),
	       E(0x1800, 0x10, MEMMAP_RESERVED),
	       E(0x2000, 0x2000, MEMMAP_USABLE));
	CHECK_EQ(memmap_usable_bytes(map, n), 0x3000);
}

HTEST(adjacent_same_type_merged)
{
	unsigned int n = SANITIZE(E(0x2000, 0x1000, MEMMAP_USABLE),
				  E(0, 0x1000, MEMMAP_USABLE),
				  E(0x1000, 0x1000, MEMMAP_USABLE),
				  E(0x3000, 0x800, MEMMAP_RESERVED),
				  E(0x3800, 0x800, MEMMAP_RESERVED),
				  E(0x4000, 0x1000, MEMMAP_ACPI_NVS));

	EXPECT(n, E(0, 0x3000, MEMMAP_USABLE),
	       E(0x3000, 0x1000, MEMMAP_RESERVED),
	       E(0x4000, 0x1000, MEMMAP_ACPI_NVS));

	/* Duplicates and nested ranges of one type collapse to one. */
	n = SANITIZE(E(0, 0x10000, MEMMAP_USABLE), E(0, 0x10000, MEMMAP_USABLE),
		     E(0x4000, 0x1000, MEMMAP_USABLE),
		     E(0x8000, 0x10000, MEMMAP_USABLE));
	EXPECT(n, E(0, 0x18000, MEMMAP_USABLE));

	/* Two usable halves of one page, each unaligned, make one page. */
	n = SANITIZE(E(0x1000, 0x800, MEMMAP_USABLE),
		     E(0x1800, 0x800, MEMMAP_USABLE));
	EXPECT(n, E(0x1000, 0x1000, MEMMAP_USABLE));
}

HTEST(more_entries_than_max)
{
	static struct memmap_entry in[40];
	unsigned int dropped = 0, n;

	/* 40 separate ranges into room for 16: the first 16 survive. */
	for (unsigned int i = 0; i < 40; i++)
		in[39 - i] = E(i * 2 * PG, PG, i & 1 ? MEMMAP_RESERVED :
						       MEMMAP_USABLE);
	load(in, 40);
	n = memmap_sanitize(map, 40, 16, &dropped);
	CHECK_EQ(n, 16);
	CHECK_EQ(dropped, 24);
	CHECK(well_formed(n));
	for (unsigned int i = 0; i < n; i++)
		CHECK_EQ(map[i].base, i * 2 * PG);
	/* NULL for dropped is allowed. */
	load(in, 40);
	CHECK_EQ(memmap_sanitize(map, 40, 16, NULL), 16);

	/* Splitting can make more entries than came in. */
	load((const struct memmap_entry[]){
		     E(0, 0x10000, MEMMAP_USABLE),
		     E(0x2000, 0x1000, MEMMAP_RESERVED),
		     E(0x6000, 0x1000, MEMMAP_RESERVED) }, 3);
	n = memmap_sanitize(map, 3, 4, &dropped);
	CHECK_EQ(n, 4);
	CHECK_EQ(dropped, 1);
	CHECK_EQ(map[3].base, 0x6000);
}

HTEST(more_entries_than_internal_limit)
{
	static struct memmap_entry in[300];
	unsigned int dropped = 0, n;

	/* The sanitizer looks at 256 entries at most; the rest are lost. */
	for (unsigned int i = 0; i < 300; i++)
		in[i] = E(i * 2 * PG, PG, MEMMAP_USABLE);
	load(in, 300);
	n = memmap_sanitize(map, 300, CAP, &dropped);
	CHECK_EQ(n, 256);
	CHECK_EQ(dropped, 44);
	CHECK(well_formed(n));
	CHECK_EQ(memmap_usable_bytes(map, n), 256 * PG);
}

HTEST(usable_bytes_counts_only_usable)
{
	static const struct memmap_entry m[] = {
		E(0, 0x1000, MEMMAP_USABLE),
		E(0x1000, 0x5000, MEMMAP_RESERVED),
		E(0x6000, 0x3000, MEMMAP_USABLE),
		E(0x9000, 0x1000, MEMMAP_ACPI_RECLAIM),
		E(0x100000000ULL, 0x100000000ULL, MEMMAP_USABLE),
	};

	CHECK_EQ(memmap_usable_bytes(m, ARRAY_SIZE(m)),
		 0x4000 + 0x100000000ULL);
}

HTEST(type_names)
{
	CHECK_STR(memmap_type_name(MEMMAP_USABLE), "usable");
	CHECK_STR(memmap_type_name(MEMMAP_RESERVED), "reserved");
	CHECK_STR(memmap_type_name(MEMMAP_ACPI_RECLAIM), "ACPI data");
	CHECK_STR(memmap_type_name(MEMMAP_ACPI_NVS), "ACPI NVS");
	CHECK_STR(memmap_type_name(MEMMAP_BAD), "unusable");
	CHECK_STR(memmap_type_name(0), "unknown");
	CHECK_STR(memmap_type_name(7), "unknown");
}

/*
 * The model: an address space of UNITS units of UNIT bytes, a page being
 * UNITS_PER_PAGE units.  Each unit takes the strongest type covering it;
 * a usable unit stays usable only if its whole page is usable.
 */
#define UNIT 512ULL
#define UNITS_PER_PAGE (PG / UNIT)
#define UNITS 1024

static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int model_rank(u32 type)
{
	static const int r[] = { 0, 1, 4, 2, 3, 5 };

	return r[type];
}

HTEST(random_maps_match_model)
{
	static struct memmap_entry in[64];
	static u32 want[UNITS], got[UNITS];

	rng_state = 0x6d656d6d6170ULL;
	for (int round = 0; round < 3000 && !htest_failed_now; round++) {
		unsigned int count = 1 + (unsigned int)(rng() % 40), n;
		unsigned int dropped = 1;

		memset(want, 0, sizeof(want));
		for (unsigned int i = 0; i < count; i++) {
			u64 a = rng() % UNITS, len = rng() % (UNITS / 4);
			u32 type = 1 + (u32)(rng() % 5);

			/* Mostly usable, as in real maps; some zero-size. */
			if (rng() % 3)
				type = MEMMAP_USABLE;
			if (a + len > UNITS)
				len = UNITS - a;
			in[i] = E(a * UNIT, len * UNIT, type);
			for (u64 u = a; u < a + len; u++)
				if (!want[u] ||
				    model_rank(type) > model_rank(want[u]))
					want[u] = type;
		}
		for (unsigned int p = 0; p < UNITS; p += UNITS_PER_PAGE) {
			bool whole = true;

			for (unsigned int u = p; u < p + UNITS_PER_PAGE; u++)
				whole &= want[u] == MEMMAP_USABLE;
			for (unsigned int u = p; u < p + UNITS_PER_PAGE; u++)
				if (want[u] == MEMMAP_USABLE && !whole)
					want[u] = 0;
		}

		load(in, count);
		n = memmap_sanitize(map, count, CAP, &dropped);
		CHECK_EQ(dropped, 0);
		CHECK(well_formed(n));
		memset(got, 0, sizeof(got));
		for (unsigned int i = 0; i < n; i++)
			for (u64 u = map[i].base / UNIT;
			     u < (map[i].base + map[i].size) / UNIT; u++)
				got[u] = map[i].type;
		for (unsigned int u = 0; u < UNITS; u++)
			if (got[u] != want[u] && !htest_failed_now) {
				printf("FAIL host/%s/", htest_file);
				htest_failed_now = 1;
				htest_why("round %d: at %#llx got type %u, "
					  "model %u", round,
					  (unsigned long long)(u * UNIT),
					  got[u], want[u]);
			}
	}
}

HTEST_MAIN("memmap")
