/* SPDX-License-Identifier: MIT */
#ifndef UMKA_KPRINTF_H
#define UMKA_KPRINTF_H

#include <umka/types.h>
#include <umka/compiler.h>

/*
 * C99 semantics: the return value is the length the full output would
 * have had; the buffer always ends in NUL when size > 0.
 * Supported: %d %i %u %x %X %o %c %s %p %% with flags "-0+ #", width,
 * precision (also '*') and the length modifiers hh h l ll z t j.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
