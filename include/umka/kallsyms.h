/* SPDX-License-Identifier: MIT */
#ifndef UMKA_KALLSYMS_H
#define UMKA_KALLSYMS_H

#include <umka/types.h>

/*
 * Finds the function containing @addr.  Returns its name and sets *off
 * to the distance from its start, or returns NULL outside the kernel.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *off);
/* Address of a function by name, 0 if unknown (for the self-tests). */
unsigned long kallsyms_lookup_name(const char *name);

#endif
