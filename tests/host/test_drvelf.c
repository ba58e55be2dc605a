// SPDX-License-Identifier: MIT
/*
 * lib/drvelf.c against a real driver file (the kabitest test driver, as
 * the build linked it), deliberate corruptions of it, and a fuzz loop:
 * whatever the parser accepts must load without touching memory outside
 * the image (AddressSanitizer watches).
 */
#include "htest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umka/drvelf.h>
#include <umka/elf.h>

static unsigned char *fixture;
static size_t fixture_len;

static void load_fixture(void)
{
	FILE *f;
	long n;

	if (fixture)
		return;
	f = fopen(DRIVER_FIXTURE, "rb");
	if (!f) {
		perror(DRIVER_FIXTURE);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	fixture = aligned_alloc(8, (size_t)n + 8);
	if (fread(fixture, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	fixture_len = (size_t)n;
	fclose(f);
}

static unsigned char *copy(void)
{
	unsigned char *c;

	load_fixture();
	c = aligned_alloc(8, fixture_len + 8);
	memcpy(c, fixture, fixture_len);
	return c;
}

static const char *parse(unsigned char *buf, size_t len)
{
	struct drvelf_info info;
	const char *why = NULL;

	return drvelf_parse(buf, len, &info, &why) ? why : NULL;
}

static struct elf64_ehdr *ehdr(unsigned char *b)
{
	return (struct elf64_ehdr *)b;
}

static struct elf64_phdr *phdr(unsigned char *b, int i)
{
	return (struct elf64_phdr *)(b + ehdr(b)->e_phoff) + i;
}

static struct kabi_manifest *manifest_of(unsigned char *b)
{
	struct drvelf_info info;
	const char *why;

	if (drvelf_parse(b, fixture_len, &info, &why))
		return NULL;
	return (struct kabi_manifest *)info.manifest;
}

HTEST(accepts_the_test_driver)
{
	struct drvelf_info info;
	const char *why = "";

	load_fixture();
	CHECK_EQ(drvelf_parse(fixture, fixture_len, &info, &why), 0);
	CHECK_STR((const char *)info.manifest->name, "kabitest");
	CHECK(info.image_size > 0 && info.image_size % 4096 == 0);
	CHECK(info.nr_rela > 0);
	CHECK_EQ(info.nr_segs, 3);
	CHECK(info.entry_vaddr < info.image_size);
}

HTEST(relocates_for_the_load_address)
{
	struct drvelf_info info;
	const char *why;
	const u64 base = 0xffffc90000100000ull;
	struct kabi_manifest *m;
	unsigned char *img;

	load_fixture();
	CHECK_EQ(drvelf_parse(fixture, fixture_len, &info, &why), 0);
	img = calloc(1, info.image_size);
	drvelf_load(fixture, &info, img, base);
	m = (struct kabi_manifest *)(img + info.manifest_vaddr);
	CHECK_EQ((u64)m->entry, base + info.entry_vaddr);
	CHECK_EQ(m->magic, KABI_MANIFEST_MAGIC);
	free(img);
}

/* One corruption and the reason the parser must give. */
struct corruption {
	const char *name;
	void (*apply)(unsigned char *b, size_t *len);
	const char *why;
};

static void bad_magic(unsigned char *b, size_t *len) { b[1] = 'X'; }
static void exec_type(unsigned char *b, size_t *len) { ehdr(b)->e_type = ET_EXEC; }
static void arm64(unsigned char *b, size_t *len) { ehdr(b)->e_machine = 183; }
static void truncated(unsigned char *b, size_t *len) { *len = 100; }
static void half(unsigned char *b, size_t *len) { *len /= 2; }
static void phoff_out(unsigned char *b, size_t *len) { ehdr(b)->e_phoff = 1u << 30; }
static void interp(unsigned char *b, size_t *len) { phdr(b, 3)->p_type = PT_INTERP; }
static void wx(unsigned char *b, size_t *len) { phdr(b, 2)->p_flags = PF_R | PF_W | PF_X; }
static void seg_past_end(unsigned char *b, size_t *len) { phdr(b, 0)->p_filesz = 1u << 24; }
static void huge_image(unsigned char *b, size_t *len) { phdr(b, 2)->p_memsz = 1ull << 40; }

static void reloc_type(unsigned char *b, size_t *len)
{
	struct drvelf_info info;
	const char *why;

	drvelf_parse(b, *len, &info, &why);
	((struct elf64_rela *)(b + info.rela_off))->r_info = 1;	/* R_X86_64_64 */
}

static void reloc_outside(unsigned char *b, size_t *len)
{
	struct drvelf_info info;
	const char *why;

	drvelf_parse(b, *len, &info, &why);
	((struct elf64_rela *)(b + info.rela_off))->r_offset = 0x10;	/* text */
}

static void manifest_magic(unsigned char *b, size_t *len) { manifest_of(b)->magic ^= 1; }
static void manifest_name(unsigned char *b, size_t *len) { manifest_of(b)->name[0] = 'K'; }
static void manifest_noname(unsigned char *b, size_t *len) { manifest_of(b)->name[0] = 0; }
static void manifest_unterminated(unsigned char *b, size_t *len)
{
	memset(manifest_of(b)->name, 'a', sizeof(manifest_of(b)->name));
}
static void too_many_requires(unsigned char *b, size_t *len) { manifest_of(b)->nr_requires = 9; }
static void too_many_matches(unsigned char *b, size_t *len) { manifest_of(b)->nr_matches = 17; }

static void no_manifest(unsigned char *b, size_t *len)
{
	unsigned char *p = memmem(b, *len, ".umka_manifest", 14);

	if (p)
		p[1] = 'x';
}

static const struct corruption corruptions[] = {
	{ "bad_magic", bad_magic, "not a 64-bit little-endian ELF file" },
	{ "exec_type", exec_type, "not position-independent (ELF type is not ET_DYN)" },
	{ "arm64", arm64, "not built for x86-64" },
	{ "truncated", truncated, "bad program header table" },
	{ "half", half, NULL },
	{ "phoff_out", phoff_out, "bad program header table" },
	{ "interp", interp, "asks for a program interpreter" },
	{ "wx", wx, "segment both writable and executable" },
	{ "seg_past_end", seg_past_end, "segment outside the file" },
	{ "huge_image", huge_image, "image larger than 16 MiB" },
	{ "reloc_type", reloc_type, "relocation other than R_X86_64_RELATIVE" },
	{ "reloc_outside", reloc_outside, "relocation outside writable data" },
	{ "manifest_magic", manifest_magic, "manifest has the wrong magic or format" },
	{ "manifest_name", manifest_name, "driver name is empty or not [a-z0-9_-]" },
	{ "manifest_noname", manifest_noname, "driver name is empty or not [a-z0-9_-]" },
	{ "manifest_unterminated", manifest_unterminated, "driver name is empty or not [a-z0-9_-]" },
	{ "too_many_requires", too_many_requires, "manifest lists too many entries" },
	{ "too_many_matches", too_many_matches, "manifest lists too many entries" },
	{ "no_manifest", no_manifest, "no .umka_manifest section" },
};

HTEST(refuses_each_corruption_with_its_reason)
{
	for (size_t i = 0; i < sizeof(corruptions) / sizeof(corruptions[0]); i++) {
		const struct corruption *c = &corruptions[i];
		unsigned char *b = copy();
		size_t len = fixture_len;
		const char *why;

		c->apply(b, &len);
		why = parse(b, len);
		if (!why) {
			printf("  %s: accepted\n", c->name);
			CHECK(why != NULL);
		} else if (c->why && strcmp(why, c->why)) {
			printf("  %s: \"%s\"\n", c->name, why);
			CHECK_STR(why, c->why);
		}
		free(b);
	}
}

static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 next_rand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The byte ranges the parser reads: where mutations are interesting. */
struct range {
	size_t off, len;
};

static unsigned int hot_ranges(struct range *r)
{
	struct elf64_ehdr *e = ehdr(fixture);
	struct drvelf_info info;
	const char *why;

	drvelf_parse(fixture, fixture_len, &info, &why);
	r[0] = (struct range){ 0, e->e_phoff + e->e_phnum * sizeof(struct elf64_phdr) };
	r[1] = (struct range){ info.rela_off, info.nr_rela * sizeof(struct elf64_rela) };
	r[2] = (struct range){ (const unsigned char *)info.manifest - fixture,
			       sizeof(struct kabi_manifest) };
	r[3] = (struct range){ e->e_shoff, e->e_shnum * sizeof(struct elf64_shdr) };
	r[4] = (struct range){ info.seg[2].offset, info.seg[2].filesz };	/* data, dynamic */
	return 5;
}

/* Mutate headers, tables and the manifest; load whatever still parses. */
HTEST(fuzz)
{
	unsigned int accepted = 0, rounds = 30000, nr;
	struct range hot[5];

	load_fixture();
	nr = hot_ranges(hot);
	for (unsigned int r = 0; r < rounds; r++) {
		unsigned char *b = copy();
		size_t len = fixture_len;
		struct drvelf_info info;
		const char *why;
		unsigned int flips = 1 + next_rand() % 4;

		for (unsigned int k = 0; k < flips; k++) {
			const struct range *h = &hot[next_rand() % nr];
			size_t at = h->off + next_rand() % h->len;

			b[at] = (unsigned char)next_rand();
		}
		if (next_rand() % 16 == 0)
			len = next_rand() % len;
		if (!drvelf_parse(b, len, &info, &why)) {
			unsigned char *img = malloc(info.image_size);

			accepted++;
			drvelf_load(b, &info, img, 0xffffc90000000000ull);
			free(img);
		}
		free(b);
	}
	printf("  fuzz: %u of %u mutants accepted and loaded\n", accepted, rounds);
	CHECK(accepted < rounds);
}

HTEST_MAIN("drvelf")
