// SPDX-License-Identifier: MIT
/* CRC-32 (IEEE 802.3, reflected), one table lookup per byte. */
#include <umka/crc32.h>

u32 crc32_le(u32 crc, const u8 *p, size_t n)
{
	static u32 table[256];
	static bool ready;

	/* Idempotent, so a racing first use only computes it twice. */
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		for (u32 i = 0; i < 256; i++) {
			u32 c = i;

			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
	}
	crc = ~crc;
	while (n--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
