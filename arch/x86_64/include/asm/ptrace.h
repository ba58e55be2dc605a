/* SPDX-License-Identifier: MIT */
/*
 * Registers saved on kernel entry.  The order is Linux's struct pt_regs
 * so ptrace and signal-frame code can reuse it; entry.S builds it.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#ifndef __ASSEMBLER__
#include <umka/types.h>

struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx;
	unsigned long r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long vector;		/* orig_rax for syscalls */
	unsigned long error_code;
	unsigned long rip, cs, rflags, rsp, ss;
};

static inline bool user_mode(const struct pt_regs *r)
{
	return (r->cs & 3) == 3;
}
#endif

#endif
