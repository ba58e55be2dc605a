// SPDX-License-Identifier: MIT
#include <umka/cmdline.h>
#include <umka/string.h>

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/* Copy one word (quotes removed) into buf; return the text after it. */
static const char *next_word(const char *s, char *buf, size_t size)
{
	bool quoted = false;
	size_t n = 0;

	for (; *s; s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n'))
			break;
		if (n + 1 < size)
			buf[n++] = *s;
	}
	buf[n] = '\0';
	return s;
}

unsigned int cmdline_parse(const char *cmdline, cmdline_fn *fn, void *arg)
{
	char word[CMDLINE_WORD_MAX];
	const char *s = cmdline;
	bool for_init = false;
	unsigned int n = 0;

	for (;;) {
		char *eq = NULL;

		s = skip_spaces(s);
		if (!*s)
			break;
		s = next_word(s, word, sizeof(word));
		if (!for_init && !strcmp(word, "--")) {
			for_init = true;
			continue;
		}
		if (!for_init)
			eq = strchr(word, '=');
		if (eq)
			*eq = '\0';
		fn(word, eq ? eq + 1 : NULL, for_init, arg);
		n++;
	}
	return n;
}

bool cmdline_parse_int(const char *s, long *out)
{
	unsigned long v = 0, base = 10;
	bool neg = false;

	if (!s || !*s)
		return false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (~0UL - d) / base)
			return false;
		v = v * base + d;
	}
	/* LONG_MIN is the one magnitude that fits only when negative. */
	if (v > (~0UL >> 1) + (neg ? 1 : 0))
		return false;
	*out = neg ? (long)(0 - v) : (long)v;
	return true;
}

bool cmdline_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };

	if (!s) {
		*out = true;
		return true;
	}
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}
