/* SPDX-License-Identifier: MIT */
/*
 * Arithmetic in GF(p), p = 2^255 - 19, the field under Ed25519.
 * Private to lib/crypto (and its host tests).
 *
 * An element is five 51-bit limbs, value = sum v[i] * 2^(51*i), with
 * products formed in unsigned __int128.  Every function returns limbs
 * below 2^52 when given limbs below 2^52, which is what keeps the
 * products inside 128 bits; only fe25519_tobytes() produces the unique
 * (canonical) representative.  No function branches on, or indexes
 * memory by, the value of an element.
 */
#ifndef LIB_CRYPTO_FE25519_H
#define LIB_CRYPTO_FE25519_H

#include <umka/types.h>

struct fe25519 {
	u64 v[5];
};

void fe25519_0(struct fe25519 *h);
void fe25519_1(struct fe25519 *h);
void fe25519_add(struct fe25519 *h, const struct fe25519 *f,
		 const struct fe25519 *g);
void fe25519_sub(struct fe25519 *h, const struct fe25519 *f,
		 const struct fe25519 *g);
void fe25519_neg(struct fe25519 *h, const struct fe25519 *f);
void fe25519_mul(struct fe25519 *h, const struct fe25519 *f,
		 const struct fe25519 *g);
void fe25519_sq(struct fe25519 *h, const struct fe25519 *f);
/* h = 1/f (h = 0 when f = 0). */
void fe25519_invert(struct fe25519 *h, const struct fe25519 *f);
/* h = f^((p-5)/8), the core of the square root in point decoding. */
void fe25519_pow22523(struct fe25519 *h, const struct fe25519 *f);
/* f = g when b is 1, f unchanged when b is 0; b must be 0 or 1. */
void fe25519_cmov(struct fe25519 *f, const struct fe25519 *g, unsigned int b);

/* Little-endian, the top bit (bit 255) of s is ignored. */
void fe25519_frombytes(struct fe25519 *h, const u8 s[32]);
/* The canonical encoding, value in [0, p). */
void fe25519_tobytes(u8 s[32], const struct fe25519 *f);
int fe25519_iszero(const struct fe25519 *f);
/* The low bit of the canonical value: the "sign" of RFC 8032. */
int fe25519_isnegative(const struct fe25519 *f);
int fe25519_equal(const struct fe25519 *f, const struct fe25519 *g);

#endif
