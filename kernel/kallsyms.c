// SPDX-License-Identifier: MIT
/* Lookups in the symbol table that tools/gen-kallsyms.py embeds. */
#include <umka/kallsyms.h>
#include <umka/string.h>

extern const u64 kallsyms_count;
extern const u64 kallsyms_addrs[];
extern const u32 kallsyms_offsets[];
extern const char kallsyms_names[];
extern const char __text_start[], __text_end[];

const char *kallsyms_lookup(unsigned long addr, unsigned long *off)
{
	u64 lo = 0, hi = kallsyms_count;

	if (addr < (unsigned long)__text_start ||
	    addr >= (unsigned long)__text_end || !hi)
		return NULL;
	/* Last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		u64 mid = (lo + hi) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addrs[lo] > addr)
		return NULL;
	*off = addr - kallsyms_addrs[lo];
	return kallsyms_names + kallsyms_offsets[lo];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (u64 i = 0; i < kallsyms_count; i++)
		if (!strcmp(kallsyms_names + kallsyms_offsets[i], name))
			return kallsyms_addrs[i];
	return 0;
}
