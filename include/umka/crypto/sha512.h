/* SPDX-License-Identifier: MIT */
/*
 * SHA-512 (FIPS 180-4).  Used to check driver signatures (Ed25519 hashes
 * with SHA-512), so it is portable C that also builds for host tools.
 */
#ifndef UMKA_CRYPTO_SHA512_H
#define UMKA_CRYPTO_SHA512_H

#include <umka/types.h>

#define SHA512_DIGEST_SIZE 64
#define SHA512_BLOCK_SIZE 128

struct sha512_ctx {
	u64 state[8];
	u64 bytes;		/* message length so far */
	u32 buflen;		/* bytes waiting in buf */
	u8 buf[SHA512_BLOCK_SIZE];
};

void sha512_init(struct sha512_ctx *ctx);
void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes the context. */
void sha512_final(struct sha512_ctx *ctx, u8 out[SHA512_DIGEST_SIZE]);
void sha512(const void *data, size_t len, u8 out[SHA512_DIGEST_SIZE]);

#endif
