// SPDX-License-Identifier: MIT
/*
 * memcpy and memset with "rep movsb/stosb": on CPUs with ERMS (and under
 * QEMU's TCG, which implements them as one helper call) this is as fast
 * as an unrolled loop and far smaller.
 */
#include <umka/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;

	__asm__ __volatile__("rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(n)
			     :
			     : "memory");
	return ret;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;

	__asm__ __volatile__("rep stosb"
			     : "+D"(dst), "+c"(n)
			     : "a"(c)
			     : "memory");
	return ret;
}

