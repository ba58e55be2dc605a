/* SPDX-License-Identifier: MIT */
/*
 * The only way the kernel touches user memory.  Every helper checks the
 * range lies below USER_TOP and recovers from a fault through the
 * exception table, so a bad pointer yields -EFAULT, never a kernel oops.
 * With SMAP on, user pages are reachable only inside these helpers.
 */
#ifndef UMKA_UACCESS_H
#define UMKA_UACCESS_H

#include <umka/types.h>
#include <umka/errno.h>

#define __user

/* True if [addr, addr+size) lies entirely in user space. */
bool access_ok(const void __user *addr, size_t size);

/* 0 on success, -EFAULT if any byte could not be copied. */
int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);
int clear_user(void __user *dst, size_t n);
/*
 * Copy a NUL-terminated string of at most max-1 characters.  Returns its
 * length, -EFAULT on a bad pointer, -ENAMETOOLONG if no NUL within max.
 */
long strncpy_from_user(char *dst, const char __user *src, size_t max);
/* Atomic cmpxchg of a user word: 0 and the value found in *cur, or -EFAULT. */
int user_cmpxchg_u32(u32 __user *uaddr, u32 old, u32 new, u32 *cur);
/* Length including the NUL, 0 on fault, > max if unterminated. */
size_t strnlen_user(const char __user *s, size_t max);

#define get_user(x, ptr)                                                    \
	({                                                                  \
		__typeof__(*(ptr)) __gu_val;                                \
		int __gu_err = copy_from_user(&__gu_val, (ptr),             \
					      sizeof(__gu_val));            \
		if (!__gu_err)                                              \
			(x) = __gu_val;                                     \
		__gu_err;                                                   \
	})

#define put_user(x, ptr)                                                    \
	({                                                                  \
		__typeof__(*(ptr)) __pu_val = (x);                          \
		copy_to_user((ptr), &__pu_val, sizeof(__pu_val));           \
	})

#endif
