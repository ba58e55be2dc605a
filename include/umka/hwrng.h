/* SPDX-License-Identifier: MIT */
/*
 * Hardware random number generators (the KABI entropy class): their
 * output is mixed into the kernel's generator behind getrandom() and
 * /dev/urandom, and readable raw from /dev/hwrng as on Linux.
 */
#ifndef UMKA_HWRNG_H
#define UMKA_HWRNG_H

#include <umka/types.h>

struct kabi_entropy_ops;
struct hwrng;

struct hwrng *hwrng_register(const struct kabi_entropy_ops *ops, void *ctx,
			     const char *name);
void hwrng_unregister(struct hwrng *rng);
/* Bytes mixed into the generator from every source since boot. */
u64 hwrng_bytes_mixed(void);
void hwrng_init(void);

#endif
