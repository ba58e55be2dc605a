/* SPDX-License-Identifier: MIT */
/*
 * Points of the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over
 * GF(2^255 - 19) (edwards25519, RFC 8032 section 5.1).  Private to
 * lib/crypto.
 *
 * Points are in extended coordinates (X : Y : Z : T) with x = X/Z,
 * y = Y/Z and x*y = T/Z, so one addition formula (RFC 8032 5.1.4)
 * serves every pair of points, including equal points and the identity.
 */
#ifndef LIB_CRYPTO_GE25519_H
#define LIB_CRYPTO_GE25519_H

#include "fe25519.h"

struct ge25519 {
	struct fe25519 x, y, z, t;
};

/* Curve constants, exported for the host tests that check them. */
extern const struct fe25519 ge25519_d;		/* -121665 / 121666 */
extern const struct fe25519 ge25519_d2;		/* 2 * d */
extern const struct fe25519 ge25519_sqrtm1;	/* 2^((p-1)/4), a root of -1 */
extern const struct ge25519 ge25519_base;	/* B, y = 4/5, x even */

void ge25519_identity(struct ge25519 *r);
void ge25519_add(struct ge25519 *r, const struct ge25519 *p,
		 const struct ge25519 *q);
void ge25519_double(struct ge25519 *r, const struct ge25519 *p);
void ge25519_neg(struct ge25519 *r, const struct ge25519 *p);
int ge25519_is_identity(const struct ge25519 *p);
/* 1 when 8p is the identity: p is one of the eight small-order points. */
int ge25519_has_small_order(const struct ge25519 *p);

void ge25519_tobytes(u8 s[32], const struct ge25519 *p);
/* RFC 8032 5.1.3; 0 on success, -1 for a string that encodes no point. */
int ge25519_frombytes(struct ge25519 *r, const u8 s[32]);

/*
 * r = [k]p for a secret 256-bit scalar k.  Constant time: the same
 * operations run, on the same addresses, for every k.
 */
void ge25519_scalarmult(struct ge25519 *r, const struct ge25519 *p,
			const u8 k[32]);
/* r = [k]B, constant time. */
void ge25519_scalarmult_base(struct ge25519 *r, const u8 k[32]);
/*
 * r = [a]B + [b]p for public scalars: variable time, for verification
 * only.
 */
void ge25519_double_scalarmult_vartime(struct ge25519 *r, const u8 a[32],
				       const u8 b[32],
				       const struct ge25519 *p);

#endif
