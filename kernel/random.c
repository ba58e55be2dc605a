// SPDX-License-Identifier: MIT
/*
 * Kernel randomness: a 64-bit mixing generator (splitmix64 finalizer)
 * over RDRAND where the CPU has it and TSC jitter otherwise.  Adequate for
 * AT_RANDOM and address randomisation; a proper CSPRNG with entropy
 * accounting replaces it together with virtio-rng.
 */
#include <umka/random.h>
#include <umka/string.h>
#include <umka/compiler.h>
#include <asm/random.h>

static u64 pool;

static u64 mix(u64 z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 next_u64(void)
{
	u64 add = arch_random_u64() ^ arch_cycles();
	u64 s = __atomic_add_fetch(&pool, 0x9e3779b97f4a7c15ULL + add,
				   __ATOMIC_RELAXED);

	return mix(s);
}

void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;

	while (n) {
		u64 v = next_u64();
		size_t k = min(n, sizeof(v));

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}
