// SPDX-License-Identifier: MIT
/*
 * Ed25519 key generation, signing and verification (RFC 8032, sections
 * 5.1.5 to 5.1.7) on top of the field, scalar and group code in this
 * directory.
 */
#include <umka/crypto/ed25519.h>
#include <umka/crypto/sha512.h>
#include <umka/string.h>
#include "ge25519.h"
#include "sc25519.h"
#include "wipe.h"

/*
 * The secret scalar is the first half of SHA-512(seed) with the low
 * three bits cleared (a multiple of the cofactor 8) and bit 254 set,
 * bit 255 clear; the second half is the prefix that makes the nonce.
 */
static void expand_seed(u8 h[64], const u8 seed[ED25519_SEED_SIZE])
{
	sha512(seed, ED25519_SEED_SIZE, h);
	h[0] &= 248;
	h[31] &= 127;
	h[31] |= 64;
}

void ed25519_public_key(u8 pub[ED25519_PUBLIC_KEY_SIZE],
			const u8 seed[ED25519_SEED_SIZE])
{
	u8 h[64];
	struct ge25519 a;

	expand_seed(h, seed);
	ge25519_scalarmult_base(&a, h);
	ge25519_tobytes(pub, &a);
	crypto_wipe(h, sizeof(h));
	crypto_wipe(&a, sizeof(a));
}

void ed25519_sign(u8 sig[ED25519_SIGNATURE_SIZE], const void *msg,
		  size_t len, const u8 seed[ED25519_SEED_SIZE])
{
	struct sha512_ctx ctx;
	struct ge25519 p;
	u8 h[64], pub[32], digest[64], r[32], k[32];

	expand_seed(h, seed);
	ge25519_scalarmult_base(&p, h);
	ge25519_tobytes(pub, &p);

	/* r = SHA-512(prefix || M) mod L, the per-message nonce. */
	sha512_init(&ctx);
	sha512_update(&ctx, h + 32, 32);
	sha512_update(&ctx, msg, len);
	sha512_final(&ctx, digest);
	sc25519_reduce(r, digest);

	/* R = [r]B, the first half of the signature. */
	ge25519_scalarmult_base(&p, r);
	ge25519_tobytes(sig, &p);

	/* k = SHA-512(R || A || M) mod L. */
	sha512_init(&ctx);
	sha512_update(&ctx, sig, 32);
	sha512_update(&ctx, pub, 32);
	sha512_update(&ctx, msg, len);
	sha512_final(&ctx, digest);
	sc25519_reduce(k, digest);

	/* S = (r + k * s) mod L. */
	sc25519_muladd(sig + 32, k, h, r);

	crypto_wipe(h, sizeof(h));
	crypto_wipe(r, sizeof(r));
	crypto_wipe(digest, sizeof(digest));
	crypto_wipe(&p, sizeof(p));
}

int ed25519_verify(const u8 sig[ED25519_SIGNATURE_SIZE], const void *msg,
		   size_t len, const u8 pub[ED25519_PUBLIC_KEY_SIZE])
{
	struct sha512_ctx ctx;
	struct ge25519 a, check;
	u8 digest[64], k[32], rcheck[32];

	/* A signature whose S is not reduced is someone else's, tampered. */
	if (!sc25519_is_canonical(sig + 32))
		return ED25519_BAD_SIGNATURE;
	/*
	 * A small-order key (the identity, say) would make [k]A vanish and
	 * let anyone "sign" with it; such keys are refused outright.
	 */
	if (ge25519_frombytes(&a, pub) || ge25519_has_small_order(&a))
		return ED25519_BAD_KEY;

	sha512_init(&ctx);
	sha512_update(&ctx, sig, 32);
	sha512_update(&ctx, pub, 32);
	sha512_update(&ctx, msg, len);
	sha512_final(&ctx, digest);
	sc25519_reduce(k, digest);

	/* [S]B + [k](-A) must be R. */
	ge25519_neg(&a, &a);
	ge25519_double_scalarmult_vartime(&check, sig + 32, k, &a);
	ge25519_tobytes(rcheck, &check);
	if (memcmp(rcheck, sig, 32) != 0)
		return ED25519_MISMATCH;
	return ED25519_OK;
}
