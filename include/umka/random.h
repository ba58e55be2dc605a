/* SPDX-License-Identifier: MIT */
/*
 * The kernel's random numbers: a ChaCha20 generator with fast key
 * erasure, seeded from RDSEED/RDRAND where the CPU has them and from TSC
 * jitter.  getrandom(2), AT_RANDOM and /dev/{u,}random read from it.
 */
#ifndef UMKA_RANDOM_H
#define UMKA_RANDOM_H

#include <umka/types.h>

/*
 * Architecture entropy sources (arch/x86_64/kernel/random.c): hardware
 * random numbers where the CPU has them (false otherwise) and a fast
 * cycle counter whose low bits jitter.
 */
bool arch_get_random_seed_u64(u64 *v);	/* RDSEED: true entropy */
bool arch_get_random_u64(u64 *v);	/* RDRAND: DRBG output */
u64 arch_cycle_counter(void);

/* Seeds on first use if nobody called it earlier. */
void random_init(void);
void get_random_bytes(void *buf, size_t n);
u64 get_random_u64(void);

#endif
