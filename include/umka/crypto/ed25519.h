/* SPDX-License-Identifier: MIT */
/*
 * Ed25519 signatures (RFC 8032, "pure" Ed25519: no context, no prehash).
 * The kernel verifies driver signatures with it; the host tool signs.
 *
 * A secret key is the 32-byte seed of RFC 8032; the public key and the
 * signature are the 32- and 64-byte encodings of RFC 8032.
 */
#ifndef UMKA_CRYPTO_ED25519_H
#define UMKA_CRYPTO_ED25519_H

#include <umka/types.h>

#define ED25519_SEED_SIZE 32
#define ED25519_PUBLIC_KEY_SIZE 32
#define ED25519_SIGNATURE_SIZE 64

/* What ed25519_verify() returns: 0 for a good signature, else why not. */
enum ed25519_status {
	ED25519_OK = 0,
	/* The public key encodes no point, or a point of small order. */
	ED25519_BAD_KEY = -1,
	/* S is not below the group order L (a malleated signature). */
	ED25519_BAD_SIGNATURE = -2,
	/* Well formed, but not a signature of this message by this key. */
	ED25519_MISMATCH = -3,
};

void ed25519_public_key(u8 pub[ED25519_PUBLIC_KEY_SIZE],
			const u8 seed[ED25519_SEED_SIZE]);

/*
 * Signing is deterministic and constant time in the seed.  The public
 * key is recomputed from the seed rather than taken from the caller, so
 * a mismatched pair cannot leak the key.
 */
void ed25519_sign(u8 sig[ED25519_SIGNATURE_SIZE], const void *msg,
		  size_t len, const u8 seed[ED25519_SEED_SIZE]);

/*
 * Strict verification: S must be below L, the key must decode
 * canonically to a point that is not of small order, and the check is
 * [S]B - [k]A == R with R compared as bytes (so a non-canonical R never
 * matches).  Variable time: every input is public.
 */
int ed25519_verify(const u8 sig[ED25519_SIGNATURE_SIZE], const void *msg,
		   size_t len, const u8 pub[ED25519_PUBLIC_KEY_SIZE]);

#endif
