// SPDX-License-Identifier: MIT
/* Path-string helpers: component splitting and reverse building. */
#include <umka/path.h>
#include <umka/errno.h>
#include <umka/string.h>

const char *path_next(const char *p, const char **name, size_t *len)
{
	size_t n = 0;

	while (*p == '/')
		p++;
	if (!*p)
		return NULL;
	while (p[n] && p[n] != '/')
		n++;
	*name = p;
	*len = n;
	return p + n;
}

bool path_only_slashes(const char *p)
{
	if (*p != '/')
		return false;
	while (*p == '/')
		p++;
	return *p == '\0';
}

int path_prepend(char *buf, size_t *pos, const char *name, size_t len)
{
	if (*pos < len + 1)
		return -ENAMETOOLONG;
	*pos -= len;
	memcpy(buf + *pos, name, len);
	buf[--*pos] = '/';
	return 0;
}
