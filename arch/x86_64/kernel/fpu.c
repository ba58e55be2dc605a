// SPDX-License-Identifier: MIT
/*
 * User FPU/SSE state.  The kernel itself never touches these registers
 * (-mno-sse), so a task's state only has to be saved when another user
 * task is about to run: FXSAVE on the way out, FXRSTOR on the way in.
 * AVX stays off (CR4.OSXSAVE clear), so programs see no AVX and the
 * 512-byte FXSAVE image is the whole state.
 */
#include <umka/sched.h>
#include <umka/string.h>
#include <asm/cpu.h>
#include <asm/fpu.h>

#define X86_CR0_MP BIT(1)
#define X86_CR0_EM BIT(2)
#define X86_CR0_TS BIT(3)
#define X86_CR4_OSFXSR BIT(9)
#define X86_CR4_OSXMMEXCPT BIT(10)

/* The state a new process starts with (FNINIT + default MXCSR). */
static struct fpu_state initial_state __aligned(16);

void fpu_init_cpu(void)
{
	write_cr0((read_cr0() | X86_CR0_MP) & ~(X86_CR0_EM | X86_CR0_TS));
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit");
}

void fpu_init_boot(void)
{
	fpu_init_cpu();
	initial_state.fcw = 0x37f;
	initial_state.mxcsr = 0x1f80;
}

void fpu_reset(struct fpu_state *f)
{
	*f = initial_state;
}

void fpu_save(struct fpu_state *f)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*f));
}

void fpu_restore(const struct fpu_state *f)
{
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*f));
}
