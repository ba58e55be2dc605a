/* SPDX-License-Identifier: MIT */
/*
 * Path-string helpers shared by the path walk and getcwd.  Portable:
 * also built into the host unit tests.
 */
#ifndef UMKA_PATH_H
#define UMKA_PATH_H

#include <umka/types.h>

#define PATH_MAX 4096
#define NAME_MAX 255

/*
 * Split off the next component of @p: skips leading slashes, sets
 * @name and @len to the component and returns the rest of the string (which
 * may start with slashes); NULL when no component is left.
 */
const char *path_next(const char *p, const char **name, size_t *len);

/* True if only slashes remain: the component just taken had a '/'. */
bool path_only_slashes(const char *p);

/* "." and "..": the walk treats them without a directory lookup. */
static inline bool name_is_dot(const char *n, size_t len)
{
	return len == 1 && n[0] == '.';
}

static inline bool name_is_dotdot(const char *n, size_t len)
{
	return len == 2 && n[0] == '.' && n[1] == '.';
}

/*
 * Prepend "/" @name to the string being built at the end of @buf, whose
 * start is at *pos.  Returns 0, or -ENAMETOOLONG if it does not fit.
 */
int path_prepend(char *buf, size_t *pos, const char *name, size_t len);

#endif
