// SPDX-License-Identifier: MIT
/*
 * User copies.  stac/clac open the SMAP window only around the copying
 * instruction; a fault inside jumps to the fixup, which reports how many
 * bytes were left.
 */
#include <umka/uaccess.h>
#include <asm/extable.h>
#include <asm/layout.h>
#include <asm/setup.h>

bool access_ok(const void __user *addr, size_t size)
{
	unsigned long a = (unsigned long)addr;

	return size <= USER_TOP && a <= USER_TOP - size;
}

static bool have_smap;

void uaccess_init(bool smap)
{
	have_smap = smap;
}

/* rep movsb with a fixup: returns the bytes NOT copied. */
static size_t raw_copy(void *dst, const void *src, size_t n)
{
	if (have_smap)
		__asm__ __volatile__("stac" ::: "memory");
	__asm__ __volatile__("1: rep movsb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+D"(dst), "+S"(src), "+c"(n)
			     :
			     : "memory");
	if (have_smap)
		__asm__ __volatile__("clac" ::: "memory");
	return n;
}

static size_t raw_clear(void *dst, size_t n)
{
	if (have_smap)
		__asm__ __volatile__("stac" ::: "memory");
	__asm__ __volatile__("1: rep stosb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+D"(dst), "+c"(n)
			     : "a"(0)
			     : "memory");
	if (have_smap)
		__asm__ __volatile__("clac" ::: "memory");
	return n;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!access_ok(src, n))
		return -EFAULT;
	return raw_copy(dst, src, n) ? -EFAULT : 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n))
		return -EFAULT;
	return raw_copy(dst, src, n) ? -EFAULT : 0;
}

int clear_user(void __user *dst, size_t n)
{
	if (!access_ok(dst, n))
		return -EFAULT;
	return raw_clear(dst, n) ? -EFAULT : 0;
}

/* One byte at a time is slow but simple; paths are short. */
static int get_byte(const char __user *p, char *c)
{
	if (!access_ok(p, 1))
		return -EFAULT;
	return raw_copy(c, p, 1) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char __user *src, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (get_byte(src + i, &dst[i]))
			return -EFAULT;
		if (!dst[i])
			return (long)i;
	}
	if (max)
		dst[max - 1] = '\0';
	return -ENAMETOOLONG;
}

size_t strnlen_user(const char __user *s, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		char c;

		if (get_byte(s + i, &c))
			return 0;
		if (!c)
			return i + 1;
	}
	return max + 1;
}
