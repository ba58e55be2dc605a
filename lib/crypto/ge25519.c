// SPDX-License-Identifier: MIT
/*
 * The edwards25519 group: point addition, doubling, encoding and scalar
 * multiplication, following the formulas of RFC 8032 section 5.1.
 */
#include "ge25519.h"
#include "wipe.h"

/*
 * The constants in limb form (see fe25519.h).  tests/host/test_ed25519.c
 * checks each against its definition, so a slip here cannot go unseen.
 */
const struct fe25519 ge25519_d = { {
	0x34dca135978a3ULL, 0x1a8283b156ebdULL, 0x5e7a26001c029ULL,
	0x739c663a03cbbULL, 0x52036cee2b6ffULL,
} };

const struct fe25519 ge25519_d2 = { {
	0x69b9426b2f159ULL, 0x35050762add7aULL, 0x3cf44c0038052ULL,
	0x6738cc7407977ULL, 0x2406d9dc56dffULL,
} };

const struct fe25519 ge25519_sqrtm1 = { {
	0x61b274a0ea0b0ULL, 0x0d5a5fc8f189dULL, 0x7ef5e9cbd0c60ULL,
	0x78595a6804c9eULL, 0x2b8324804fc1dULL,
} };

const struct ge25519 ge25519_base = {
	.x = { {
		0x62d608f25d51aULL, 0x412a4b4f6592aULL, 0x75b7171a4b31dULL,
		0x1ff60527118feULL, 0x216936d3cd6e5ULL,
	} },
	.y = { {
		0x6666666666658ULL, 0x4ccccccccccccULL, 0x1999999999999ULL,
		0x3333333333333ULL, 0x6666666666666ULL,
	} },
	.z = { { 1, 0, 0, 0, 0 } },
	.t = { {
		0x68ab3a5b7dda3ULL, 0x00eea2a5eadbbULL, 0x2af8df483c27eULL,
		0x332b375274732ULL, 0x67875f0fd78b7ULL,
	} },
};

void ge25519_identity(struct ge25519 *r)
{
	fe25519_0(&r->x);
	fe25519_1(&r->y);
	fe25519_1(&r->z);
	fe25519_0(&r->t);
}

/* RFC 8032 5.1.4, "add-2008-hwcd-3": complete for edwards25519. */
void ge25519_add(struct ge25519 *r, const struct ge25519 *p,
		 const struct ge25519 *q)
{
	struct fe25519 a, b, c, d, e, f, g, h, t;

	fe25519_sub(&a, &p->y, &p->x);
	fe25519_sub(&t, &q->y, &q->x);
	fe25519_mul(&a, &a, &t);
	fe25519_add(&b, &p->y, &p->x);
	fe25519_add(&t, &q->y, &q->x);
	fe25519_mul(&b, &b, &t);
	fe25519_mul(&c, &p->t, &q->t);
	fe25519_mul(&c, &c, &ge25519_d2);
	fe25519_mul(&d, &p->z, &q->z);
	fe25519_add(&d, &d, &d);
	fe25519_sub(&e, &b, &a);
	fe25519_sub(&f, &d, &c);
	fe25519_add(&g, &d, &c);
	fe25519_add(&h, &b, &a);
	fe25519_mul(&r->x, &e, &f);
	fe25519_mul(&r->y, &g, &h);
	fe25519_mul(&r->t, &e, &h);
	fe25519_mul(&r->z, &f, &g);
}

/* RFC 8032 5.1.4, "dbl-2008-hwcd": fewer multiplications than add(p, p). */
void ge25519_double(struct ge25519 *r, const struct ge25519 *p)
{
	struct fe25519 a, b, c, e, f, g, h;

	fe25519_sq(&a, &p->x);
	fe25519_sq(&b, &p->y);
	fe25519_sq(&c, &p->z);
	fe25519_add(&c, &c, &c);
	fe25519_add(&h, &a, &b);
	fe25519_add(&e, &p->x, &p->y);
	fe25519_sq(&e, &e);
	fe25519_sub(&e, &h, &e);
	fe25519_sub(&g, &a, &b);
	fe25519_add(&f, &c, &g);
	fe25519_mul(&r->x, &e, &f);
	fe25519_mul(&r->y, &g, &h);
	fe25519_mul(&r->t, &e, &h);
	fe25519_mul(&r->z, &f, &g);
}

void ge25519_neg(struct ge25519 *r, const struct ge25519 *p)
{
	fe25519_neg(&r->x, &p->x);
	r->y = p->y;
	r->z = p->z;
	fe25519_neg(&r->t, &p->t);
}

int ge25519_is_identity(const struct ge25519 *p)
{
	/* (0, 1): X = 0 and Y = Z. */
	return fe25519_iszero(&p->x) && fe25519_equal(&p->y, &p->z);
}

int ge25519_has_small_order(const struct ge25519 *p)
{
	struct ge25519 q;

	ge25519_double(&q, p);
	ge25519_double(&q, &q);
	ge25519_double(&q, &q);
	return ge25519_is_identity(&q);
}

void ge25519_tobytes(u8 s[32], const struct ge25519 *p)
{
	struct fe25519 zinv, x, y;

	fe25519_invert(&zinv, &p->z);
	fe25519_mul(&x, &p->x, &zinv);
	fe25519_mul(&y, &p->y, &zinv);
	fe25519_tobytes(s, &y);
	s[31] |= (u8)(fe25519_isnegative(&x) << 7);
}

int ge25519_frombytes(struct ge25519 *r, const u8 s[32])
{
	struct fe25519 y, u, v, v3, x, vxx, t;
	unsigned int sign = s[31] >> 7;
	u8 check[32];

	/* y must be canonical: reject encodings of y + p (y >= p). */
	fe25519_frombytes(&y, s);
	fe25519_tobytes(check, &y);
	check[31] |= (u8)(sign << 7);
	for (int i = 0; i < 32; i++)
		if (check[i] != s[i])
			return -1;

	/* x^2 = u / v with u = y^2 - 1 and v = d y^2 + 1. */
	fe25519_sq(&u, &y);
	fe25519_mul(&v, &u, &ge25519_d);
	fe25519_1(&t);
	fe25519_sub(&u, &u, &t);
	fe25519_add(&v, &v, &t);

	/* Candidate root x = u v^3 (u v^7)^((p-5)/8). */
	fe25519_sq(&v3, &v);
	fe25519_mul(&v3, &v3, &v);
	fe25519_sq(&x, &v3);
	fe25519_mul(&x, &x, &v);
	fe25519_mul(&x, &x, &u);
	fe25519_pow22523(&x, &x);
	fe25519_mul(&x, &x, &v3);
	fe25519_mul(&x, &x, &u);

	fe25519_sq(&vxx, &x);
	fe25519_mul(&vxx, &vxx, &v);
	if (!fe25519_equal(&vxx, &u)) {
		fe25519_neg(&t, &u);
		if (!fe25519_equal(&vxx, &t))
			return -1;	/* u / v is not a square */
		fe25519_mul(&x, &x, &ge25519_sqrtm1);
	}
	if (fe25519_iszero(&x) && sign)
		return -1;	/* x = 0 has no negative twin */
	if ((unsigned int)fe25519_isnegative(&x) != sign)
		fe25519_neg(&x, &x);

	r->x = x;
	r->y = y;
	fe25519_1(&r->z);
	fe25519_mul(&r->t, &x, &y);
	return 0;
}

static void ge25519_cmov(struct ge25519 *r, const struct ge25519 *p,
			 unsigned int b)
{
	fe25519_cmov(&r->x, &p->x, b);
	fe25519_cmov(&r->y, &p->y, b);
	fe25519_cmov(&r->z, &p->z, b);
	fe25519_cmov(&r->t, &p->t, b);
}

void ge25519_scalarmult(struct ge25519 *r, const struct ge25519 *p,
			const u8 k[32])
{
	struct ge25519 q, sum;

	/*
	 * Double and always add, keeping the sum only when the bit is set.
	 * Slower than a windowed method, but every iteration is identical
	 * whatever the bit, and the addition formula is complete, so no
	 * special case (identity, equal points) can branch.
	 */
	ge25519_identity(&q);
	for (int i = 255; i >= 0; i--) {
		unsigned int bit = (k[i >> 3] >> (i & 7)) & 1;

		ge25519_double(&q, &q);
		ge25519_add(&sum, &q, p);
		ge25519_cmov(&q, &sum, bit);
	}
	*r = q;
	crypto_wipe(&q, sizeof(q));
	crypto_wipe(&sum, sizeof(sum));
}

void ge25519_scalarmult_base(struct ge25519 *r, const u8 k[32])
{
	ge25519_scalarmult(r, &ge25519_base, k);
}

void ge25519_double_scalarmult_vartime(struct ge25519 *r, const u8 a[32],
				       const u8 b[32],
				       const struct ge25519 *p)
{
	struct ge25519 table[3], q;

	/* Shamir's trick: one chain of doublings for both products. */
	table[0] = ge25519_base;
	table[1] = *p;
	ge25519_add(&table[2], &ge25519_base, p);

	ge25519_identity(&q);
	for (int i = 255; i >= 0; i--) {
		unsigned int sel = ((a[i >> 3] >> (i & 7)) & 1) |
				   (((b[i >> 3] >> (i & 7)) & 1) << 1);

		ge25519_double(&q, &q);
		if (sel)
			ge25519_add(&q, &q, &table[sel - 1]);
	}
	*r = q;
}
