// SPDX-License-Identifier: MIT
/*
 * SHA-512 as specified in FIPS 180-4, sections 4.1.3, 5.1.2, 6.4.
 *
 * Written for clarity over speed: the kernel hashes a driver image once
 * when it is loaded, and the host tools hash a few files.  Big-endian
 * loads and stores are done byte by byte so the code is independent of
 * the host's byte order and alignment rules.
 */
#include <umka/crypto/sha512.h>
#include <umka/string.h>
#include "wipe.h"

/*
 * The first 64 bits of the fractional parts of the cube roots of the
 * first 80 primes (FIPS 180-4, 4.2.3).
 */
static const u64 sha512_k[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL,
	0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL,
	0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL,
	0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL,
	0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL,
	0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL,
	0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL,
	0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
	0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL,
	0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL,
	0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL,
	0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL,
	0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL,
	0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL,
	0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL,
	0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL,
	0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL,
	0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL,
	0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL,
	0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL,
	0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

/* Square roots of the first 8 primes, fractional parts (FIPS 180-4, 5.3.5). */
static const u64 sha512_iv[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL,
	0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
	0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
	0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static inline u64 ror64(u64 x, unsigned int n)
{
	return (x >> n) | (x << (64 - n));
}

static inline u64 load_be64(const u8 *p)
{
	u64 v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static inline void store_be64(u8 *p, u64 v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (u8)v;
		v >>= 8;
	}
}

static void sha512_block(u64 state[8], const u8 *block)
{
	u64 w[16];
	u64 a = state[0], b = state[1], c = state[2], d = state[3];
	u64 e = state[4], f = state[5], g = state[6], h = state[7];

	/*
	 * The message schedule is kept as a 16-word ring: W[t] depends only
	 * on W[t-2], W[t-7], W[t-15] and W[t-16], so 16 words suffice and
	 * the stack frame stays small.
	 */
	for (int t = 0; t < 80; t++) {
		u64 wt, t1, t2;

		if (t < 16) {
			wt = load_be64(block + 8 * t);
		} else {
			u64 w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
			u64 s0 = ror64(w15, 1) ^ ror64(w15, 8) ^ (w15 >> 7);
			u64 s1 = ror64(w2, 19) ^ ror64(w2, 61) ^ (w2 >> 6);

			wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
		}
		w[t & 15] = wt;

		t1 = h + (ror64(e, 14) ^ ror64(e, 18) ^ ror64(e, 41)) +
		     ((e & f) ^ (~e & g)) + sha512_k[t] + wt;
		t2 = (ror64(a, 28) ^ ror64(a, 34) ^ ror64(a, 39)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}

	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
	/* The schedule holds message words, which may be secret. */
	crypto_wipe(w, sizeof(w));
}

void sha512_init(struct sha512_ctx *ctx)
{
	memcpy(ctx->state, sha512_iv, sizeof(ctx->state));
	ctx->bytes = 0;
	ctx->buflen = 0;
}

void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len)
{
	const u8 *p = data;

	ctx->bytes += len;
	if (ctx->buflen) {
		size_t take = SHA512_BLOCK_SIZE - ctx->buflen;

		if (take > len)
			take = len;
		memcpy(ctx->buf + ctx->buflen, p, take);
		ctx->buflen += take;
		p += take;
		len -= take;
		if (ctx->buflen < SHA512_BLOCK_SIZE)
			return;
		sha512_block(ctx->state, ctx->buf);
		ctx->buflen = 0;
	}
	for (; len >= SHA512_BLOCK_SIZE; len -= SHA512_BLOCK_SIZE) {
		sha512_block(ctx->state, p);
		p += SHA512_BLOCK_SIZE;
	}
	if (len) {
		memcpy(ctx->buf, p, len);
		ctx->buflen = len;
	}
}

void sha512_final(struct sha512_ctx *ctx, u8 out[SHA512_DIGEST_SIZE])
{
	/* The length is a 128-bit count of bits (FIPS 180-4, 5.1.2). */
	u64 bits_hi = ctx->bytes >> 61, bits_lo = ctx->bytes << 3;
	u32 n = ctx->buflen;

	ctx->buf[n++] = 0x80;
	if (n > SHA512_BLOCK_SIZE - 16) {
		memset(ctx->buf + n, 0, SHA512_BLOCK_SIZE - n);
		sha512_block(ctx->state, ctx->buf);
		n = 0;
	}
	memset(ctx->buf + n, 0, SHA512_BLOCK_SIZE - 16 - n);
	store_be64(ctx->buf + SHA512_BLOCK_SIZE - 16, bits_hi);
	store_be64(ctx->buf + SHA512_BLOCK_SIZE - 8, bits_lo);
	sha512_block(ctx->state, ctx->buf);

	for (int i = 0; i < 8; i++)
		store_be64(out + 8 * i, ctx->state[i]);
	crypto_wipe(ctx, sizeof(*ctx));
}

void sha512(const void *data, size_t len, u8 out[SHA512_DIGEST_SIZE])
{
	struct sha512_ctx ctx;

	sha512_init(&ctx);
	sha512_update(&ctx, data, len);
	sha512_final(&ctx, out);
}
