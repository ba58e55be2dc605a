/* SPDX-License-Identifier: MIT */
/*
 * Thin wrappers around privileged instructions.  Code outside arch/ calls
 * the named helpers in <umka/irqflags.h> and friends, never these.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <umka/types.h>
#include <umka/compiler.h>

#define X86_CR0_WP BIT(16)
#define X86_CR4_PGE BIT(7)
#define X86_CR4_UMIP BIT(11)
#define X86_CR4_FSGSBASE BIT(16)
#define X86_CR4_SMEP BIT(20)
#define X86_CR4_SMAP BIT(21)
#define X86_EFLAGS_IF BIT(9)
#define X86_EFLAGS_AC BIT(18)

#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_APIC_BASE 0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define EFER_LME BIT(8)
#define EFER_LMA BIT(10)
#define EFER_NXE BIT(11)

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(u32 leaf, u32 sub)
{
	struct cpuid_regs r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			     : "a"(leaf), "c"(sub));
	return r;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
			     : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#define DEFINE_CR(n)                                                        \
	static inline u64 read_cr##n(void)                                  \
	{                                                                   \
		u64 v;                                                      \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));       \
		return v;                                                   \
	}                                                                   \
	static inline void write_cr##n(u64 v)                               \
	{                                                                   \
		__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline void hlt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

static inline void invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

static inline unsigned long read_rflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline void *read_rbp(void)
{
	return __builtin_frame_address(0);
}

#endif
