// SPDX-License-Identifier: MIT
/* Host unit test for lib/chacha20.c against RFC 8439's block vector. */
#include "htest.h"

#include <umka/chacha20.h>

HTEST(rfc8439_2_3_2)
{
	static const u8 expect[16] = { 0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b,
				       0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f,
				       0xa3, 0x20, 0x71, 0xc4 };
	u32 key[8], nonce[3] = { 0x09000000, 0x4a000000, 0 };
	u8 out[64];

	/* Key bytes 00 01 02 ... 1f, read little-endian into words. */
	for (int i = 0; i < 8; i++)
		key[i] = (4 * i) | (4 * i + 1) << 8 | (4 * i + 2) << 16 |
			 (u32)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	CHECK(memcmp(out, expect, sizeof(expect)) == 0);
}

HTEST(counter_changes_block)
{
	u32 key[8] = { 0 }, nonce[3] = { 0 };
	u8 a[64], b[64];

	chacha20_block(key, 0, nonce, a);
	chacha20_block(key, 1, nonce, b);
	CHECK(memcmp(a, b, 64) != 0);
}

HTEST_MAIN("chacha20")
