// SPDX-License-Identifier: MIT
/* Self-tests for printk, kallsyms and the command line. */
#include <umka/ktest.h>
#include <umka/printk.h>
#include <umka/kallsyms.h>
#include <umka/string.h>

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return true;
	return false;
}

KTEST(printk_ring_keeps_levels)
{
	static char buf[64 * 1024];
	size_t n;

	pr_info("ktest marker %d\n", 4242);
	n = printk_read_all(buf, sizeof(buf));
	KT_ASSERT(n > 0 && n < sizeof(buf));
	buf[n] = '\0';
	KT_ASSERT(contains(buf, "<6>["));
	KT_ASSERT(contains(buf, "] ktest marker 4242\n"));
}

KTEST(printk_ring_wraps_whole_records)
{
	static char buf[160 * 1024];
	size_t n;

	/* Overfill the 128 KiB ring; the oldest records must go whole. */
	for (int i = 0; i < 3000; i++)
		printk(KERN_DEBUG "ktest wrap filler line %05d ..........\n", i);
	n = printk_read_all(buf, sizeof(buf));
	buf[n] = '\0';
	KT_ASSERT(n < 128 * 1024);
	KT_ASSERT(buf[0] == '<');
	KT_ASSERT(contains(buf, "filler line 02999"));
	KT_ASSERT(!contains(buf, "filler line 00000 "));
}

KTEST(kallsyms_resolves_functions)
{
	unsigned long addr = kallsyms_lookup_name("printk"), off;
	const char *name;

	KT_ASSERT(addr != 0);
	name = kallsyms_lookup(addr + 3, &off);
	KT_ASSERT(name && !strcmp(name, "printk"));
	KT_ASSERT_EQ(off, 3);
	KT_ASSERT(kallsyms_lookup(0x1000, &off) == NULL);
}
