// SPDX-License-Identifier: MIT
/*
 * Host unit tests for lib/cpio.c: archives written by the host's
 * `cpio -o -H newc` (plain and gzip-compressed) parse into exactly the
 * tree that went in; hand-made bad headers are refused; and a loop of
 * truncations and corruptions never crashes (ASan/UBSan watch).
 */
#include "htest.h"

#include <unistd.h>
#include <sys/stat.h>

#include <umka/cpio.h>
#include <umka/errno.h>

struct seen {
	int n;
	char names[64][64];
	unsigned int modes[64];
	size_t sizes[64];
	char data[64][64];
};

static int collect(void *ctx, const struct cpio_entry *e)
{
	struct seen *s = ctx;

	if (s->n < 64) {
		snprintf(s->names[s->n], 64, "%s", e->name);
		s->modes[s->n] = e->mode;
		s->sizes[s->n] = e->size;
		memcpy(s->data[s->n], e->data, e->size < 63 ? e->size : 63);
		s->data[s->n][e->size < 63 ? e->size : 63] = 0;
	}
	s->n++;
	return 0;
}

static int count_only(void *ctx, const struct cpio_entry *e)
{
	(void)e;
	++*(int *)ctx;
	return 0;
}

static void *xalloc(size_t n)
{
	return malloc(n);
}

static const struct cpio_sink sink_tmpl = {
	.entry = collect, .alloc = xalloc, .free = free,
};

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;

	if (!f)
		abort();
	fseek(f, 0, SEEK_END);
	*n = ftell(f);
	rewind(f);
	p = malloc(*n ? *n : 1);
	if (fread(p, 1, *n, f) != *n)
		abort();
	fclose(f);
	return p;
}

/* A small tree archived by the host cpio; returns the archive bytes. */
static unsigned char *make_archive(bool gz, size_t *n)
{
	char dir[] = "/tmp/umka-cpio-XXXXXX", cmd[512], out[64];
	unsigned char *p;

	if (!mkdtemp(dir))
		abort();
	snprintf(out, sizeof(out), "%s.cpio", dir);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p etc bin && printf 'hello\\n' > etc/motd && "
		 "printf 'x' > bin/one && ln bin/one bin/two && "
		 "ln -s ../etc/motd bin/link && : > empty && "
		 "find . | LC_ALL=C sort | cpio -o -H newc --quiet %s > %s && "
		 "cd / && rm -rf %s",
		 dir, gz ? "| gzip -n" : "", out, dir);
	if (system(cmd))
		abort();
	p = slurp(out, n);
	unlink(out);
	return p;
}

static int find(struct seen *s, const char *name)
{
	for (int i = 0; i < s->n && i < 64; i++)
		if (!strcmp(s->names[i], name))
			return i;
	return -1;
}

static void check_tree(struct seen *s)
{
	int i;

	CHECK_EQ(s->n, 8);	/* . bin bin/link bin/one bin/two empty etc motd */
	i = find(s, "etc/motd");
	CHECK(i >= 0);
	if (i >= 0) {
		CHECK(S_ISREG(s->modes[i]));
		CHECK_STR(s->data[i], "hello\n");
	}
	i = find(s, "bin/link");
	CHECK(i >= 0);
	if (i >= 0) {
		CHECK(S_ISLNK(s->modes[i]));
		CHECK_STR(s->data[i], "../etc/motd");
	}
	i = find(s, "etc");
	CHECK(i >= 0 && S_ISDIR(s->modes[i]));
	i = find(s, "empty");
	CHECK(i >= 0 && s->sizes[i] == 0);
	/* Hard links: GNU cpio puts the data on the last one. */
	i = find(s, "bin/two");
	CHECK(i >= 0);
	if (i >= 0 && find(s, "bin/one") >= 0)
		CHECK_EQ(s->sizes[i] + s->sizes[find(s, "bin/one")], 1);
}

HTEST(host_cpio_plain)
{
	struct seen s = { 0 };
	struct cpio_sink k = sink_tmpl;
	size_t n;
	unsigned char *a = make_archive(false, &n);

	k.ctx = &s;
	CHECK_EQ(cpio_unpack_stream(a, n, &k), 0);
	check_tree(&s);
	free(a);
}

HTEST(host_cpio_gzip)
{
	struct seen s = { 0 };
	struct cpio_sink k = sink_tmpl;
	size_t n;
	unsigned char *a = make_archive(true, &n);

	k.ctx = &s;
	CHECK_EQ(cpio_unpack_stream(a, n, &k), 0);
	check_tree(&s);
	free(a);
}

/* Two segments, plain then gzip, with zero padding between. */
HTEST(concatenated_segments)
{
	struct seen s = { 0 };
	struct cpio_sink k = sink_tmpl;
	size_t n1, n2;
	unsigned char *a = make_archive(false, &n1);
	unsigned char *b = make_archive(true, &n2);
	unsigned char *c = calloc(1, n1 + 16 + n2);

	memcpy(c, a, n1);
	memcpy(c + n1 + 16, b, n2);
	k.ctx = &s;
	CHECK_EQ(cpio_unpack_stream(c, n1 + 16 + n2, &k), 0);
	CHECK_EQ(s.n, 16);
	free(a);
	free(b);
	free(c);
}

static void put_hdr(char *buf, const char *magic, unsigned int mode,
		    unsigned int size, unsigned int namesize)
{
	sprintf(buf, "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		magic, 1, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, namesize, 0);
}

HTEST(bad_headers)
{
	char buf[256];
	struct cpio_entry e;
	size_t pos;

	memset(buf, 0, sizeof(buf));
	put_hdr(buf, "070701", 0100644, 2, 2);
	memcpy(buf + 110, "a\0xy\0\0", 6);
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 116, &pos, &e), 1);
	CHECK_EQ(pos, 116);
	CHECK_EQ(e.size, 2);
	CHECK(!memcmp(e.data, "xy", 2));
	/* Data running past the end. */
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 113, &pos, &e), -EINVAL);
	/* Wrong magic, bad hex digit, a name with no NUL, namesize 0. */
	put_hdr(buf, "070707", 0100644, 0, 2);
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 200, &pos, &e), -EINVAL);
	put_hdr(buf, "070701", 0100644, 0, 2);
	buf[20] = 'g';
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 200, &pos, &e), -EINVAL);
	put_hdr(buf, "070701", 0100644, 0, 2);
	memcpy(buf + 110, "ab", 2);
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 200, &pos, &e), -EINVAL);
	put_hdr(buf, "070701", 0100644, 0, 0);
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 200, &pos, &e), -EINVAL);
	/* Huge sizes must not wrap. */
	put_hdr(buf, "070701", 0100644, 0xffffffff, 0xfffffff0);
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 200, &pos, &e), -EINVAL);
	put_hdr(buf, "070701", 0100644, 0xffffffff, 2);
	memcpy(buf + 110, "a\0", 2);
	pos = 0;
	CHECK_EQ(cpio_next((u8 *)buf, 200, &pos, &e), -EINVAL);
	/* A position past the end. */
	pos = 500;
	CHECK_EQ(cpio_next((u8 *)buf, 200, &pos, &e), -EINVAL);
	/* Junk between segments. */
	struct cpio_sink k = sink_tmpl;
	int cnt = 0;

	k.entry = count_only;
	k.ctx = &cnt;
	CHECK_EQ(cpio_unpack_stream((u8 *)"\0\0\0\0junk", 8, &k), -EINVAL);
}

static unsigned int seed = 777;

static unsigned int rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 16;
}

static void fuzz(bool gz)
{
	size_t n;
	unsigned char *a = make_archive(gz, &n), *b = malloc(n);
	struct cpio_sink k = sink_tmpl;
	int cnt;

	k.entry = count_only;
	k.ctx = &cnt;
	/* Every truncation: an error, or fewer entries, never a crash. */
	for (size_t cut = 0; cut < n; cut++) {
		memcpy(b, a, cut);
		cnt = 0;
		int r = cpio_unpack_stream(b, cut, &k);

		CHECK(r == 0 || r == -EINVAL);
		CHECK(cnt <= 8);
	}
	for (int round = 0; round < 4000; round++) {
		memcpy(b, a, n);
		for (int j = 0; j < 1 + round % 5; j++) {
			size_t at = rnd() % n;

			/* Flip bits, or poke hex digits into the headers. */
			if (round & 1)
				b[at] ^= 1 << (rnd() % 8);
			else
				b[at] = "0123456789abcdefFF\0"[rnd() % 19];
		}
		cnt = 0;
		int r = cpio_unpack_stream(b, n, &k);

		CHECK(r <= 0);
	}
	free(a);
	free(b);
}

HTEST(fuzz_plain)
{
	fuzz(false);
}

HTEST(fuzz_gzip)
{
	fuzz(true);
}

HTEST_MAIN("cpio")
