// SPDX-License-Identifier: MIT
#include <asm/random.h>
#include <asm/cpu.h>

u64 arch_random_u64(void)
{
	static int have = -1;
	unsigned char ok = 0;
	u64 v = 0;

	if (have < 0)
		have = !!(cpuid(1, 0).ecx & BIT(30));
	if (have)
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
	return ok ? v : 0;
}

u64 arch_cycles(void)
{
	return rdtsc();
}

bool arch_random_seed_u64(u64 *v)
{
	static int have = -1;

	if (have < 0)
		have = cpuid(0, 0).eax >= 7 && (cpuid(7, 0).ebx & BIT(18));
	/* RDSEED may run dry for a moment (CF=0): retry a few times. */
	for (int i = 0; have && i < 10; i++) {
		unsigned char ok;

		__asm__ __volatile__("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}
