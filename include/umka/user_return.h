/* SPDX-License-Identifier: MIT */
#ifndef UMKA_USER_RETURN_H
#define UMKA_USER_RETURN_H

#include <umka/types.h>
#include <asm/ptrace.h>

/*
 * Work before any return to user mode (syscall, fault, interrupt):
 * reschedule if asked, deliver pending signals.  Returns with interrupts
 * disabled.
 */
void return_to_user(struct pt_regs *regs, bool in_syscall);
/* The user register frame at the top of current's kernel stack. */
struct pt_regs *current_pt_regs(void);

#endif
