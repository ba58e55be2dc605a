/* SPDX-License-Identifier: MIT */
/*
 * The kernel's random numbers: a ChaCha20 generator with fast key
 * erasure, seeded from RDSEED/RDRAND where the CPU has them and from TSC
 * jitter (the hooks in <asm/random.h>).  getrandom(2), AT_RANDOM and
 * /dev/{u,}random read from it.
 */
#ifndef UMKA_RANDOM_H
#define UMKA_RANDOM_H

#include <umka/types.h>

/* Seeds on first use if nobody called it earlier. */
void random_init(void);
void get_random_bytes(void *buf, size_t n);
u64 get_random_u64(void);
/* Mixes outside input into the generator (kernel/hwrng.c). */
void random_mix(const void *buf, size_t n);

#endif
