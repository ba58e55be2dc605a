/* SPDX-License-Identifier: MIT */
#ifndef ASM_SIGNAL_FRAME_H
#define ASM_SIGNAL_FRAME_H

#include <umka/types.h>
#include <asm/ptrace.h>

struct task;
struct k_sigaction;
struct user_siginfo;

/* Push an rt_sigframe and point @r at the handler; 0 or -EFAULT. */
int arch_setup_rt_frame(struct task *t, struct pt_regs *r, int sig,
			const struct k_sigaction *ka,
			const struct user_siginfo *info, u64 blocked);
/* Re-execute the SYSCALL instruction with the original number. */
void arch_restart_syscall(struct pt_regs *r);

#endif
