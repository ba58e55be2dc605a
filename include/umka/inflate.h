/* SPDX-License-Identifier: MIT */
/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decoding into a caller-sized
 * buffer.  Portable: also built into the host unit tests.
 *
 * Errors: -EINVAL for malformed or truncated input (including a bad
 * CRC or size in the gzip trailer), -ENOSPC when the output does not
 * fit; the caller may retry with a bigger buffer.
 */
#ifndef UMKA_INFLATE_H
#define UMKA_INFLATE_H

#include <umka/types.h>
#include <umka/crc32.h>

/* Raw DEFLATE stream.  *in_used is set to the bytes the stream took. */
int inflate_raw(const u8 *in, size_t in_len, size_t *in_used,
		u8 *out, size_t out_cap, size_t *out_len);

/* One gzip member, trailer checked. */
int gunzip(const u8 *in, size_t in_len, size_t *in_used,
	   u8 *out, size_t out_cap, size_t *out_len);

static inline bool is_gzip(const u8 *p, size_t len)
{
	return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

#endif
