/* SPDX-License-Identifier: MIT */
/* Signal ABI structures of Linux x86-64, and the kernel's per-process state. */
#ifndef UMKA_SIGTYPES_H
#define UMKA_SIGTYPES_H

#include <umka/types.h>
#include <umka/spinlock.h>

#define SIG_DFL 0UL
#define SIG_IGN 1UL

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048

/* Internal restart codes (never seen by user space). */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514

struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	u64 mask;
};

/* Shared by the threads of a process (CLONE_SIGHAND). */
struct sighand {
	int refs;
	struct spinlock lock;
	struct k_sigaction action[64];
};

struct user_siginfo {
	int si_signo, si_errno, si_code, pad;
	union {
		struct {
			int pid;
			u32 uid;
			int status;
		} kill;
		u64 addr;
		u8 bytes[112];
	};
};

_Static_assert(sizeof(struct user_siginfo) == 128, "siginfo is 128 bytes");

struct user_stack {
	u64 ss_sp;
	int ss_flags;
	int pad;
	u64 ss_size;
};

#endif
