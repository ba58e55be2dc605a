// SPDX-License-Identifier: MIT
/*
 * Arithmetic modulo the group order L.
 *
 * Reduction is a plain binary long division: the remainder r (< L) is
 * doubled, the next bit of the dividend shifted in, and L subtracted
 * when r reached it.  That is 512 small steps for a 512-bit input,
 * slow next to Barrett reduction but obviously right, and the conditional
 * subtraction is done with masks so the running time does not depend on
 * the (secret, when signing) value.
 */
#include "sc25519.h"
#include "wipe.h"

typedef unsigned __int128 u128;

/* L as four little-endian 64-bit words. */
static const u64 order_l[4] = {
	0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL,
	0x0000000000000000ULL, 0x1000000000000000ULL,
};

static u64 load_le64(const u8 *p)
{
	u64 v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void store_le64(u8 *p, u64 v)
{
	for (int i = 0; i < 8; i++) {
		p[i] = (u8)v;
		v >>= 8;
	}
}

/* r = r - L when r >= L, in constant time.  r < 2L on entry. */
static void sub_l_if_ge(u64 r[4])
{
	u64 t[4], borrow = 0, keep;

	for (int i = 0; i < 4; i++) {
		u128 d = (u128)r[i] - order_l[i] - borrow;

		t[i] = (u64)d;
		borrow = (u64)(d >> 64) & 1;
	}
	/* borrow is 1 when r < L: keep r then, else take t. */
	keep = -borrow;
	for (int i = 0; i < 4; i++)
		r[i] = (r[i] & keep) | (t[i] & ~keep);
}

/* r = x mod L, x given as nwords little-endian 64-bit words. */
static void reduce_words(u64 r[4], const u64 *x, int nwords)
{
	r[0] = r[1] = r[2] = r[3] = 0;
	for (int i = nwords * 64 - 1; i >= 0; i--) {
		u64 bit = (x[i / 64] >> (i % 64)) & 1;

		/* r < L < 2^253, so 2r + 1 still fits in 256 bits. */
		r[3] = (r[3] << 1) | (r[2] >> 63);
		r[2] = (r[2] << 1) | (r[1] >> 63);
		r[1] = (r[1] << 1) | (r[0] >> 63);
		r[0] = (r[0] << 1) | bit;
		sub_l_if_ge(r);
	}
}

void sc25519_reduce(u8 out[32], const u8 in[64])
{
	u64 x[8], r[4];

	for (int i = 0; i < 8; i++)
		x[i] = load_le64(in + 8 * i);
	reduce_words(r, x, 8);
	for (int i = 0; i < 4; i++)
		store_le64(out + 8 * i, r[i]);
	crypto_wipe(x, sizeof(x));
	crypto_wipe(r, sizeof(r));
}

void sc25519_muladd(u8 out[32], const u8 a[32], const u8 b[32],
		    const u8 c[32])
{
	u64 x[4], y[4], prod[8] = { 0 }, r[4];
	u64 carry;

	for (int i = 0; i < 4; i++) {
		x[i] = load_le64(a + 8 * i);
		y[i] = load_le64(b + 8 * i);
		prod[i] = load_le64(c + 8 * i);
	}
	/*
	 * prod = c + a * b, schoolbook.  a * b < 2^512 - 2^257 and c < 2^256,
	 * so the sum fits in eight words and no carry leaves the top one.
	 */
	for (int i = 0; i < 4; i++) {
		carry = 0;
		for (int j = 0; j < 4; j++) {
			u128 t = (u128)x[i] * y[j] + prod[i + j] + carry;

			prod[i + j] = (u64)t;
			carry = (u64)(t >> 64);
		}
		for (int k = i + 4; k < 8; k++) {
			u128 t = (u128)prod[k] + carry;

			prod[k] = (u64)t;
			carry = (u64)(t >> 64);
		}
	}
	reduce_words(r, prod, 8);
	for (int i = 0; i < 4; i++)
		store_le64(out + 8 * i, r[i]);
	crypto_wipe(x, sizeof(x));
	crypto_wipe(y, sizeof(y));
	crypto_wipe(prod, sizeof(prod));
	crypto_wipe(r, sizeof(r));
}

int sc25519_is_canonical(const u8 s[32])
{
	/* From the most significant word; S is public, so exiting early is fine. */
	for (int i = 3; i >= 0; i--) {
		u64 w = load_le64(s + 8 * i);

		if (w < order_l[i])
			return 1;
		if (w > order_l[i])
			return 0;
	}
	return 0;	/* s == L */
}
