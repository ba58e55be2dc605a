// SPDX-License-Identifier: MIT
/* Appending text to a seq_buf (include/umka/seq_buf.h). */
#include <umka/seq_buf.h>
#include <umka/kprintf.h>
#include <umka/string.h>

void seq_write(struct seq_buf *s, const void *data, size_t n)
{
	size_t room = s->size - s->len;

	if (n > room) {
		n = room;
		s->overflow = true;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
}

void seq_printf(struct seq_buf *s, const char *fmt, ...)
{
	size_t room = s->size - s->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, room, fmt, ap);
	va_end(ap);
	/* vsnprintf keeps a byte for the NUL: a full fit needs n < room. */
	if (n < 0 || (size_t)n >= room) {
		s->len = s->size;
		s->overflow = true;
		return;
	}
	s->len += n;
}

void seq_puts(struct seq_buf *s, const char *str)
{
	seq_write(s, str, strlen(str));
}

void seq_putc(struct seq_buf *s, char c)
{
	seq_write(s, &c, 1);
}

void seq_pad_to(struct seq_buf *s, size_t col)
{
	size_t start = s->len;

	while (start && s->buf[start - 1] != '\n')
		start--;
	while (s->len - start < col && !s->overflow)
		seq_putc(s, ' ');
}
