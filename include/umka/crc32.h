/* SPDX-License-Identifier: MIT */
/*
 * CRC-32 as gzip, PNG and GPT use it: polynomial 0xedb88320 (reflected),
 * initial value and final XOR ~0.  Portable: also built into the host
 * unit tests.
 */
#ifndef UMKA_CRC32_H
#define UMKA_CRC32_H

#include <umka/types.h>

/*
 * Continue a CRC over @n more bytes: crc32_le(0, p, n) is the CRC of
 * p[0..n), and crc32_le(crc32_le(0, a, na), b, nb) that of a then b.
 */
u32 crc32_le(u32 crc, const u8 *p, size_t n);

#endif
