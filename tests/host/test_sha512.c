// SPDX-License-Identifier: MIT
/*
 * SHA-512 against the FIPS 180-2/180-4 example vectors, plus padding
 * boundaries and split updates, which the example vectors do not reach.
 */
#include "htest.h"
#include <umka/crypto/sha512.h>

static void to_hex(char *out, const u8 *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = 0;
}

static const char *digest_hex(const void *msg, size_t len)
{
	static char hex[2 * SHA512_DIGEST_SIZE + 1];
	u8 d[SHA512_DIGEST_SIZE];

	sha512(msg, len, d);
	to_hex(hex, d, sizeof(d));
	return hex;
}

HTEST(nist_abc)
{
	CHECK_STR(digest_hex("abc", 3),
		  "ddaf35a193617abacc417349ae204131"
		  "12e6fa4e89a97ea20a9eeee64b55d39a"
		  "2192992a274fc1a836ba3c23a3feebbd"
		  "454d4423643ce80e2a9ac94fa54ca49f");
}

HTEST(nist_empty)
{
	CHECK_STR(digest_hex("", 0),
		  "cf83e1357eefb8bdf1542850d66d8007"
		  "d620e4050b5715dc83f4a921d36ce9ce"
		  "47d0d13c5d85f2b0ff8318d2877eec2f"
		  "63b931bd47417a81a538327af927da3e");
}

HTEST(nist_896_bits)
{
	static const char msg[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	CHECK_EQ(sizeof(msg) - 1, 112);
	CHECK_STR(digest_hex(msg, sizeof(msg) - 1),
		  "8e959b75dae313da8cf4f72814fc143f"
		  "8f7779c6eb9f7fa17299aeadb6889018"
		  "501d289e4900f7e4331b99dec4b5433a"
		  "c7d329eeb6dd26545e96e55b874be909");
}

HTEST(nist_million_a)
{
	struct sha512_ctx ctx;
	u8 chunk[1000], d[SHA512_DIGEST_SIZE];
	char hex[2 * SHA512_DIGEST_SIZE + 1];

	memset(chunk, 'a', sizeof(chunk));
	sha512_init(&ctx);
	for (int i = 0; i < 1000; i++)
		sha512_update(&ctx, chunk, sizeof(chunk));
	sha512_final(&ctx, d);
	to_hex(hex, d, sizeof(d));
	CHECK_STR(hex,
		  "e718483d0ce769644e2e42c7bc15b463"
		  "8e1f98b13b2044285632a803afa973eb"
		  "de0ff244877ea60a4cb0432ce577c31b"
		  "eb009c5c2c49aa2e4eadb217ad8cc09b");
}

/*
 * Lengths around the points where the padding needs a second block
 * (112) and where whole blocks end (128, 240).  Reference digests from
 * an independent implementation (Python's hashlib).
 */
HTEST(padding_boundaries)
{
	static const struct {
		size_t len;
		const char *hex;
	} v[] = {
		{ 111, "fa9121c7b32b9e01733d034cfc78cbf6"
		       "7f926c7ed83e82200ef8681819692176"
		       "0b4beff48404df811b95382827446167"
		       "3c68d04e297b0eb7b2b4d60fc6b566a2" },
		{ 112, "c01d080efd492776a1c43bd23dd99d0a"
		       "2e626d481e16782e75d54c2503b5dc32"
		       "bd05f0f1ba33e568b88fd2d970929b71"
		       "9ecbb152f58f130a407c8830604b70ca" },
		{ 127, "828613968b501dc00a97e08c73b118aa"
		       "8876c26b8aac93df128502ab360f91ba"
		       "b50a51e088769a5c1eff4782ace147dc"
		       "e3642554199876374291f5d921629502" },
		{ 128, "b73d1929aa615934e61a871596b3f3b3"
		       "3359f42b8175602e89f7e06e5f658a24"
		       "3667807ed300314b95cacdd579f3e33a"
		       "bdfbe351909519a846d465c59582f321" },
		{ 129, "4f681e0bd53cda4b5a2041cc8a06f2ea"
		       "bde44fb16c951fbd5b87702f07aeab61"
		       "1565b19c47fde30587177ebb852e3971"
		       "bbd8d3fd30da18d71037dfbd98420429" },
		{ 239, "52c853cb8d907f3d4d6b889beb027985"
		       "d7c273486d75f8baf26f80d24e90c74c"
		       "6c3de3e22131582380a7d14d43f2941a"
		       "31385439cd6ddc469f628015e50bf286" },
		{ 240, "4c296d90c61052a62ffb1dd196f1b7b0"
		       "9373b1f93e71836baebf89690546b759"
		       "5684dbe9467a8e484fa0d1094272b434"
		       "4a7c24f5fee8daedeb0bf549c985ab5f" },
	};
	u8 msg[240];

	memset(msg, 'a', sizeof(msg));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK_STR(digest_hex(msg, v[i].len), v[i].hex);
}

/* Every way of cutting a 300-byte message in three gives the same digest. */
HTEST(split_updates_match_one_shot)
{
	u8 msg[300], want[SHA512_DIGEST_SIZE], got[SHA512_DIGEST_SIZE];
	int bad = 0;

	for (int i = 0; i < 300; i++)
		msg[i] = (u8)(i * 131 + 7);
	sha512(msg, sizeof(msg), want);
	for (int a = 0; a <= 300; a += 7) {
		for (int b = a; b <= 300; b += 13) {
			struct sha512_ctx ctx;

			sha512_init(&ctx);
			sha512_update(&ctx, msg, a);
			sha512_update(&ctx, msg + a, b - a);
			sha512_update(&ctx, msg + b, 300 - b);
			sha512_final(&ctx, got);
			bad += memcmp(got, want, sizeof(want)) != 0;
		}
	}
	CHECK_EQ(bad, 0);
}

HTEST(final_wipes_context)
{
	struct sha512_ctx ctx;
	u8 d[SHA512_DIGEST_SIZE], zero[sizeof(ctx)];

	sha512_init(&ctx);
	sha512_update(&ctx, "secret", 6);
	sha512_final(&ctx, d);
	memset(zero, 0, sizeof(zero));
	CHECK(memcmp(&ctx, zero, sizeof(ctx)) == 0);
}

HTEST_MAIN("sha512")
