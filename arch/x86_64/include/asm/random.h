/* SPDX-License-Identifier: MIT */
#ifndef ASM_RANDOM_H
#define ASM_RANDOM_H

#include <umka/types.h>

/* A hardware random number (RDRAND), or 0 without one. */
u64 arch_random_u64(void);
/* RDSEED (true entropy, not a DRBG): false without one or on failure. */
bool arch_random_seed_u64(u64 *v);
/* A fast-moving cycle counter, for jitter. */
u64 arch_cycles(void);

#endif
