/* SPDX-License-Identifier: MIT */
/*
 * Exception table: pairs of (faulting instruction, where to continue).
 * copy_from_user and friends put their user accesses here, so a bad user
 * pointer turns into -EFAULT instead of a kernel fault.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#define _ASM_EXTABLE(from, to)            \
	".pushsection __ex_table, \"a\"\n\t" \
	".balign 8\n\t"                      \
	".quad " #from ", " #to "\n\t"       \
	".popsection\n\t"

#ifndef __ASSEMBLER__
struct extable_entry {
	unsigned long insn;
	unsigned long fixup;
};

unsigned long extable_find(unsigned long rip);
#endif

#endif
