/* SPDX-License-Identifier: MIT */
/*
 * A text buffer for generated files (procfs, sysfs).  Appends that do
 * not fit set 'overflow' and keep what fitted; the caller retries with a
 * bigger buffer, so a generator never needs to know its size up front.
 */
#ifndef UMKA_SEQ_BUF_H
#define UMKA_SEQ_BUF_H

#include <umka/types.h>
#include <umka/compiler.h>

struct seq_buf {
	char *buf;
	size_t size, len;
	bool overflow;
};

void seq_printf(struct seq_buf *s, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_buf *s, const char *str);
void seq_putc(struct seq_buf *s, char c);
void seq_write(struct seq_buf *s, const void *data, size_t n);
/* Pad with spaces up to column @col of the current line. */
void seq_pad_to(struct seq_buf *s, size_t col);

#endif
