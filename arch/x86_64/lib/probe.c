// SPDX-License-Identifier: MIT
/*
 * Checked single accesses to kernel addresses that may be unmapped or
 * read-only: a fault becomes -EFAULT through the exception table.  Used
 * by self-tests and debugging aids, never on hot paths.
 */
#include <umka/probe.h>
#include <umka/errno.h>
#include <asm/extable.h>

int probe_read_u64(const void *addr, u64 *out)
{
	int err = 0;
	u64 v = 0;

	__asm__ __volatile__("1: movq (%[a]), %[v]\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: movl %[ef], %[err]\n"
			     "   jmp 2b\n"
			     ".popsection\n"
			     _ASM_EXTABLE(1b, 3b)
			     : [err] "+r"(err), [v] "+r"(v)
			     : [a] "r"(addr), [ef] "i"(-EFAULT)
			     : "memory");
	*out = v;
	return err;
}

int probe_write_u8(void *addr, u8 val)
{
	int err = 0;

	__asm__ __volatile__("1: movb %[v], (%[a])\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: movl %[ef], %[err]\n"
			     "   jmp 2b\n"
			     ".popsection\n"
			     _ASM_EXTABLE(1b, 3b)
			     : [err] "+r"(err)
			     : [a] "r"(addr), [v] "q"(val), [ef] "i"(-EFAULT)
			     : "memory");
	return err;
}
