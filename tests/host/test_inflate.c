// SPDX-License-Identifier: MIT
/*
 * Host unit tests for lib/inflate.c: data compressed by the host's gzip
 * at test time (every level, text, random and repetitive data), checked
 * byte for byte; then truncations and bit flips, which must fail cleanly
 * or (for flips the CRC cannot see) still stay inside the buffers.
 */
#include "htest.h"

#include <unistd.h>

#include <umka/inflate.h>
#include <umka/errno.h>

/* Compress @in with `gzip -<level>`; returns a malloc'd buffer. */
static unsigned char *host_gzip(const unsigned char *in, size_t n, int level,
				size_t *out_n)
{
	char raw[] = "/tmp/umka-inflate-XXXXXX";
	char cmd[128], gz[64];
	unsigned char *out;
	int fd = mkstemp(raw);
	FILE *f;

	if (fd < 0 || write(fd, in, n) != (ssize_t)n)
		abort();
	close(fd);
	snprintf(gz, sizeof(gz), "%s.gz", raw);
	snprintf(cmd, sizeof(cmd), "gzip -%d -n -c %s > %s", level, raw, gz);
	if (system(cmd))
		abort();
	f = fopen(gz, "rb");
	fseek(f, 0, SEEK_END);
	*out_n = ftell(f);
	rewind(f);
	out = malloc(*out_n);
	if (fread(out, 1, *out_n, f) != *out_n)
		abort();
	fclose(f);
	unlink(raw);
	unlink(gz);
	return out;
}

static unsigned int seed = 12345;

static unsigned int rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 16;
}

enum kind { TEXT, RANDOM, RUNS, MIXED };

static unsigned char *make_data(enum kind k, size_t n)
{
	static const char *words[] = { "umka ", "kernel ", "inode ", "the ",
				       "dentry\n", "of ", "a ", "file " };
	unsigned char *p = malloc(n + 1);

	for (size_t i = 0; i < n; i++) {
		switch (k) {
		case TEXT: {
			const char *w = words[rnd() % 8];

			while (*w && i < n)
				p[i++] = *w++;
			i--;
			break;
		}
		case RANDOM:
			p[i] = rnd();
			break;
		case RUNS:
			p[i] = (i / 1000) & 1 ? 'a' : 'b';
			break;
		case MIXED:
			p[i] = (i / 4096) & 1 ? (unsigned char)rnd()
						 : (unsigned char)"abcabcabd"[i % 9];
			break;
		}
	}
	return p;
}

static void roundtrip(enum kind k, size_t n, int level)
{
	unsigned char *data = make_data(k, n), *gz, *out;
	size_t gz_n, used, out_n;
	int r;

	gz = host_gzip(data, n, level, &gz_n);
	out = malloc(n + 1);
	r = gunzip(gz, gz_n, &used, out, n + 1, &out_n);
	CHECK_EQ(r, 0);
	CHECK_EQ(used, gz_n);
	CHECK_EQ(out_n, n);
	CHECK(memcmp(out, data, n) == 0);
	if (n > 0) {
		/* One byte short of room: -ENOSPC, never an overrun. */
		unsigned char *tight = malloc(n - 1 ? n - 1 : 1);

		CHECK_EQ(gunzip(gz, gz_n, &used, tight, n - 1, &out_n),
			 -ENOSPC);
		free(tight);
	}
	free(data);
	free(gz);
	free(out);
}

HTEST(text_all_levels)
{
	for (int level = 1; level <= 9; level++)
		roundtrip(TEXT, 50000, level);
}

HTEST(random_is_stored)
{
	roundtrip(RANDOM, 100000, 6);
	roundtrip(RANDOM, 70000, 1);
}

HTEST(runs_and_mixed)
{
	roundtrip(RUNS, 300000, 9);
	roundtrip(MIXED, 200000, 6);
	roundtrip(MIXED, 1, 6);
	roundtrip(TEXT, 0, 6);
}

HTEST(crc32_known)
{
	CHECK_EQ(crc32_le(0, (const u8 *)"123456789", 9), 0xcbf43926);
	CHECK_EQ(crc32_le(0, (const u8 *)"", 0), 0);
}

HTEST(rejects_bad_headers)
{
	unsigned char junk[32] = { 0x1f, 0x8b, 7 };
	unsigned char out[64];
	size_t used, n;

	CHECK_EQ(gunzip(junk, sizeof(junk), &used, out, 64, &n), -EINVAL);
	junk[2] = 8;
	junk[3] = 0x80;		/* reserved flag */
	CHECK_EQ(gunzip(junk, sizeof(junk), &used, out, 64, &n), -EINVAL);
	junk[3] = 0x08;		/* FNAME with no terminator */
	memset(junk + 10, 'x', 22);
	CHECK_EQ(gunzip(junk, sizeof(junk), &used, out, 64, &n), -EINVAL);
	/* Block type 3 is reserved. */
	unsigned char bt3[] = { 0x07 };
	CHECK_EQ(inflate_raw(bt3, 1, &used, out, 64, &n), -EINVAL);
	/* A stored block whose NLEN is not the complement of LEN. */
	unsigned char st[] = { 0x01, 0x02, 0x00, 0x00, 0x00, 'a', 'b' };
	CHECK_EQ(inflate_raw(st, sizeof(st), &used, out, 64, &n), -EINVAL);
	st[3] = 0xfd;
	st[4] = 0xff;
	CHECK_EQ(inflate_raw(st, sizeof(st), &used, out, 64, &n), 0);
	CHECK_EQ(n, 2);
	CHECK_EQ(used, sizeof(st));
}

/*
 * Truncations must fail; random corruptions may fail or (rarely) decode
 * to something else, but ASan guarantees no access outside the buffers.
 */
HTEST(fuzz_truncate_and_flip)
{
	unsigned char *data = make_data(MIXED, 20000), *gz, *out, *bad;
	size_t gz_n, used, n;

	gz = host_gzip(data, 20000, 6, &gz_n);
	out = malloc(20000);
	bad = malloc(gz_n);
	for (size_t cut = 0; cut < gz_n; cut += 1 + cut / 64)
		CHECK(gunzip(gz, cut, &used, out, 20000, &n) < 0);
	for (int round = 0; round < 3000; round++) {
		memcpy(bad, gz, gz_n);
		for (int k = 0; k < 1 + round % 4; k++)
			bad[rnd() % gz_n] ^= 1 << (rnd() % 8);
		int r = gunzip(bad, gz_n, &used, out, 20000, &n);

		CHECK(r == 0 || r == -EINVAL || r == -ENOSPC);
		if (r == 0)
			CHECK(n <= 20000 && used <= gz_n);
	}
	/* Raw streams of random bytes. */
	for (int round = 0; round < 3000; round++) {
		size_t len = 1 + rnd() % 200;

		for (size_t i = 0; i < len; i++)
			bad[i] = rnd();
		int r = inflate_raw(bad, len, &used, out, 20000, &n);

		CHECK(r == 0 || r == -EINVAL || r == -ENOSPC);
	}
	free(data);
	free(gz);
	free(out);
	free(bad);
}

HTEST_MAIN("inflate")
