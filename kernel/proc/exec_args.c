// SPDX-License-Identifier: MIT
/*
 * Collecting execve's argument and environment strings.  Errors follow
 * Linux: -EFAULT for a bad pointer anywhere, -E2BIG past the limits.
 */
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/uaccess.h>
#include <umka/errno.h>
#include "exec_args.h"

static int grow(struct exec_args *a, size_t need)
{
	size_t cap = a->cap ? a->cap : 4096;
	char *n;

	while (cap < need)
		cap *= 2;
	if (cap == a->cap)
		return 0;
	n = kmalloc(cap);
	if (!n)
		return -ENOMEM;
	if (a->buf)
		memcpy(n, a->buf, a->len);
	kfree(a->buf);
	a->buf = n;
	a->cap = cap;
	return 0;
}

int exec_args_add(struct exec_args *a, const char *s, size_t len)
{
	int err;

	if (len + 1 > EXEC_ARGSTR_MAX || a->len + len + 1 > EXEC_ARG_MAX)
		return -E2BIG;
	err = grow(a, a->len + len + 1);
	if (err)
		return err;
	memcpy(a->buf + a->len, s, len);
	a->buf[a->len + len] = '\0';
	a->len += len + 1;
	return 0;
}

int exec_args_from_kernel(struct exec_args *a, const char *const argv[],
			  const char *const envp[])
{
	int err = 0;

	for (; argv && *argv && !err; argv++, a->argc++)
		err = exec_args_add(a, *argv, strlen(*argv));
	for (; envp && *envp && !err; envp++, a->envc++)
		err = exec_args_add(a, *envp, strlen(*envp));
	return err;
}

/* Append one user string at a->len. */
static int add_user_string(struct exec_args *a, const char __user *s)
{
	size_t n = strnlen_user(s, EXEC_ARGSTR_MAX);
	int err;

	if (!n)
		return -EFAULT;
	if (n > EXEC_ARGSTR_MAX || a->len + n > EXEC_ARG_MAX)
		return -E2BIG;
	err = grow(a, a->len + n);
	if (err)
		return err;
	if (copy_from_user(a->buf + a->len, s, n))
		return -EFAULT;
	a->buf[a->len + n - 1] = '\0';
	a->len += n;
	return 0;
}

static int add_user_vector(struct exec_args *a, const char *const *uv,
			   unsigned int *count)
{
	for (; uv; uv++) {
		const char *s;
		int err;

		if (copy_from_user(&s, uv, sizeof(s)))
			return -EFAULT;
		if (!s)
			break;
		err = add_user_string(a, s);
		if (err)
			return err;
		(*count)++;
	}
	return 0;
}

int exec_args_from_user(struct exec_args *a, const char *const *uargv,
			const char *const *uenvp)
{
	int err = add_user_vector(a, uargv, &a->argc);

	return err ? err : add_user_vector(a, uenvp, &a->envc);
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	*a = (struct exec_args){ 0 };
}
