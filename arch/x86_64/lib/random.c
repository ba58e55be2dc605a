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
