// SPDX-License-Identifier: MIT
/*
 * arch_prctl: the FS and GS bases (thread pointers).
 * Errors: EINVAL for an unknown code, EPERM for a non-canonical base,
 * EFAULT for a bad pointer on the GET codes.
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <asm/cpu.h>
#include <asm/layout.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM;
		current->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return put_user(current->fs_base, (unsigned long __user *)addr);
	case ARCH_SET_GS:
	case ARCH_GET_GS:
		/* User GS lives in KERNEL_GS_BASE while we run: not yet kept. */
		return -EINVAL;
	default:
		return -EINVAL;
	}
}
