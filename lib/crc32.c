// SPDX-License-Identifier: MIT
/*
 * CRC-32 (IEEE 802.3, reflected), "slicing by 4": four table lookups per
 * 32-bit word instead of one per byte (the initramfs check runs over
 * megabytes at boot).
 */
#include <umka/crc32.h>

u32 crc32_le(u32 crc, const u8 *p, size_t n)
{
	/* t[k][b]: the CRC of byte b followed by k zero bytes. */
	static u32 t[4][256];
	static bool ready;

	/* Idempotent, so a racing first use only computes it twice. */
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		for (u32 i = 0; i < 256; i++) {
			u32 c = i;

			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
			t[0][i] = c;
		}
		for (u32 i = 0; i < 256; i++)
			for (int k = 1; k < 4; k++)
				t[k][i] = t[0][t[k - 1][i] & 0xff] ^
					  (t[k - 1][i] >> 8);
		__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
	}
	crc = ~crc;
	for (; n >= 4; n -= 4, p += 4) {
		crc ^= (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 |
		       (u32)p[3] << 24;
		crc = t[3][crc & 0xff] ^ t[2][(crc >> 8) & 0xff] ^
		      t[1][(crc >> 16) & 0xff] ^ t[0][crc >> 24];
	}
	while (n--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
