// SPDX-License-Identifier: MIT
/*
 * cpio newc parsing and the initramfs segment walk.  Offsets are checked
 * against the remaining length before every use, never by adding to a
 * pointer first, so no corrupted size can wrap around.
 */
#include <umka/cpio.h>
#include <umka/inflate.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/compiler.h>

static int hex8(const u8 *p, u32 *v)
{
	u32 x = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];

		x <<= 4;
		if (c >= '0' && c <= '9')
			x |= c - '0';
		else if (c >= 'a' && c <= 'f')
			x |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			x |= c - 'A' + 10;
		else
			return -EINVAL;
	}
	*v = x;
	return 0;
}

static size_t pad4(size_t x)
{
	return (4 - (x & 3)) & 3;
}

int cpio_next(const u8 *buf, size_t len, size_t *pos, struct cpio_entry *e)
{
	u32 f[13];
	size_t p = *pos, namesize, skip;

	if (p > len || len - p < CPIO_HDR_LEN)
		return -EINVAL;
	if (memcmp(buf + p, "07070", 5) ||
	    (buf[p + 5] != '1' && buf[p + 5] != '2'))
		return -EINVAL;
	for (int i = 0; i < 13; i++)
		if (hex8(buf + p + 6 + 8 * i, &f[i]))
			return -EINVAL;
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->size = f[6];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	namesize = f[11];
	p += CPIO_HDR_LEN;
	/* The name, with its NUL, then padding to 4 from the header start. */
	if (namesize < 1 || len - p < namesize)
		return -EINVAL;
	e->name = (const char *)buf + p;
	e->namelen = namesize - 1;
	if (buf[p + namesize - 1] != '\0' ||
	    strnlen(e->name, namesize) != namesize - 1)
		return -EINVAL;
	skip = namesize + pad4(CPIO_HDR_LEN + namesize);
	if (len - p < skip)
		return -EINVAL;
	p += skip;
	if (e->namelen == 10 && !memcmp(e->name, "TRAILER!!!", 10)) {
		*pos = p;
		return 0;
	}
	if (len - p < e->size)
		return -EINVAL;
	e->data = buf + p;
	p += e->size;
	/* The archive may end right after the data without padding. */
	skip = pad4(e->size);
	p += min(skip, len - p);
	*pos = p;
	return 1;
}

static int walk_cpio(const u8 *buf, size_t len, size_t *pos,
		     const struct cpio_sink *s)
{
	struct cpio_entry e;
	int r;

	while ((r = cpio_next(buf, len, pos, &e)) == 1) {
		r = s->entry(s->ctx, &e);
		if (r < 0)
			return r;
	}
	return r;
}

/*
 * The gzip trailer holds the size modulo 4 GiB, but where a member ends
 * is only known after decoding it; so guess, and double on -ENOSPC.
 */
static int walk_gzip(const u8 *buf, size_t len, size_t *pos,
		     const struct cpio_sink *s)
{
	size_t cap = 64 * 1024, used, out_len, p;
	u8 *out;
	int r;

	if ((len - *pos) < CPIO_MAX_UNPACKED / 4)
		cap = max(cap, (len - *pos) * 4);
	for (;;) {
		out = s->alloc(cap);
		if (!out)
			return -ENOMEM;
		r = gunzip(buf + *pos, len - *pos, &used, out, cap, &out_len);
		if (r != -ENOSPC)
			break;
		s->free(out);
		if (cap >= CPIO_MAX_UNPACKED)
			return -EFBIG;
		cap *= 2;
	}
	if (r) {
		s->free(out);
		return r;
	}
	/* Inside: cpio archives and padding, no further compression. */
	p = 0;
	while (p < out_len && !r) {
		if (out[p] == 0)
			p++;
		else
			r = walk_cpio(out, out_len, &p, s);
	}
	s->free(out);
	*pos += used;
	return r;
}

int cpio_unpack_stream(const u8 *buf, size_t len, const struct cpio_sink *s)
{
	size_t pos = 0;
	int r = 0;

	while (pos < len && !r) {
		if (buf[pos] == 0)
			pos++;
		else if (is_gzip(buf + pos, len - pos))
			r = walk_gzip(buf, len, &pos, s);
		else if (len - pos >= 4 && !memcmp(buf + pos, "0707", 4))
			r = walk_cpio(buf, len, &pos, s);
		else
			r = -EINVAL;
	}
	return r;
}
