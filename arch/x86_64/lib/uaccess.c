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

/*
 * Copies with a fixup: return the bytes NOT copied.  Eight bytes a step
 * (rep movsq), then the tail; a fault in the quadword part falls back to
 * bytes from where it stopped, so the count left is exact.  QEMU's TCG
 * runs each step of a rep string instruction as one pass through its
 * translated code with its own TLB lookups, so quadwords make copies
 * some eight times cheaper there (on hardware both are fast).
 */
static size_t raw_copy(void *dst, const void *src, size_t n)
{
	size_t tail = n & 7;

	n >>= 3;
	if (have_smap)
		__asm__ __volatile__("stac" ::: "memory");
	__asm__ __volatile__("1: rep movsq\n"
			     "   mov %[tail], %[n]\n"
			     "2: rep movsb\n"
			     "3:\n"
			     "   .pushsection .text.fixup, \"ax\"\n"
			     "4: lea (%[tail], %[n], 8), %[n]\n"
			     "   jmp 2b\n"
			     "   .popsection\n"
			     _ASM_EXTABLE(1b, 4b)
			     _ASM_EXTABLE(2b, 3b)
			     : "+D"(dst), "+S"(src), [n] "+c"(n)
			     : [tail] "r"(tail)
			     : "memory");
	if (have_smap)
		__asm__ __volatile__("clac" ::: "memory");
	return n;
}

static size_t raw_clear(void *dst, size_t n)
{
	size_t tail = n & 7;

	n >>= 3;
	if (have_smap)
		__asm__ __volatile__("stac" ::: "memory");
	__asm__ __volatile__("1: rep stosq\n"
			     "   mov %[tail], %[n]\n"
			     "2: rep stosb\n"
			     "3:\n"
			     "   .pushsection .text.fixup, \"ax\"\n"
			     "4: lea (%[tail], %[n], 8), %[n]\n"
			     "   jmp 2b\n"
			     "   .popsection\n"
			     _ASM_EXTABLE(1b, 4b)
			     _ASM_EXTABLE(2b, 3b)
			     : "+D"(dst), [n] "+c"(n)
			     : "a"(0UL), [tail] "r"(tail)
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

/*
 * Atomic compare-and-exchange on a user word (futexes).  A page that is
 * missing or copy-on-write is fixed by the page-fault handler and the
 * instruction retried; only a bad address reaches the fixup.
 */
int user_cmpxchg_u32(u32 __user *uaddr, u32 old, u32 new, u32 *cur)
{
	int err = 0;

	if (!access_ok(uaddr, sizeof(*uaddr)) || ((unsigned long)uaddr & 3))
		return -EFAULT;
	if (have_smap)
		__asm__ __volatile__("stac" ::: "memory");
	__asm__ __volatile__("1: lock cmpxchgl %[new], %[mem]\n"
			     "2:\n"
			     "   .pushsection .text.fixup, \"ax\"\n"
			     "3: mov $-14, %[err]\n"
			     "   jmp 2b\n"
			     "   .popsection\n"
			     _ASM_EXTABLE(1b, 3b)
			     : "+a"(old), [mem] "+m"(*(u32 *)uaddr),
			       [err] "+r"(err)
			     : [new] "r"(new)
			     : "memory");
	if (have_smap)
		__asm__ __volatile__("clac" ::: "memory");
	*cur = old;
	return err;
}
