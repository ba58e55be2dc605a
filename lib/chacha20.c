// SPDX-License-Identifier: MIT
/* ChaCha20 block function, RFC 8439 section 2.3. */
#include <umka/chacha20.h>

static inline u32 rotl(u32 v, int n)
{
	return (v << n) | (v >> (32 - n));
}

#define QR(a, b, c, d)                                                      \
	do {                                                                \
		a += b; d ^= a; d = rotl(d, 16);                            \
		c += d; b ^= c; b = rotl(b, 12);                            \
		a += b; d ^= a; d = rotl(d, 8);                             \
		c += d; b ^= c; b = rotl(b, 7);                             \
	} while (0)

void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3],
		    u8 out[64])
{
	u32 s[16], x[16];

	/* "expand 32-byte k" */
	s[0] = 0x61707865;
	s[1] = 0x3320646e;
	s[2] = 0x79622d32;
	s[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		s[4 + i] = key[i];
	s[12] = counter;
	s[13] = nonce[0];
	s[14] = nonce[1];
	s[15] = nonce[2];
	for (int i = 0; i < 16; i++)
		x[i] = s[i];
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++) {
		u32 v = x[i] + s[i];

		out[4 * i] = v;
		out[4 * i + 1] = v >> 8;
		out[4 * i + 2] = v >> 16;
		out[4 * i + 3] = v >> 24;
	}
}
