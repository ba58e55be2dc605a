// SPDX-License-Identifier: MIT
/*
 * DEFLATE decoder (RFC 1951) and gzip member reader (RFC 1952).
 *
 * Huffman codes of up to FAST_BITS bits (nearly all of them in practice)
 * are decoded with one table lookup on the next input bits; longer ones
 * fall back to the canonical-code counting method the RFC describes, one
 * bit at a time.  The two agree by construction: the table is filled from
 * the same counts and sorted symbols.  Every read is bounds-checked, so
 * hostile input can only fail.
 */
#include <umka/inflate.h>
#include <umka/errno.h>
#include <umka/string.h>

#define MAXBITS 15
#define MAXLCODES 286
#define MAXDCODES 30
#define FIXLCODES 288
#define FAST_BITS 9

struct bitstream {
	const u8 *in;
	size_t in_len, in_pos;
	u32 buf;		/* bits not yet used, LSB first */
	unsigned int cnt;
	u8 *out;
	size_t out_cap, out_pos;
};

struct huffman {
	u16 count[MAXBITS + 1];	/* codes of each length */
	u16 symbol[FIXLCODES];	/* symbols ordered by code */
	/*
	 * Indexed by the next FAST_BITS input bits: length << FAST_BITS |
	 * symbol for codes that short, 0 for longer or unused codes.
	 */
	u16 fast[1 << FAST_BITS];
};

static int getbits(struct bitstream *s, unsigned int n, u32 *v)
{
	while (s->cnt < n) {
		if (s->in_pos >= s->in_len)
			return -EINVAL;
		s->buf |= (u32)s->in[s->in_pos++] << s->cnt;
		s->cnt += 8;
	}
	*v = s->buf & ((1U << n) - 1);
	s->buf >>= n;
	s->cnt -= n;
	return 0;
}

/* The stream sends a code's most significant bit first. */
static unsigned int reverse(unsigned int code, unsigned int len)
{
	unsigned int r = 0;

	while (len--) {
		r = r << 1 | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Canonical codes: within a length, consecutive in symbol order; the
 * first code of each length follows the last of the one before, doubled.
 */
static void build_fast(struct huffman *h)
{
	unsigned int code = 0, index = 0;

	for (unsigned int i = 0; i < (1u << FAST_BITS); i++)
		h->fast[i] = 0;
	for (unsigned int len = 1; len <= FAST_BITS; len++) {
		for (unsigned int i = 0; i < h->count[len]; i++) {
			unsigned int step = 1u << len;

			for (unsigned int f = reverse(code, len);
			     f < (1u << FAST_BITS); f += step)
				h->fast[f] = (u16)(len << FAST_BITS |
						   h->symbol[index]);
			code++;
			index++;
		}
		code <<= 1;
	}
}

/*
 * Build the decoding table from code lengths.  Over-subscribed sets are
 * rejected; incomplete ones are allowed (a lone distance code is legal),
 * and decoding an unused code then fails cleanly.
 */
static int build(struct huffman *h, const u8 *length, unsigned int n)
{
	u16 offs[MAXBITS + 2];
	int left = 1;

	for (unsigned int len = 0; len <= MAXBITS; len++)
		h->count[len] = 0;
	for (unsigned int sym = 0; sym < n; sym++)
		h->count[length[sym]]++;
	for (unsigned int len = 1; len <= MAXBITS; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return -EINVAL;
	}
	offs[1] = 0;
	for (unsigned int len = 1; len <= MAXBITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (unsigned int sym = 0; sym < n; sym++)
		if (length[sym])
			h->symbol[offs[length[sym]]++] = sym;
	build_fast(h);
	return 0;
}

static int decode_slow(struct bitstream *s, const struct huffman *h)
{
	int code = 0, first = 0, index = 0;
	u32 bit;

	for (unsigned int len = 1; len <= MAXBITS; len++) {
		if (getbits(s, 1, &bit))
			return -EINVAL;
		code |= bit;
		if (code - first < h->count[len])
			return h->symbol[index + (code - first)];
		index += h->count[len];
		first += h->count[len];
		first <<= 1;
		code <<= 1;
	}
	return -EINVAL;		/* ran off the end: unused code */
}

static int decode(struct bitstream *s, const struct huffman *h)
{
	unsigned int entry, len;

	while (s->cnt < FAST_BITS && s->in_pos < s->in_len) {
		s->buf |= (u32)s->in[s->in_pos++] << s->cnt;
		s->cnt += 8;
	}
	entry = h->fast[s->buf & ((1u << FAST_BITS) - 1)];
	len = entry >> FAST_BITS;
	/* Near the end fewer bits may be left than the code needs. */
	if (!entry || len > s->cnt)
		return decode_slow(s, h);
	s->buf >>= len;
	s->cnt -= len;
	return (int)(entry & ((1u << FAST_BITS) - 1));
}

static int stored(struct bitstream *s)
{
	unsigned int len, nlen;

	/* The block starts on a byte boundary: drop the partial byte. */
	s->buf = 0;
	s->cnt = 0;
	if (s->in_len - s->in_pos < 4)
		return -EINVAL;
	len = s->in[s->in_pos] | (s->in[s->in_pos + 1] << 8);
	nlen = s->in[s->in_pos + 2] | (s->in[s->in_pos + 3] << 8);
	s->in_pos += 4;
	if (len != (~nlen & 0xffff))
		return -EINVAL;
	if (s->in_len - s->in_pos < len)
		return -EINVAL;
	if (s->out_cap - s->out_pos < len)
		return -ENOSPC;
	for (unsigned int i = 0; i < len; i++)
		s->out[s->out_pos++] = s->in[s->in_pos++];
	return 0;
}

static const u16 len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const u8 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const u16 dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577 };
static const u8 dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static int codes(struct bitstream *s, const struct huffman *lencode,
		 const struct huffman *distcode)
{
	for (;;) {
		int sym = decode(s, lencode);
		u32 extra;
		size_t len, dist;

		if (sym < 0)
			return sym;
		if (sym < 256) {
			if (s->out_pos >= s->out_cap)
				return -ENOSPC;
			s->out[s->out_pos++] = (u8)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return -EINVAL;
		if (getbits(s, len_extra[sym], &extra))
			return -EINVAL;
		len = len_base[sym] + extra;
		sym = decode(s, distcode);
		if (sym < 0)
			return sym;
		if (sym >= 30)
			return -EINVAL;
		if (getbits(s, dist_extra[sym], &extra))
			return -EINVAL;
		dist = dist_base[sym] + extra;
		if (dist > s->out_pos)
			return -EINVAL;	/* reaches before the start */
		if (s->out_cap - s->out_pos < len)
			return -ENOSPC;
		if (dist >= len) {
			memcpy(s->out + s->out_pos, s->out + s->out_pos - dist,
			       len);
			s->out_pos += len;
			continue;
		}
		/* Byte by byte: the copy overlaps its own output. */
		for (size_t i = 0; i < len; i++, s->out_pos++)
			s->out[s->out_pos] = s->out[s->out_pos - dist];
	}
}

static int fixed(struct bitstream *s)
{
	struct huffman lencode, distcode;
	u8 lengths[FIXLCODES];
	unsigned int sym;

	for (sym = 0; sym < 144; sym++)
		lengths[sym] = 8;
	for (; sym < 256; sym++)
		lengths[sym] = 9;
	for (; sym < 280; sym++)
		lengths[sym] = 7;
	for (; sym < FIXLCODES; sym++)
		lengths[sym] = 8;
	build(&lencode, lengths, FIXLCODES);
	for (sym = 0; sym < MAXDCODES; sym++)
		lengths[sym] = 5;
	build(&distcode, lengths, MAXDCODES);
	return codes(s, &lencode, &distcode);
}

static const u8 clen_order[19] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

static int dynamic(struct bitstream *s)
{
	struct huffman lencode, distcode;
	u8 lengths[MAXLCODES + MAXDCODES];
	unsigned int nlen, ndist, ncode, index;
	u32 v;

	if (getbits(s, 5, &v))
		return -EINVAL;
	nlen = v + 257;
	if (getbits(s, 5, &v))
		return -EINVAL;
	ndist = v + 1;
	if (getbits(s, 4, &v))
		return -EINVAL;
	ncode = v + 4;
	if (nlen > MAXLCODES || ndist > MAXDCODES)
		return -EINVAL;
	for (index = 0; index < 19; index++) {
		v = 0;
		if (index < ncode && getbits(s, 3, &v))
			return -EINVAL;
		lengths[clen_order[index]] = (u8)v;
	}
	if (build(&lencode, lengths, 19))
		return -EINVAL;
	index = 0;
	while (index < nlen + ndist) {
		int sym = decode(s, &lencode);
		unsigned int rep;
		u8 len = 0;

		if (sym < 0)
			return sym;
		if (sym < 16) {
			lengths[index++] = (u8)sym;
			continue;
		}
		if (sym == 16) {
			if (index == 0)
				return -EINVAL;	/* nothing to repeat */
			len = lengths[index - 1];
			if (getbits(s, 2, &v))
				return -EINVAL;
			rep = 3 + v;
		} else if (sym == 17) {
			if (getbits(s, 3, &v))
				return -EINVAL;
			rep = 3 + v;
		} else {
			if (getbits(s, 7, &v))
				return -EINVAL;
			rep = 11 + v;
		}
		if (index + rep > nlen + ndist)
			return -EINVAL;
		while (rep--)
			lengths[index++] = len;
	}
	if (lengths[256] == 0)
		return -EINVAL;	/* no end-of-block code */
	if (build(&lencode, lengths, nlen))
		return -EINVAL;
	if (build(&distcode, lengths + nlen, ndist))
		return -EINVAL;
	return codes(s, &lencode, &distcode);
}

int inflate_raw(const u8 *in, size_t in_len, size_t *in_used,
		u8 *out, size_t out_cap, size_t *out_len)
{
	struct bitstream s = {
		.in = in, .in_len = in_len, .out = out, .out_cap = out_cap,
	};
	u32 last, type;
	int err;

	do {
		if (getbits(&s, 1, &last) || getbits(&s, 2, &type))
			return -EINVAL;
		if (type == 0)
			err = stored(&s);
		else if (type == 1)
			err = fixed(&s);
		else if (type == 2)
			err = dynamic(&s);
		else
			err = -EINVAL;
		if (err)
			return err;
	} while (!last);
	/* Whole bytes still buffered were not consumed. */
	*in_used = s.in_pos - s.cnt / 8;
	*out_len = s.out_pos;
	return 0;
}

#define FTEXT 0x01
#define FHCRC 0x02
#define FEXTRA 0x04
#define FNAME 0x08
#define FCOMMENT 0x10

static u32 le32(const u8 *p)
{
	return p[0] | (p[1] << 8) | (p[2] << 16) | ((u32)p[3] << 24);
}

int gunzip(const u8 *in, size_t in_len, size_t *in_used,
	   u8 *out, size_t out_cap, size_t *out_len)
{
	size_t pos = 10, used, len;
	u8 flg;
	int err;

	if (in_len < 18 || !is_gzip(in, in_len) || in[2] != 8)
		return -EINVAL;
	flg = in[3];
	if (flg & 0xe0)
		return -EINVAL;		/* reserved bits must be zero */
	if (flg & FEXTRA) {
		size_t xlen;

		if (in_len - pos < 2)
			return -EINVAL;
		xlen = in[pos] | (in[pos + 1] << 8);
		pos += 2;
		if (in_len - pos < xlen)
			return -EINVAL;
		pos += xlen;
	}
	for (int f = FNAME; f <= FCOMMENT; f <<= 1) {
		if (!(flg & f))
			continue;
		while (pos < in_len && in[pos])
			pos++;
		if (pos++ >= in_len)
			return -EINVAL;
	}
	if (flg & FHCRC)
		pos += 2;
	if (pos > in_len)
		return -EINVAL;
	err = inflate_raw(in + pos, in_len - pos, &used, out, out_cap, &len);
	if (err)
		return err;
	pos += used;
	if (in_len - pos < 8)
		return -EINVAL;
	if (le32(in + pos) != crc32_le(0, out, len) ||
	    le32(in + pos + 4) != (u32)len)
		return -EINVAL;
	*in_used = pos + 8;
	*out_len = len;
	return 0;
}
