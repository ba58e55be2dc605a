// SPDX-License-Identifier: MIT
/*
 * System call dispatch.  Numbers index the table generated from
 * kernel/syscalls.tbl; a missing handler is -ENOSYS, as on Linux.
 * On the way out we deliver pending signals and honour need_resched
 * before returning to user mode.
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <umka/irqflags.h>
#include <umka/percpu.h>
#include <umka/errno.h>
#include <umka/user_return.h>
#include <asm/ptrace.h>
#include <asm/cpu.h>
#include <asm/segment.h>
#include <asm/layout.h>
#include <asm/setup.h>

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SYSCALL_MASK 0xc0000084
#define EFER_SCE BIT(0)

void syscall_entry(void);
bool do_syscall_64(struct pt_regs *regs);

void syscall_init_cpu(void)
{
	/* SYSRET loads CS = base+16, SS = base+8 from STAR[63:48]. */
	wrmsr(MSR_STAR, ((u64)(USER32_CS - 3) << 48) | ((u64)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (unsigned long)syscall_entry);
	/* Clear TF, DF, IF, IOPL, AC and NT on entry, as Linux does. */
	wrmsr(MSR_SYSCALL_MASK, 0x47700);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

static long dispatch(struct pt_regs *r)
{
	unsigned long nr = r->vector;
	syscall_fn_t fn;

	if (nr >= syscall_table_size || !(fn = syscall_table[nr]))
		return -ENOSYS;
	return fn(r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
}

/* SYSRET is only safe for a canonical RIP and ordinary flags. */
static bool can_sysret(const struct pt_regs *r)
{
	return r->rip < USER_TOP && r->cs == USER_CS && r->ss == USER_DS &&
	       !(r->rflags & (BIT(8) | BIT(16))) && r->rcx == r->rip &&
	       r->r11 == r->rflags;
}

bool do_syscall_64(struct pt_regs *r)
{
	local_irq_enable();
	r->rax = (unsigned long)dispatch(r);
	/* rt_sigreturn marks the frame as no longer a system call. */
	return_to_user(r, r->vector != ~0UL);
	if ((long)r->rax <= -512 && (long)r->rax >= -516)
		r->rax = (unsigned long)-EINTR;	/* never leak restart codes */
	/* SYSRET clobbers rcx/r11 with rip/rflags: make that the truth. */
	if (r->rcx != r->rip || r->r11 != r->rflags)
		return false;
	return can_sysret(r);
}

struct pt_regs *current_pt_regs(void)
{
	return (struct pt_regs *)current->stack_top - 1;
}
