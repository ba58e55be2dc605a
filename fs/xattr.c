// SPDX-License-Identifier: MIT
/*
 * Extended attributes.  No filesystem here stores any yet, so every one
 * answers as a Linux filesystem without xattr handlers (procfs, say):
 * listing gives an empty list, and getting, setting or removing a name
 * gives EOPNOTSUPP, which ls, cp -a and tar take as "no xattrs here".
 *
 * Errors, in Linux's order: lookup errors or EBADF, EINVAL (set flags),
 * EFAULT or ERANGE (a name empty or over 255 bytes), E2BIG (a value over
 * 64 KiB), then EOPNOTSUPP.
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/syscall.h>
#include <umka/uaccess.h>

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_CREATE 1
#define XATTR_REPLACE 2

static long check_name(const char __user *uname)
{
	char name[XATTR_NAME_MAX + 1];
	long n = strncpy_from_user(name, uname, sizeof(name));

	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

/* What the call names: a path (followed or not), or an open file. */
static long resolve(int fd, const char __user *path, unsigned int lookup)
{
	struct path p;
	struct file *f;
	long err;

	if (path) {
		err = user_path_at(AT_FDCWD, path, lookup, &p);
		if (!err)
			path_put(&p);
		return err;
	}
	f = fget(fd);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

static long xattr_get(int fd, const char __user *path, unsigned int lookup,
		      const char __user *name)
{
	long err = resolve(fd, path, lookup);

	if (!err)
		err = check_name(name);
	return err ? err : -EOPNOTSUPP;
}

static long xattr_set(int fd, const char __user *path, unsigned int lookup,
		      const char __user *name, size_t size, int flags)
{
	long err = resolve(fd, path, lookup);

	if (!err && (flags & ~(XATTR_CREATE | XATTR_REPLACE)))
		err = -EINVAL;
	if (!err)
		err = check_name(name);
	if (!err && size > XATTR_SIZE_MAX)
		err = -E2BIG;
	return err ? err : -EOPNOTSUPP;
}

static long xattr_list(int fd, const char __user *path, unsigned int lookup)
{
	long err = resolve(fd, path, lookup);

	return err ? err : 0;	/* an empty list */
}

SYSCALL_DEFINE4(getxattr, const char __user *, path, const char __user *, name,
		void __user *, value, size_t, size)
{
	(void)value, (void)size;
	return xattr_get(-1, path, LOOKUP_FOLLOW, name);
}

SYSCALL_DEFINE4(lgetxattr, const char __user *, path,
		const char __user *, name, void __user *, value, size_t, size)
{
	(void)value, (void)size;
	return xattr_get(-1, path, 0, name);
}

SYSCALL_DEFINE4(fgetxattr, int, fd, const char __user *, name,
		void __user *, value, size_t, size)
{
	(void)value, (void)size;
	return xattr_get(fd, NULL, 0, name);
}

SYSCALL_DEFINE5(setxattr, const char __user *, path, const char __user *, name,
		const void __user *, value, size_t, size, int, flags)
{
	(void)value;
	return xattr_set(-1, path, LOOKUP_FOLLOW, name, size, flags);
}

SYSCALL_DEFINE5(lsetxattr, const char __user *, path,
		const char __user *, name, const void __user *, value,
		size_t, size, int, flags)
{
	(void)value;
	return xattr_set(-1, path, 0, name, size, flags);
}

SYSCALL_DEFINE5(fsetxattr, int, fd, const char __user *, name,
		const void __user *, value, size_t, size, int, flags)
{
	(void)value;
	return xattr_set(fd, NULL, 0, name, size, flags);
}

SYSCALL_DEFINE3(listxattr, const char __user *, path, char __user *, list,
		size_t, size)
{
	(void)list, (void)size;
	return xattr_list(-1, path, LOOKUP_FOLLOW);
}

SYSCALL_DEFINE3(llistxattr, const char __user *, path, char __user *, list,
		size_t, size)
{
	(void)list, (void)size;
	return xattr_list(-1, path, 0);
}

SYSCALL_DEFINE3(flistxattr, int, fd, char __user *, list, size_t, size)
{
	(void)list, (void)size;
	return xattr_list(fd, NULL, 0);
}

SYSCALL_DEFINE2(removexattr, const char __user *, path,
		const char __user *, name)
{
	return xattr_get(-1, path, LOOKUP_FOLLOW, name);
}

SYSCALL_DEFINE2(lremovexattr, const char __user *, path,
		const char __user *, name)
{
	return xattr_get(-1, path, 0, name);
}

SYSCALL_DEFINE2(fremovexattr, int, fd, const char __user *, name)
{
	return xattr_get(fd, NULL, 0, name);
}
