// SPDX-License-Identifier: MIT
/* Host unit tests for the path-string helpers (lib/path.c). */
#include "htest.h"

#include <umka/path.h>
#include <umka/errno.h>

/* Join the components of @p with '|' so one string shows the split. */
static void split(const char *p, char *out)
{
	const char *name;
	size_t len;

	out[0] = 0;
	while ((p = path_next(p, &name, &len))) {
		if (out[0])
			strcat(out, "|");
		strncat(out, name, len);
	}
}

HTEST(components)
{
	char out[256];

	split("/a/bb//ccc/", out);
	CHECK_STR(out, "a|bb|ccc");
	split("rel", out);
	CHECK_STR(out, "rel");
	split("", out);
	CHECK_STR(out, "");
	split("////", out);
	CHECK_STR(out, "");
	split("./..//x/.", out);
	CHECK_STR(out, ".|..|x|.");
}

HTEST(trailing_slash)
{
	const char *name, *rest;
	size_t len;

	rest = path_next("dir/", &name, &len);
	CHECK(path_only_slashes(rest));
	rest = path_next("dir///", &name, &len);
	CHECK(path_only_slashes(rest));
	rest = path_next("dir", &name, &len);
	CHECK(!path_only_slashes(rest));
	rest = path_next("dir/x", &name, &len);
	CHECK(!path_only_slashes(rest));
}

HTEST(dots)
{
	CHECK(name_is_dot(".", 1));
	CHECK(!name_is_dot("..", 2));
	CHECK(name_is_dotdot("..", 2));
	CHECK(!name_is_dotdot("...", 3));
	CHECK(!name_is_dotdot(".x", 2));
}

HTEST(prepend)
{
	char buf[16];
	size_t pos = sizeof(buf) - 1;

	buf[pos] = 0;
	CHECK_EQ(path_prepend(buf, &pos, "c", 1), 0);
	CHECK_EQ(path_prepend(buf, &pos, "bb", 2), 0);
	CHECK_STR(buf + pos, "/bb/c");
	CHECK_EQ(path_prepend(buf, &pos, "toolongname", 11), -ENAMETOOLONG);
	CHECK_STR(buf + pos, "/bb/c");	/* unchanged on failure */
	CHECK_EQ(path_prepend(buf, &pos, "123456789", 9), 0);
	CHECK_STR(buf + pos, "/123456789/bb/c");
	CHECK_EQ(path_prepend(buf, &pos, "", 0), -ENAMETOOLONG);
}

HTEST_MAIN("path")
