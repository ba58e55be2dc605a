/* SPDX-License-Identifier: MIT */
/*
 * Scalars modulo L = 2^252 + 27742317777372353535851937790883648493, the
 * order of the Ed25519 base point.  Private to lib/crypto.  Scalars are
 * 32-byte little-endian strings, as in RFC 8032.
 */
#ifndef LIB_CRYPTO_SC25519_H
#define LIB_CRYPTO_SC25519_H

#include <umka/types.h>

/* out = in mod L, for a 64-byte (512-bit) in, such as a SHA-512 digest. */
void sc25519_reduce(u8 out[32], const u8 in[64]);
/* out = (a * b + c) mod L, for any 256-bit a, b and c. */
void sc25519_muladd(u8 out[32], const u8 a[32], const u8 b[32],
		    const u8 c[32]);
/* 1 when s < L, the only encodings RFC 8032 accepts for S. */
int sc25519_is_canonical(const u8 s[32]);

#endif
