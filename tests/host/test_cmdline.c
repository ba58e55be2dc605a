// SPDX-License-Identifier: MIT
/* Host unit tests for the command-line parsers (kernel/cmdline.c). */
#include "htest.h"

#include <limits.h>
#include <sys/wait.h>
#include <unistd.h>

#include <umka/cmdline.h>
#include <umka/compiler.h>

#define MAX_WORDS 16

/* What the callback saw, in order. */
struct seen {
	unsigned int n;
	char key[MAX_WORDS][CMDLINE_WORD_MAX + 8];
	char val[MAX_WORDS][CMDLINE_WORD_MAX + 8];
	bool has_val[MAX_WORDS];
	bool for_init[MAX_WORDS];
};

static void collect(const char *key, const char *val, bool for_init,
		    void *arg)
{
	struct seen *s = arg;

	if (s->n == MAX_WORDS)
		return;
	/* The parser's buffers are its own: copy, and check the bounds. */
	CHECK(strlen(key) < CMDLINE_WORD_MAX);
	snprintf(s->key[s->n], sizeof(s->key[0]), "%s", key);
	s->has_val[s->n] = val != NULL;
	snprintf(s->val[s->n], sizeof(s->val[0]), "%s", val ? val : "");
	s->for_init[s->n] = for_init;
	s->n++;
}

static struct seen seen;

static unsigned int parse(const char *cmdline)
{
	unsigned int n;

	memset(&seen, 0, sizeof(seen));
	n = cmdline_parse(cmdline, collect, &seen);
	CHECK_EQ(n, seen.n);
	return n;
}

/* Word i is "key" (val NULL) or "key=val"; init says which side of "--". */
static void check_word(int line, unsigned int i, const char *key,
		       const char *val, bool init)
{
	bool ok = i < seen.n && !strcmp(seen.key[i], key) &&
		  seen.has_val[i] == (val != NULL) &&
		  (!val || !strcmp(seen.val[i], val)) &&
		  seen.for_init[i] == init;

	if (!ok && !htest_failed_now) {
		printf("FAIL host/%s/", htest_file);
		htest_failed_now = 1;
		htest_why("line %d: word %u is \"%s\"%s%s%s%s, expected "
			  "\"%s\"%s%s%s%s", line, i, seen.key[i],
			  seen.has_val[i] ? " = \"" : "",
			  seen.has_val[i] ? seen.val[i] : "",
			  seen.has_val[i] ? "\"" : "",
			  seen.for_init[i] ? " (init)" : "", key,
			  val ? " = \"" : "", val ? val : "", val ? "\"" : "",
			  init ? " (init)" : "");
	}
}

#define WORD(i, k, v, init) check_word(__LINE__, i, k, v, init)

HTEST(empty_and_blank)
{
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(parse(" "), 0);
	CHECK_EQ(parse("     "), 0);
	CHECK_EQ(parse(" \t\n  \t"), 0);
}

HTEST(simple_words)
{
	CHECK_EQ(parse("console=ttyS0 quiet loglevel=7"), 3);
	WORD(0, "console", "ttyS0", false);
	WORD(1, "quiet", NULL, false);
	WORD(2, "loglevel", "7", false);
}

HTEST(separators_and_edges)
{
	CHECK_EQ(parse("  a\tb\nc   d  "), 4);
	WORD(0, "a", NULL, false);
	WORD(1, "b", NULL, false);
	WORD(2, "c", NULL, false);
	WORD(3, "d", NULL, false);
	/* "key=" has an empty value, which is not the same as no value. */
	CHECK_EQ(parse("root= x"), 2);
	WORD(0, "root", "", false);
	WORD(1, "x", NULL, false);
	/* Only the first '=' splits. */
	CHECK_EQ(parse("a=b=c =v"), 2);
	WORD(0, "a", "b=c", false);
	WORD(1, "", "v", false);
}

HTEST(quotes)
{
	CHECK_EQ(parse("init=/bin/sh msg=\"hello  world\" x"), 3);
	WORD(0, "init", "/bin/sh", false);
	WORD(1, "msg", "hello  world", false);
	WORD(2, "x", NULL, false);
	/* Quotes group anywhere in a word and are removed. */
	CHECK_EQ(parse("\"a b\"=c d\"e f\"g"), 2);
	WORD(0, "a b", "c", false);
	WORD(1, "de fg", NULL, false);
	/* An empty quoted word is still a word. */
	CHECK_EQ(parse("\"\" x"), 2);
	WORD(0, "", NULL, false);
	/* An unterminated quote runs to the end. */
	CHECK_EQ(parse("k=\"abc def   ghi"), 1);
	WORD(0, "k", "abc def   ghi", false);
	/* A quoted '=' still splits: quotes group, they do not escape. */
	CHECK_EQ(parse("\"k=v\""), 1);
	WORD(0, "k", "v", false);
}

HTEST(double_dash)
{
	CHECK_EQ(parse("quiet -- single a=b -- \"x y\""), 5);
	WORD(0, "quiet", NULL, false);
	/* After "--": not split at '=', and a second "--" is just a word. */
	WORD(1, "single", NULL, true);
	WORD(2, "a=b", NULL, true);
	WORD(3, "--", NULL, true);
	WORD(4, "x y", NULL, true);
	/* "--" itself is not counted, wherever it is. */
	CHECK_EQ(parse("--"), 0);
	CHECK_EQ(parse("a --"), 1);
	CHECK_EQ(parse("-- a"), 1);
	WORD(0, "a", NULL, true);
	/* Only a whole word "--" separates. */
	CHECK_EQ(parse("--x ---"), 2);
	WORD(0, "--x", NULL, false);
	WORD(1, "---", NULL, false);
}

HTEST(long_words_cut)
{
	static char line[4 * CMDLINE_WORD_MAX];
	static char want[CMDLINE_WORD_MAX];
	size_t n;

	/* One below the limit survives whole. */
	memset(line, 'a', CMDLINE_WORD_MAX - 1);
	line[CMDLINE_WORD_MAX - 1] = '\0';
	CHECK_EQ(parse(line), 1);
	CHECK_STR(seen.key[0], line);

	/* Longer ones are cut to CMDLINE_WORD_MAX - 1; the next one is intact. */
	memset(line, 'b', 3 * CMDLINE_WORD_MAX);
	n = 3 * CMDLINE_WORD_MAX;
	memcpy(line + n, " next=1", 8);
	memset(want, 'b', CMDLINE_WORD_MAX - 1);
	want[CMDLINE_WORD_MAX - 1] = '\0';
	CHECK_EQ(parse(line), 2);
	CHECK_STR(seen.key[0], want);
	WORD(1, "next", "1", false);

	/* The cut applies to the whole word, so a long value loses its tail. */
	memcpy(line, "k=", 2);
	memset(line + 2, 'v', 2 * CMDLINE_WORD_MAX);
	line[2 + 2 * CMDLINE_WORD_MAX] = '\0';
	CHECK_EQ(parse(line), 1);
	CHECK_STR(seen.key[0], "k");
	CHECK_EQ(strlen(seen.val[0]), CMDLINE_WORD_MAX - 3);

	/* Quotes do not count towards the length. */
	line[0] = '"';
	memset(line + 1, 'q', CMDLINE_WORD_MAX - 1);
	memcpy(line + CMDLINE_WORD_MAX, "\"", 2);
	CHECK_EQ(parse(line), 1);
	CHECK_EQ(strlen(seen.key[0]), CMDLINE_WORD_MAX - 1);
}

static bool int_ok(const char *s, long want)
{
	long v = 0x5eed;

	return cmdline_parse_int(s, &v) && v == want;
}

static bool int_bad(const char *s)
{
	long v = 0x5eed;

	/* A failed parse leaves the output alone. */
	return !cmdline_parse_int(s, &v) && v == 0x5eed;
}

HTEST(parse_int_valid)
{
	CHECK(int_ok("0", 0));
	CHECK(int_ok("7", 7));
	CHECK(int_ok("42", 42));
	CHECK(int_ok("-42", -42));
	CHECK(int_ok("+42", 42));
	CHECK(int_ok("-0", 0));
	CHECK(int_ok("007", 7));	/* decimal, not octal */
	CHECK(int_ok("010", 10));
	CHECK(int_ok("0x1f", 31));
	CHECK(int_ok("0X1F", 31));
	CHECK(int_ok("0xABCdef", 0xabcdef));
	CHECK(int_ok("-0x10", -16));
	CHECK(int_ok("+0x10", 16));
	CHECK(int_ok("0x0", 0));
	CHECK(int_ok("2147483648", 2147483648L));
	CHECK(int_ok("9223372036854775807", LONG_MAX));
	CHECK(int_ok("-9223372036854775807", -LONG_MAX));
	CHECK(int_ok("0x7fffffffffffffff", LONG_MAX));
	CHECK(int_ok("-0x7fffffffffffffff", -LONG_MAX));
}

HTEST(parse_int_junk)
{
	CHECK(!cmdline_parse_int(NULL, &(long){ 0 }));
	CHECK(int_bad(""));
	CHECK(int_bad("-"));
	CHECK(int_bad("+"));
	CHECK(int_bad("0x"));
	CHECK(int_bad("-0x"));
	CHECK(int_bad("x10"));
	CHECK(int_bad("12a"));
	CHECK(int_bad("1.5"));
	CHECK(int_bad(" 12"));
	CHECK(int_bad("12 "));
	CHECK(int_bad("--1"));
	CHECK(int_bad("+-1"));
	CHECK(int_bad("0x1g"));
	CHECK(int_bad("0xx1"));
	CHECK(int_bad("1e3"));
	CHECK(int_bad("banana"));
	CHECK(int_bad("0b101"));
}

HTEST(parse_int_overflow)
{
	CHECK(int_bad("0x8000000000000000"));
	CHECK(int_bad("0xffffffffffffffff"));
	CHECK(int_bad("0x10000000000000000"));
	CHECK(int_bad("18446744073709551615"));
	CHECK(int_bad("18446744073709551616"));
	CHECK(int_bad("99999999999999999999999"));
	CHECK(int_bad("-99999999999999999999999"));
}

/*
 * Just past LONG_MAX and exactly LONG_MIN.  Run in a child: a signed
 * overflow inside the parser makes UBSan abort the process, and that must
 * fail this case, not take the rest of the file with it.
 */
static const struct {
	const char *s;
	bool ok;
	long v;
} edge_cases[] = {
	{ "9223372036854775808", false, 0 },
	{ "9223372036854775809", false, 0 },
	{ "-9223372036854775809", false, 0 },
	{ "-9223372036854775808", true, LONG_MIN },
	{ "-0x8000000000000000", true, LONG_MIN },
	{ "-0x8000000000000001", false, 0 },
};

static const char *edge_why(int exit_code)
{
	switch (exit_code) {
	case 10:
		return "rejected";
	case 11:
		return "accepted";
	case 12:
		return "wrong value";
	case 13:
		return "output changed on failure";
	default:
		/* UBSan exits with 1 after its report on stderr. */
		return "crashed (UBSan: signed overflow?)";
	}
}

HTEST(parse_int_range_edges)
{
	for (size_t i = 0; i < ARRAY_SIZE(edge_cases); i++) {
		int status = 0;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			long v = 0x5eed;
			bool ok = cmdline_parse_int(edge_cases[i].s, &v);

			if (ok != edge_cases[i].ok)
				_exit(10 + ok);
			if (ok && v != edge_cases[i].v)
				_exit(12);
			if (!ok && v != 0x5eed)
				_exit(13);
			_exit(0);
		}
		CHECK(pid > 0);
		waitpid(pid, &status, 0);
		if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) &&
		    !htest_failed_now) {
			int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

			printf("FAIL host/%s/", htest_file);
			htest_failed_now = 1;
			htest_why("cmdline_parse_int(\"%s\"): %s",
				  edge_cases[i].s, edge_why(code));
		}
	}
}

static bool bool_is(const char *s, bool want)
{
	bool v = !want;

	return cmdline_parse_bool(s, &v) && v == want;
}

static bool bool_bad(const char *s)
{
	bool t = true, f = false;

	return !cmdline_parse_bool(s, &t) && !cmdline_parse_bool(s, &f) &&
	       t && !f;
}

HTEST(parse_bool)
{
	/* A bare word ("quiet") means true. */
	CHECK(bool_is(NULL, true));
	CHECK(bool_is("1", true));
	CHECK(bool_is("y", true));
	CHECK(bool_is("yes", true));
	CHECK(bool_is("on", true));
	CHECK(bool_is("true", true));
	CHECK(bool_is("0", false));
	CHECK(bool_is("n", false));
	CHECK(bool_is("no", false));
	CHECK(bool_is("off", false));
	CHECK(bool_is("false", false));
	CHECK(bool_bad(""));
	CHECK(bool_bad("2"));
	CHECK(bool_bad("-1"));
	CHECK(bool_bad("01"));
	CHECK(bool_bad("yess"));
	CHECK(bool_bad("onn"));
	CHECK(bool_bad("of"));
	CHECK(bool_bad(" 1"));
	CHECK(bool_bad("1 "));
	CHECK(bool_bad("maybe"));
}

HTEST_MAIN("cmdline")
