// SPDX-License-Identifier: MIT
/*
 * Ed25519 against every test vector of RFC 8032 section 7.1 (key
 * derivation, signing and verification), the rejections the kernel
 * relies on (tampered messages and signatures, S >= L, bad public keys),
 * and the curve constants and scalar arithmetic underneath.
 */
#include "htest.h"
#include <umka/crypto/ed25519.h>
#include <umka/crypto/sha512.h>
#include "../../lib/crypto/ge25519.h"
#include "../../lib/crypto/sc25519.h"

static size_t from_hex(u8 *out, const char *hex)
{
	size_t n = 0;

	for (; hex[0] && hex[1]; hex += 2) {
		unsigned int v;

		sscanf(hex, "%2x", &v);
		out[n++] = (u8)v;
	}
	return n;
}

static void to_hex(char *out, const u8 *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
	out[2 * n] = 0;
}

/* RFC 8032 7.1, TEST 1024: the 1023-byte message. */
static const char msg_1024_hex[] =
	"08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
	"fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
	"79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
	"658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
	"1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
	"ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
	"06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
	"efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
	"aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
	"85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
	"d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
	"554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
	"88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
	"2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
	"07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
	"b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
	"ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
	"c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
	"51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
	"42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
	"ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
	"f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
	"d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
	"de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
	"88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
	"2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
	"6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
	"b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
	"0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
	"369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
	"b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
	"0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0";

struct vector {
	const char *name, *seed, *pub, *msg, *sig;
};

/* RFC 8032 section 7.1, all five Ed25519 tests. */
static const struct vector rfc8032[] = {
	{ "TEST 1",
	  "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
	  "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "TEST 2",
	  "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
	  "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "TEST 3",
	  "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	  "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
	  "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
	{ "TEST 1024",
	  "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
	  "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
	  msg_1024_hex,
	  "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
	  "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03" },
	{ "TEST SHA(abc)",
	  "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
	  "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	  "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
	  "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704" },
};

#define NVEC (sizeof(rfc8032) / sizeof(rfc8032[0]))

struct decoded {
	u8 seed[32], pub[32], sig[64];
	u8 msg[1024];
	size_t len;
};

static void decode(struct decoded *d, const struct vector *v)
{
	from_hex(d->seed, v->seed);
	from_hex(d->pub, v->pub);
	from_hex(d->sig, v->sig);
	d->len = from_hex(d->msg, v->msg);
}

static int verify(const struct decoded *d)
{
	return ed25519_verify(d->sig, d->msg, d->len, d->pub);
}

/* The group order L, little-endian. */
static const char order_l_hex[] =
	"edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

HTEST(rfc8032_vector_lengths)
{
	static const size_t want[NVEC] = { 0, 1, 2, 1023, 64 };
	struct decoded d;

	for (size_t i = 0; i < NVEC; i++) {
		decode(&d, &rfc8032[i]);
		CHECK_EQ(d.len, want[i]);
	}
}

HTEST(rfc8032_public_keys)
{
	struct decoded d;
	u8 pub[32];

	for (size_t i = 0; i < NVEC; i++) {
		decode(&d, &rfc8032[i]);
		ed25519_public_key(pub, d.seed);
		if (memcmp(pub, d.pub, 32) != 0)
			CHECK_STR(rfc8032[i].name, "public key mismatch");
	}
}

HTEST(rfc8032_sign)
{
	struct decoded d;
	u8 sig[64];
	char hex[129];

	for (size_t i = 0; i < NVEC; i++) {
		decode(&d, &rfc8032[i]);
		ed25519_sign(sig, d.msg, d.len, d.seed);
		to_hex(hex, sig, 64);
		CHECK_STR(hex, rfc8032[i].sig);
	}
}

HTEST(rfc8032_verify)
{
	struct decoded d;

	for (size_t i = 0; i < NVEC; i++) {
		decode(&d, &rfc8032[i]);
		CHECK_EQ(verify(&d), ED25519_OK);
	}
}

/* Each bit of each short message, and bytes spread over TEST 1024. */
HTEST(rejects_modified_message)
{
	struct decoded d;
	int accepted = 0;

	for (size_t i = 0; i < NVEC; i++) {
		size_t step;

		decode(&d, &rfc8032[i]);
		step = d.len > 64 ? 97 : 1;
		for (size_t j = 0; j < d.len; j += step) {
			for (int b = 0; b < 8; b += (d.len > 64 ? 3 : 1)) {
				d.msg[j] ^= (u8)(1 << b);
				accepted += verify(&d) != ED25519_MISMATCH;
				d.msg[j] ^= (u8)(1 << b);
			}
		}
		/* One byte longer, one byte shorter. */
		d.msg[d.len] = 0;
		accepted += ed25519_verify(d.sig, d.msg, d.len + 1, d.pub) ==
			    ED25519_OK;
		if (d.len)
			accepted += ed25519_verify(d.sig, d.msg, d.len - 1,
						   d.pub) == ED25519_OK;
	}
	CHECK_EQ(accepted, 0);
}

/* Every single-bit change of every signature is refused. */
HTEST(rejects_modified_signature)
{
	struct decoded d;
	int accepted = 0;

	for (size_t i = 0; i < NVEC; i++) {
		decode(&d, &rfc8032[i]);
		for (int bit = 0; bit < 512; bit++) {
			d.sig[bit / 8] ^= (u8)(1 << (bit % 8));
			accepted += verify(&d) == ED25519_OK;
			d.sig[bit / 8] ^= (u8)(1 << (bit % 8));
		}
		CHECK_EQ(verify(&d), ED25519_OK);
	}
	CHECK_EQ(accepted, 0);
}

/* Adds L to the little-endian 256-bit number s (no overflow for s < L). */
static void add_l(u8 s[32])
{
	u8 l[32];
	unsigned int carry = 0;

	from_hex(l, order_l_hex);
	for (int i = 0; i < 32; i++) {
		carry += s[i] + l[i];
		s[i] = (u8)carry;
		carry >>= 8;
	}
}

/*
 * S + L is the same scalar mod L, so a lax verifier would accept it:
 * the classic malleability.  Also S = L and S = 2^256 - 1.
 */
HTEST(rejects_non_canonical_s)
{
	struct decoded d;

	for (size_t i = 0; i < NVEC; i++) {
		decode(&d, &rfc8032[i]);
		add_l(d.sig + 32);
		CHECK_EQ(verify(&d),
			 ED25519_BAD_SIGNATURE);
	}
	decode(&d, &rfc8032[0]);
	from_hex(d.sig + 32, order_l_hex);
	CHECK_EQ(verify(&d),
		 ED25519_BAD_SIGNATURE);
	memset(d.sig + 32, 0xff, 32);
	CHECK_EQ(verify(&d),
		 ED25519_BAD_SIGNATURE);
}

HTEST(rejects_bad_public_keys)
{
	static const char *const bad[] = {
		/* y = 2: (y^2 - 1) / (d y^2 + 1) is not a square, no point. */
		"02000000000000000000000000000000"
		"00000000000000000000000000000000",
		/* y = p: non-canonical (it would be y = 0). */
		"edffffffffffffffffffffffffffffff"
		"ffffffffffffffffffffffffffffff7f",
		/* y = p + 1: a non-canonical identity. */
		"eeffffffffffffffffffffffffffffff"
		"ffffffffffffffffffffffffffffff7f",
		/* y = 2^255 - 1, non-canonical. */
		"ffffffffffffffffffffffffffffffff"
		"ffffffffffffffffffffffffffffff7f",
		/* y = 1 with the sign bit: x = 0 has no negative. */
		"01000000000000000000000000000000"
		"00000000000000000000000000000080",
		/* The identity, order 1. */
		"01000000000000000000000000000000"
		"00000000000000000000000000000000",
		/* y = -1, the point of order 2. */
		"ecffffffffffffffffffffffffffffff"
		"ffffffffffffffffffffffffffffff7f",
		/* y = 0, the points of order 4. */
		"00000000000000000000000000000000"
		"00000000000000000000000000000000",
		"00000000000000000000000000000000"
		"00000000000000000000000000000080",
	};
	struct decoded d;
	u8 pub[32];

	decode(&d, &rfc8032[1]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		from_hex(pub, bad[i]);
		if (ed25519_verify(d.sig, d.msg, d.len, pub) != ED25519_BAD_KEY)
			CHECK_STR(bad[i], "accepted as a key");
	}
	/* Another valid key (TEST 3's) decodes but does not match. */
	from_hex(pub, rfc8032[2].pub);
	CHECK_EQ(ed25519_verify(d.sig, d.msg, d.len, pub), ED25519_MISMATCH);
}

/*
 * With the identity as public key, [k]A vanishes and R = [S]B "verifies"
 * any message: the forgery the small-order check exists to stop.
 */
HTEST(rejects_identity_key_forgery)
{
	struct ge25519 r;
	u8 pub[32], sig[64];

	memset(pub, 0, sizeof(pub));
	pub[0] = 1;
	memset(sig + 32, 0, 32);
	sig[32] = 42;
	ge25519_scalarmult_base(&r, sig + 32);
	ge25519_tobytes(sig, &r);
	CHECK_EQ(ed25519_verify(sig, "forged", 6, pub), ED25519_BAD_KEY);
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u8 rng_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u8)(rng_state >> 32);
}

/* Random keys and messages (fixed seed): sign, verify, cross-verify. */
HTEST(random_roundtrip)
{
	u8 seed[32], pub[32], other[32], msg[200], sig[64];
	int bad = 0;

	for (int n = 0; n < 24; n++) {
		size_t len = rng_byte() % sizeof(msg);

		for (int i = 0; i < 32; i++)
			seed[i] = rng_byte();
		for (size_t i = 0; i < len; i++)
			msg[i] = rng_byte();
		ed25519_public_key(pub, seed);
		ed25519_sign(sig, msg, len, seed);
		bad += ed25519_verify(sig, msg, len, pub) != ED25519_OK;
		seed[n % 32] ^= 1;
		ed25519_public_key(other, seed);
		bad += ed25519_verify(sig, msg, len, other) != ED25519_MISMATCH;
	}
	CHECK_EQ(bad, 0);
}

/* The constants in ge25519.c against their definitions. */
HTEST(curve_constants)
{
	struct fe25519 t, u, one, x2, y2;
	const struct ge25519 *b = &ge25519_base;
	u8 enc[32];
	char hex[65];

	fe25519_1(&one);
	/* d * 121666 = -121665 */
	fe25519_0(&t);
	t.v[0] = 121666;
	fe25519_mul(&t, &t, &ge25519_d);
	fe25519_0(&u);
	u.v[0] = 121665;
	fe25519_add(&t, &t, &u);
	CHECK(fe25519_iszero(&t));
	/* d2 = d + d */
	fe25519_add(&t, &ge25519_d, &ge25519_d);
	CHECK(fe25519_equal(&t, &ge25519_d2));
	/* sqrtm1^2 = -1 */
	fe25519_sq(&t, &ge25519_sqrtm1);
	fe25519_add(&t, &t, &one);
	CHECK(fe25519_iszero(&t));
	/* B on the curve: -x^2 + y^2 = 1 + d x^2 y^2 */
	fe25519_sq(&x2, &b->x);
	fe25519_sq(&y2, &b->y);
	fe25519_sub(&t, &y2, &x2);
	fe25519_mul(&u, &x2, &y2);
	fe25519_mul(&u, &u, &ge25519_d);
	fe25519_add(&u, &u, &one);
	CHECK(fe25519_equal(&t, &u));
	/* T = x y */
	fe25519_mul(&t, &b->x, &b->y);
	CHECK(fe25519_equal(&t, &b->t));
	/* y = 4/5 and x even: the encoding is 0x58 followed by 0x66s. */
	ge25519_tobytes(enc, b);
	to_hex(hex, enc, 32);
	CHECK_STR(hex,
		  "58666666666666666666666666666666"
		  "66666666666666666666666666666666");
	/* [L]B is the identity. */
	{
		u8 l[32];
		struct ge25519 r;

		from_hex(l, order_l_hex);
		ge25519_scalarmult_base(&r, l);
		CHECK(ge25519_is_identity(&r));
	}
}

HTEST(field_inverse_and_canonical_encoding)
{
	struct fe25519 f, g, h;
	u8 s[32], back[32];
	int bad = 0;

	for (int n = 0; n < 50; n++) {
		for (int i = 0; i < 32; i++)
			s[i] = rng_byte();
		s[31] &= 0x7f;
		fe25519_frombytes(&f, s);
		fe25519_invert(&g, &f);
		fe25519_mul(&h, &f, &g);
		fe25519_tobytes(back, &h);
		bad += back[0] != 1;
		for (int i = 1; i < 32; i++)
			bad += back[i] != 0;
	}
	CHECK_EQ(bad, 0);
	/* p + 5, written with limbs above p, encodes as 5. */
	fe25519_0(&f);
	f.v[0] = (1ULL << 51) - 19 + 5;
	for (int i = 1; i < 5; i++)
		f.v[i] = (1ULL << 51) - 1;
	fe25519_tobytes(s, &f);
	CHECK_EQ(s[0], 5);
	CHECK_EQ(s[31], 0);
	/* p - 1 stays p - 1. */
	f.v[0] = (1ULL << 51) - 20;
	fe25519_tobytes(s, &f);
	CHECK_EQ(s[0], 0xec);
	CHECK_EQ(s[31], 0x7f);
}

HTEST(scalar_reduce_and_muladd)
{
	u8 in[64], out[32], a[32], b[32], c[32];
	char hex[65];

	/* 2^512 - 1 mod L, from Python. */
	memset(in, 0xff, sizeof(in));
	sc25519_reduce(out, in);
	to_hex(hex, out, 32);
	CHECK_STR(hex,
		  "000f9c44e31106a447938568a71b0ed0"
		  "65bef517d273ecce3d9a307c1b419903");
	/* L mod L = 0; L - 1 stays. */
	memset(in, 0, sizeof(in));
	from_hex(in, order_l_hex);
	sc25519_reduce(out, in);
	for (int i = 0; i < 32; i++)
		CHECK_EQ(out[i], 0);
	in[0]--;
	sc25519_reduce(out, in);
	CHECK(memcmp(out, in, 32) == 0);
	CHECK(sc25519_is_canonical(out));
	in[0]++;
	CHECK(!sc25519_is_canonical(in));
	/* (a * b + c) mod L for a = 1..32, b = 100..131, c = 2^256 - 1. */
	for (int i = 0; i < 32; i++) {
		a[i] = (u8)(i + 1);
		b[i] = (u8)(i + 100);
		c[i] = 0xff;
	}
	sc25519_muladd(out, a, b, c);
	to_hex(hex, out, 32);
	CHECK_STR(hex,
		  "746e30f0931a6794162b30e6bd37deca"
		  "4961152036d136cd17ea96a2d1b8fd0a");
}

HTEST_MAIN("ed25519")
