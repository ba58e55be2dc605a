// SPDX-License-Identifier: MIT
/*
 * GF(2^255 - 19) in five 51-bit limbs.  See fe25519.h for the bounds
 * every function keeps; they are what the comments below refer to.
 */
#include "fe25519.h"

typedef unsigned __int128 u128;

#define MASK51 ((1ULL << 51) - 1)

void fe25519_0(struct fe25519 *h)
{
	for (int i = 0; i < 5; i++)
		h->v[i] = 0;
}

void fe25519_1(struct fe25519 *h)
{
	fe25519_0(h);
	h->v[0] = 1;
}

/*
 * Carry each limb into the next; the carry out of the top limb is worth
 * 2^255 = 19 (mod p), so it comes back into limb 0 multiplied by 19.
 * Limbs below 2^54 on entry leave limbs below 2^51 + 2^8.
 */
static void fe25519_carry(struct fe25519 *h)
{
	u64 c;

	for (int i = 0; i < 4; i++) {
		c = h->v[i] >> 51;
		h->v[i] &= MASK51;
		h->v[i + 1] += c;
	}
	c = h->v[4] >> 51;
	h->v[4] &= MASK51;
	h->v[0] += 19 * c;
}

void fe25519_add(struct fe25519 *h, const struct fe25519 *f,
		 const struct fe25519 *g)
{
	for (int i = 0; i < 5; i++)
		h->v[i] = f->v[i] + g->v[i];
	fe25519_carry(h);
}

/*
 * 4p, limb by limb.  Adding it before subtracting keeps every limb
 * positive for any g with limbs below 2^52, without changing the value
 * mod p.
 */
static const u64 four_p[5] = {
	4 * (MASK51 - 18), 4 * MASK51, 4 * MASK51, 4 * MASK51, 4 * MASK51,
};

void fe25519_sub(struct fe25519 *h, const struct fe25519 *f,
		 const struct fe25519 *g)
{
	for (int i = 0; i < 5; i++)
		h->v[i] = f->v[i] + four_p[i] - g->v[i];
	fe25519_carry(h);
}

void fe25519_neg(struct fe25519 *h, const struct fe25519 *f)
{
	struct fe25519 zero;

	fe25519_0(&zero);
	fe25519_sub(h, &zero, f);
}

void fe25519_mul(struct fe25519 *h, const struct fe25519 *f,
		 const struct fe25519 *g)
{
	const u64 *a = f->v, *b = g->v;
	/* Limbs of g above the top wrap around: 2^255 = 19 (mod p). */
	u64 b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
	u128 r0, r1, r2, r3, r4, t;
	u64 c;

	/*
	 * Limbs below 2^52 make each product below 2^104 (2^109 with the
	 * factor 19), so a sum of five fits easily in 128 bits.
	 */
	r0 = (u128)a[0] * b[0] + (u128)a[1] * b4 + (u128)a[2] * b3 +
	     (u128)a[3] * b2 + (u128)a[4] * b1;
	r1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4 +
	     (u128)a[3] * b3 + (u128)a[4] * b2;
	r2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] +
	     (u128)a[3] * b4 + (u128)a[4] * b3;
	r3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] +
	     (u128)a[3] * b[0] + (u128)a[4] * b4;
	r4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] +
	     (u128)a[3] * b[1] + (u128)a[4] * b[0];

	r1 += (u64)(r0 >> 51);
	r2 += (u64)(r1 >> 51);
	r3 += (u64)(r2 >> 51);
	r4 += (u64)(r3 >> 51);
	c = (u64)(r4 >> 51);
	/* c is below 2^61, so 19 * c needs the wide type too. */
	t = (u128)((u64)r0 & MASK51) + (u128)c * 19;
	h->v[0] = (u64)t & MASK51;
	h->v[1] = ((u64)r1 & MASK51) + (u64)(t >> 51);
	h->v[2] = (u64)r2 & MASK51;
	h->v[3] = (u64)r3 & MASK51;
	h->v[4] = (u64)r4 & MASK51;
}

void fe25519_sq(struct fe25519 *h, const struct fe25519 *f)
{
	fe25519_mul(h, f, f);
}

/*
 * h = f^e for a public exponent e (32 bytes, little-endian), by square
 * and multiply from the top bit.  The sequence of operations depends
 * only on e, never on f.
 */
static void fe25519_pow(struct fe25519 *h, const struct fe25519 *f,
			const u8 e[32])
{
	struct fe25519 r;

	fe25519_1(&r);
	for (int i = 255; i >= 0; i--) {
		fe25519_sq(&r, &r);
		if ((e[i >> 3] >> (i & 7)) & 1)
			fe25519_mul(&r, &r, f);
	}
	*h = r;
}

/* p - 2 = 2^255 - 21, little-endian. */
static const u8 exp_p_minus_2[32] = {
	0xeb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
};

/* (p - 5) / 8 = 2^252 - 3, little-endian. */
static const u8 exp_p_minus_5_div_8[32] = {
	0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f,
};

void fe25519_invert(struct fe25519 *h, const struct fe25519 *f)
{
	/* Fermat: f^(p-2) = 1/f for f != 0. */
	fe25519_pow(h, f, exp_p_minus_2);
}

void fe25519_pow22523(struct fe25519 *h, const struct fe25519 *f)
{
	fe25519_pow(h, f, exp_p_minus_5_div_8);
}

void fe25519_cmov(struct fe25519 *f, const struct fe25519 *g, unsigned int b)
{
	u64 mask = -(u64)b;

	for (int i = 0; i < 5; i++)
		f->v[i] ^= mask & (f->v[i] ^ g->v[i]);
}

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

void fe25519_frombytes(struct fe25519 *h, const u8 s[32])
{
	u64 w0 = load_le64(s), w1 = load_le64(s + 8);
	u64 w2 = load_le64(s + 16), w3 = load_le64(s + 24);

	h->v[0] = w0 & MASK51;
	h->v[1] = ((w0 >> 51) | (w1 << 13)) & MASK51;
	h->v[2] = ((w1 >> 38) | (w2 << 26)) & MASK51;
	h->v[3] = ((w2 >> 25) | (w3 << 39)) & MASK51;
	h->v[4] = (w3 >> 12) & MASK51;	/* drops bit 255 */
}

void fe25519_tobytes(u8 s[32], const struct fe25519 *f)
{
	struct fe25519 t = *f;
	u64 q;

	/*
	 * Two carry passes bring every limb below 2^51, so the value is
	 * below 2^255 < 2p.  It is then p or more exactly when value + 19
	 * reaches 2^255, which q computes without branching; adding 19q and
	 * dropping bit 255 subtracts q * p.
	 */
	fe25519_carry(&t);
	fe25519_carry(&t);
	q = (t.v[0] + 19) >> 51;
	q = (t.v[1] + q) >> 51;
	q = (t.v[2] + q) >> 51;
	q = (t.v[3] + q) >> 51;
	q = (t.v[4] + q) >> 51;
	t.v[0] += 19 * q;
	for (int i = 0; i < 4; i++) {
		t.v[i + 1] += t.v[i] >> 51;
		t.v[i] &= MASK51;
	}
	t.v[4] &= MASK51;

	store_le64(s, t.v[0] | (t.v[1] << 51));
	store_le64(s + 8, (t.v[1] >> 13) | (t.v[2] << 38));
	store_le64(s + 16, (t.v[2] >> 26) | (t.v[3] << 25));
	store_le64(s + 24, (t.v[3] >> 39) | (t.v[4] << 12));
}

int fe25519_iszero(const struct fe25519 *f)
{
	u8 s[32];
	u8 acc = 0;

	fe25519_tobytes(s, f);
	for (int i = 0; i < 32; i++)
		acc |= s[i];
	return acc == 0;
}

int fe25519_isnegative(const struct fe25519 *f)
{
	u8 s[32];

	fe25519_tobytes(s, f);
	return s[0] & 1;
}

int fe25519_equal(const struct fe25519 *f, const struct fe25519 *g)
{
	struct fe25519 d;

	fe25519_sub(&d, f, g);
	return fe25519_iszero(&d);
}
