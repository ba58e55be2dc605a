/* SPDX-License-Identifier: MIT */
/*
 * Clearing secrets.  A memset of a buffer that is never read again is a
 * dead store the compiler may delete; the empty asm that takes the
 * pointer and clobbers memory makes the zeroes observable, so they stay.
 */
#ifndef LIB_CRYPTO_WIPE_H
#define LIB_CRYPTO_WIPE_H

#include <umka/string.h>

static inline void crypto_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

#endif
