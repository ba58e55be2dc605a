// SPDX-License-Identifier: MIT
/* RDSEED, RDRAND and the TSC behind <umka/random.h>'s arch hooks. */
#include <umka/random.h>
#include <umka/compiler.h>
#include <asm/cpu.h>

#define CPUID1_ECX_RDRAND BIT(30)
#define CPUID7_EBX_RDSEED BIT(18)

static int has_rdrand = -1, has_rdseed = -1;

static void detect(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	u32 max = r.eax;

	has_rdrand = !!(cpuid(1, 0).ecx & CPUID1_ECX_RDRAND);
	has_rdseed = max >= 7 && (cpuid(7, 0).ebx & CPUID7_EBX_RDSEED);
}

/* Both instructions may transiently fail (CF=0): retry a few times. */
bool arch_get_random_seed_u64(u64 *v)
{
	if (has_rdseed < 0)
		detect();
	if (!has_rdseed)
		return false;
	for (int i = 0; i < 10; i++) {
		bool ok;

		__asm__ __volatile__("rdseed %0; setc %1"
				     : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

bool arch_get_random_u64(u64 *v)
{
	if (has_rdrand < 0)
		detect();
	if (!has_rdrand)
		return false;
	for (int i = 0; i < 10; i++) {
		bool ok;

		__asm__ __volatile__("rdrand %0; setc %1"
				     : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

u64 arch_cycle_counter(void)
{
	return rdtsc();
}
