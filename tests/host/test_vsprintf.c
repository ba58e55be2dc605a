// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the kernel's printf engine (lib/vsprintf.c).
 *
 * Most cases are generated: every combination of flags, width, precision,
 * length modifier and a set of boundary values is formatted by our
 * vsnprintf and by the host C library's, at several buffer sizes, and the
 * return values and buffer contents must agree byte for byte.  Where we
 * deliberately differ from glibc (NULL with %p and %s, unknown
 * conversions) the cases are written out by hand.
 *
 * lib/vsprintf.c is compiled with -Dvsnprintf=umka_vsnprintf
 * -Dsnprintf=umka_snprintf (HOST_CFLAGS_vsprintf in host.mk) so that both
 * implementations live in one binary; the macros come off here so that
 * <stdio.h> declares the C library's own.
 */
#undef vsnprintf
#undef snprintf
#include "htest.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>

#define vsnprintf umka_vsnprintf
#define snprintf umka_snprintf
#include <umka/kprintf.h>
#undef vsnprintf
#undef snprintf

#define BUF 512
#define CANARY 0x5a

static unsigned long ncompared;

/* Formats with one implementation into a canary-filled buffer. */
static int fmt_into(bool ours, char *buf, size_t size, const char *fmt,
		    va_list ap)
{
	va_list cp;
	int n;

	memset(buf, CANARY, BUF + 16);
	va_copy(cp, ap);
	if (ours)
		n = umka_vsnprintf(size ? buf : NULL, size, fmt, cp);
	else
		n = vsnprintf(size ? buf : NULL, size, fmt, cp);
	va_end(cp);
	return n;
}

static void show(char *dst, size_t dsize, const char *s, int n)
{
	size_t j = 0;

	/* Make NULs and non-ASCII visible in a FAIL line. */
	for (int i = 0; i < n && i < BUF - 1 && j + 5 < dsize; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f)
			dst[j++] = (char)c;
		else
			j += (size_t)sprintf(dst + j, "\\x%02x", c);
	}
	dst[j] = '\0';
}

static void vcompare(int line, const char *fmt, va_list ap)
{
	static char ub[BUF + 16], lb[BUF + 16];
	static const size_t sizes[] = { BUF, 0, 1, 2, 7 };
	int full = -1;

	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		size_t size = sizes[k];
		int nu = fmt_into(true, ub, size, fmt, ap);
		int nl = fmt_into(false, lb, size, fmt, ap);
		bool same = nu == nl && memcmp(ub, lb, BUF + 16) == 0;

		ncompared++;
		if (k == 0)
			full = nu;
		else if (size > (size_t)full + 1)
			break;	/* no truncation left to test */
		if (!same && !htest_failed_now) {
			char su[4 * BUF], sl[4 * BUF];

			show(su, sizeof(su), ub, nu);
			show(sl, sizeof(sl), lb, nl);
			printf("FAIL host/%s/", htest_file);
			htest_failed_now = 1;
			htest_why("line %d: format \"%s\" size %zu: "
				  "ours \"%s\" (%d), libc \"%s\" (%d)",
				  line, fmt, size, su, nu, sl, nl);
		}
	}
}

/* __printf checks the literal formats; generated ones pass unchecked. */
static void __printf(2, 3) cmp(int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcompare(line, fmt, ap);
	va_end(ap);
}

/* Ours alone, against an expected string and return value. */
static void expect_line(int line, const char *want, int want_n, size_t size,
			const char *fmt, ...)
{
	static char buf[BUF + 16];
	va_list ap;
	int n;

	va_start(ap, fmt);
	memset(buf, CANARY, sizeof(buf));
	n = umka_vsnprintf(size ? buf : NULL, size, fmt, ap);
	va_end(ap);
	if ((n != want_n || (size && strcmp(buf, want) != 0) ||
	     (unsigned char)buf[size] != CANARY) && !htest_failed_now) {
		printf("FAIL host/%s/", htest_file);
		htest_failed_now = 1;
		htest_why("line %d: format \"%s\" size %zu: got \"%s\" (%d), "
			  "expected \"%s\" (%d)", line, fmt, size,
			  size ? buf : "", n, want, want_n);
	}
}

#define EXPECT(want, fmt, ...)                                              \
	expect_line(__LINE__, want, (int)strlen(want), BUF, fmt, ##__VA_ARGS__)

static const char *const int_flags[] = {
	"", "-", "0", "+", " ", "#", "-0", "+0", " 0", "#0", "-+", "- ",
	"-#", "+ ", "#+", "-#0+ ",
};
static const char *const widths[] = { "", "1", "3", "8", "25", "*" };
static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".12", ".*" };
static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
static const char convs[] = "diuxXo";
static const long long values[] = {
	0, 1, -1, 7, 8, -42, 100, 127, 128, -128, 255, 256, 32767, -32768,
	65535, 65536, INT_MAX, INT_MIN, UINT_MAX, 0x123456789abcdefLL,
	LLONG_MAX, LLONG_MIN,
};
/* Values for '*': positive, negative (left-justify / "no precision"). */
static const int star_widths[] = { 6, -6, 0 };
static const int star_precs[] = { 3, -1, 0 };

/* Pass one integer the way the length modifier says it was promoted. */
static void cmp_int(const char *fmt, const char *len, char conv,
		    int sw, int sp, bool has_sw, bool has_sp, long long v)
{
	bool sgn = conv == 'd' || conv == 'i';
	bool wide = len[0] == 'l' || len[0] == 'z' || len[0] == 't' ||
		    len[0] == 'j';
	bool llong = !strcmp(len, "ll");

	/* The '*' arguments come first; pass them in every arrangement. */
#define CALL(arg)                                                           \
	do {                                                                \
		if (has_sw && has_sp)                                       \
			cmp(__LINE__, fmt, sw, sp, arg);                    \
		else if (has_sw)                                            \
			cmp(__LINE__, fmt, sw, arg);                        \
		else if (has_sp)                                            \
			cmp(__LINE__, fmt, sp, arg);                        \
		else                                                        \
			cmp(__LINE__, fmt, arg);                            \
	} while (0)
	if (llong && sgn)
		CALL(v);
	else if (llong)
		CALL((unsigned long long)v);
	else if (wide && sgn)
		CALL((long)v);
	else if (wide)
		CALL((unsigned long)v);
	else if (sgn)
		CALL((int)v);
	else
		CALL((unsigned int)v);
#undef CALL
}

HTEST(integers_match_libc)
{
	char fmt[64];

	for (size_t f = 0; f < ARRAY_SIZE(int_flags); f++)
	for (size_t w = 0; w < ARRAY_SIZE(widths); w++)
	for (size_t p = 0; p < ARRAY_SIZE(precs); p++)
	for (size_t l = 0; l < ARRAY_SIZE(lens); l++)
	for (size_t c = 0; convs[c]; c++) {
		bool sw = widths[w][0] == '*';
		bool sp = strchr(precs[p], '*') != NULL;

		snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", int_flags[f],
			 widths[w], precs[p], lens[l], convs[c]);
		for (size_t v = 0; v < ARRAY_SIZE(values); v++)
		for (size_t a = 0; a < (sw ? ARRAY_SIZE(star_widths) : 1); a++)
		for (size_t b = 0; b < (sp ? ARRAY_SIZE(star_precs) : 1); b++) {
			cmp_int(fmt, lens[l], convs[c], star_widths[a],
				star_precs[b], sw, sp, values[v]);
			if (htest_failed_now)
				return;
		}
	}
	CHECK(ncompared > 100000);
}

HTEST(strings_match_libc)
{
	static const char *const strs[] = {
		"", "a", "hello", "hello, world: a longer string than most",
		"tab\there", "\xff\x80 high bytes",
	};
	static const char *const sflags[] = { "", "-" };
	static const char *const sprecs[] = {
		"", ".", ".0", ".1", ".3", ".5", ".40", ".*",
	};
	char fmt[64];

	for (size_t f = 0; f < ARRAY_SIZE(sflags); f++)
	for (size_t w = 0; w < ARRAY_SIZE(widths); w++)
	for (size_t p = 0; p < ARRAY_SIZE(sprecs); p++)
	for (size_t s = 0; s < ARRAY_SIZE(strs); s++) {
		bool sw = widths[w][0] == '*';
		bool sp = strchr(sprecs[p], '*') != NULL;

		snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]", sflags[f],
			 widths[w], sprecs[p]);
		if (sw && sp)
			cmp(__LINE__, fmt, 9, 2, strs[s]);
		else if (sw)
			cmp(__LINE__, fmt, -9, strs[s]);
		else if (sp)
			cmp(__LINE__, fmt, 4, strs[s]);
		else
			cmp(__LINE__, fmt, strs[s]);
	}
	cmp(__LINE__, "%s%s%s", "one", "", "three");
	cmp(__LINE__, "%-*s|%*s|", 7, "left", 7, "right");
}

HTEST(chars_match_libc)
{
	static const int chars[] = { 'a', ' ', '%', 0, 0xff, 0x141 };
	static const char *const cflags[] = { "", "-" };
	static const char *const cwidths[] = { "", "1", "2", "6" };
	char fmt[64];

	for (size_t f = 0; f < ARRAY_SIZE(cflags); f++)
	for (size_t w = 0; w < ARRAY_SIZE(cwidths); w++)
	for (size_t c = 0; c < ARRAY_SIZE(chars); c++) {
		snprintf(fmt, sizeof(fmt), "[%%%s%sc]", cflags[f], cwidths[w]);
		cmp(__LINE__, fmt, chars[c]);
	}
	cmp(__LINE__, "%c%c%c", 'a', 0, 'b');
	cmp(__LINE__, "%*c|%-*c|", 4, 'x', 4, 'y');
}

HTEST(pointers_match_libc)
{
	/* glibc adds '+' and ' ' to %p; we do not, so those are left out. */
	static const char *const pflags[] = { "", "-", "0", "#", "-0" };
	static const char *const pwidths[] = { "", "4", "20" };
	static const char *const pprecs[] = { "", ".0", ".8", ".20" };
	static void *const ptrs[] = {
		(void *)1, (void *)0x1234, (void *)0xffffffff80200000UL,
		(void *)~0UL,
	};
	char fmt[64];

	for (size_t f = 0; f < ARRAY_SIZE(pflags); f++)
	for (size_t w = 0; w < ARRAY_SIZE(pwidths); w++)
	for (size_t p = 0; p < ARRAY_SIZE(pprecs); p++)
	for (size_t i = 0; i < ARRAY_SIZE(ptrs); i++) {
		snprintf(fmt, sizeof(fmt), "[%%%s%s%sp]", pflags[f],
			 pwidths[w], pprecs[p]);
		cmp(__LINE__, fmt, ptrs[i]);
	}
}

HTEST(mixed_formats_match_libc)
{
	cmp(__LINE__, "plain text, no conversions");
	cmp(__LINE__, "100%% sure, %d%%", 42);
	cmp(__LINE__, "%d %i %u %x %X %o %c %s %p", -5, 6, 7u, 0xabu, 0xcdu,
	    8u, 'z', "str", (void *)0x1000);
	cmp(__LINE__, "[mem %#018llx-%#018llx] %s", 0x100000ULL, 0xffdefffULL,
	    "usable");
	cmp(__LINE__, "%5d|%-5d|%05d|%+5d|% 5d|", 42, 42, 42, 42, 42);
	cmp(__LINE__, "%zu %zd %td %jd %ju", (size_t)123, (ssize_t)-4,
	    (ptrdiff_t)-77, (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
	cmp(__LINE__, "%hhu %hhd %hu %hd", 511, 200, 70000, 40000);
	cmp(__LINE__, "%lx %lo %llX", ~0UL, ~0UL, ~0ULL);
	cmp(__LINE__, "%300d|", 1);
	cmp(__LINE__, "%-300s|", "pad");
	cmp(__LINE__, "%.300d|", -1);
}

HTEST(return_value_and_truncation)
{
	static char buf[32];
	int n;

	/* size 0 with a NULL buffer: nothing written, full length back. */
	n = umka_snprintf(NULL, 0, "%s-%d", "abc", 12345);
	CHECK_EQ(n, 9);
	memset(buf, CANARY, sizeof(buf));
	n = umka_snprintf(buf, 0, "%d", 7);
	CHECK_EQ(n, 1);
	CHECK_EQ((unsigned char)buf[0], CANARY);
	/* size 1: only the NUL. */
	n = umka_snprintf(buf, 1, "hello");
	CHECK_EQ(n, 5);
	CHECK_EQ(buf[0], 0);
	CHECK_EQ((unsigned char)buf[1], CANARY);
	/* Exactly fitting, and one short. */
	memset(buf, CANARY, sizeof(buf));
	n = umka_snprintf(buf, 6, "hello");
	CHECK_EQ(n, 5);
	CHECK_STR(buf, "hello");
	CHECK_EQ((unsigned char)buf[6], CANARY);
	memset(buf, CANARY, sizeof(buf));
	n = umka_snprintf(buf, 5, "hello");
	CHECK_EQ(n, 5);
	CHECK_STR(buf, "hell");
	CHECK_EQ((unsigned char)buf[5], CANARY);
	/* Truncation inside padding and inside a number. */
	expect_line(__LINE__, "   ", 10, 4, "%10d", 42);
	expect_line(__LINE__, "-00", 6, 4, "%06d", -42);
	expect_line(__LINE__, "0x", 10, 3, "%#010x", 0xbeef);
	/* snprintf is vsnprintf: same result through either door. */
	n = umka_snprintf(buf, sizeof(buf), "%s=%d", "k", -1);
	CHECK_EQ(n, 4);
	CHECK_STR(buf, "k=-1");
}

/* Where we deliberately differ from glibc; see lib/vsprintf.c. */
HTEST(documented_differences)
{
	const char *null_str = NULL;
	const char *fmt;

	/* NULL %s is "(null)", cut by the precision like any string. */
	EXPECT("(null)", "%s", null_str);
	EXPECT("  (null)", "%8s", null_str);
	EXPECT("(null)  |", "%-8s|", null_str);
	EXPECT("(nu", "%.3s", null_str);
	EXPECT("", "%.0s", null_str);
	/* %p is %#lx: NULL is "0" (glibc "(nil)"), flags '+' ' ' ignored. */
	EXPECT("0", "%p", NULL);
	EXPECT("    0", "%5p", NULL);
	EXPECT("0x1f", "%p", (void *)0x1f);
	EXPECT("0x1f", "%+p", (void *)0x1f);
	EXPECT("0x1f", "% p", (void *)0x1f);
	EXPECT("0xffffffff80200000", "%p", (void *)0xffffffff80200000UL);
	/* Unknown conversions are shown, not guessed; they take no argument. */
	fmt = "a%yb%d";
	EXPECT("a%yb5", fmt, 5);
	/* %n is not supported, so it writes nothing anywhere. */
	fmt = "x%ny";
	EXPECT("x%ny", fmt);
	/* A '%' at the very end, or after a length, ends the output. */
	fmt = "abc%";
	EXPECT("abc", fmt);
	fmt = "abc%l";
	EXPECT("abc", fmt);
	fmt = "abc%-08.3ll";
	EXPECT("abc", fmt);
}

/*
 * Bugs found by the comparison and fixed in lib/vsprintf.c; kept as plain
 * cases so a regression names itself.
 */
HTEST(regressions)
{
	char buf[8];
	int n;

	/* '+' and ' ' are for signed conversions only. */
	EXPECT("5 ff 7", "%+u %+x % o", 5u, 0xffu, 7u);
	/* %c of NUL writes a NUL and counts it. */
	memset(buf, CANARY, sizeof(buf));
	n = umka_snprintf(buf, sizeof(buf), "a%cb", 0);
	CHECK_EQ(n, 3);
	CHECK(memcmp(buf, "a\0b\0", 4) == 0);
	EXPECT("  x", "%3c", 'x');
	EXPECT("x  |", "%-3c|", 'x');
}

HTEST_MAIN("vsprintf")
