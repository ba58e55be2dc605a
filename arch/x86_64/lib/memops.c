// SPDX-License-Identifier: MIT
/*
 * memcpy and memset with rep string instructions, eight bytes a step and
 * then the tail: fast on hardware, and QEMU's TCG, which runs each step
 * of a rep instruction as one pass through its translated code (with
 * its own TLB lookups), does an eighth of the steps of movsb/stosb.
 */
#include <umka/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t q = n >> 3;

	__asm__ __volatile__("rep movsq\n\t"
			     "mov %[tail], %%rcx\n\t"
			     "rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(q)
			     : [tail] "r"(n & 7)
			     : "memory");
	return ret;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	size_t q = n >> 3;
	unsigned long v = (unsigned char)c * 0x0101010101010101UL;

	__asm__ __volatile__("rep stosq\n\t"
			     "mov %[tail], %%rcx\n\t"
			     "rep stosb"
			     : "+D"(dst), "+c"(q)
			     : "a"(v), [tail] "r"(n & 7)
			     : "memory");
	return ret;
}

