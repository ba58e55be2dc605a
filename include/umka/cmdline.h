/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line, split the way Linux splits it: words separated by
 * spaces, "key=value" or bare "key", double quotes group spaces into a
 * value, and everything after "--" belongs to init.  Portable.
 */
#ifndef UMKA_CMDLINE_H
#define UMKA_CMDLINE_H

#include <umka/types.h>

#define CMDLINE_WORD_MAX 256

/*
 * Calls fn(key, value, for_init, arg) for each word; value is NULL for a
 * bare word, for_init is true for the words after "--" (those are not
 * split at '=').  Words longer than CMDLINE_WORD_MAX are cut.  Returns
 * the number of words.
 */
typedef void cmdline_fn(const char *key, const char *val, bool for_init,
			void *arg);
unsigned int cmdline_parse(const char *cmdline, cmdline_fn *fn, void *arg);

/* Parses a decimal or 0x-hex integer with an optional sign; false if junk. */
bool cmdline_parse_int(const char *s, long *out);
/* Parses "y/yes/1/on" and "n/no/0/off"; a bare word (NULL) means true. */
bool cmdline_parse_bool(const char *s, bool *out);

#endif
