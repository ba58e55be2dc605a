// SPDX-License-Identifier: MIT
/*
 * Loading and unloading drivers from user space, through Linux's module
 * calls: init_module(2) and finit_module(2) take a signed KABI driver
 * file (so busybox `insmod driver.ko` works), delete_module(2) unbinds
 * and frees one by name (`rmmod`).  Linux's .ko files are not KABI
 * drivers and are refused as malformed.
 */
#include <umka/errno.h>
#include <umka/fdtable.h>
#include <umka/file.h>
#include <umka/fs.h>
#include <umka/kabi.h>
#include <umka/sched.h>
#include <umka/syscall.h>
#include <umka/uaccess.h>
#include <umka/vmalloc.h>

/* finit_module flags (include/uapi/linux/module.h). */
#define MODULE_INIT_IGNORE_MODVERSIONS 1
#define MODULE_INIT_IGNORE_VERMAGIC 2
#define MODULE_INIT_COMPRESSED_FILE 4
#define MODULE_FLAGS_ALL 7

#define PARAMS_MAX 1024

/* No driver parameters yet, but the string must be readable. */
static long check_params(const char __user *uargs)
{
	char buf[PARAMS_MAX];
	long n = strncpy_from_user(buf, uargs, sizeof(buf));

	if (n < 0)
		return n;
	return n >= (long)sizeof(buf) ? -E2BIG : 0;
}

SYSCALL_DEFINE3(init_module, void __user *, umod, unsigned long, len,
		const char __user *, uargs)
{
	void *buf;
	long ret;

	if (current->cred.euid != 0)
		return -EPERM;
	ret = check_params(uargs);
	if (ret)
		return ret;
	if (!len || len > (32ul << 20))
		return len ? -EFBIG : -ENOEXEC;
	buf = vmalloc(len);
	if (!buf)
		return -ENOMEM;
	ret = copy_from_user(buf, umod, len) ? -EFAULT :
					       kabi_load(buf, len, "init_module");
	vfree(buf);
	return ret;
}

SYSCALL_DEFINE3(finit_module, int, fd, const char __user *, uargs, int,
		flags)
{
	struct file *f;
	long ret;

	if (current->cred.euid != 0)
		return -EPERM;
	if (flags & ~MODULE_FLAGS_ALL)
		return -EINVAL;
	if (flags & MODULE_INIT_COMPRESSED_FILE)
		return -EOPNOTSUPP;
	ret = check_params(uargs);
	if (ret)
		return ret;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = (f->f_mode & FMODE_READ) ?
		      kabi_load_file(f, f->f_path.dentry->d_name) : -EBADF;
	fput(f);
	return ret;
}

SYSCALL_DEFINE2(delete_module, const char __user *, uname, unsigned int,
		flags)
{
	char name[KDRIVER_NAME_MAX];
	long n;

	if (current->cred.euid != 0)
		return -EPERM;
	n = strncpy_from_user(name, uname, sizeof(name));
	if (n < 0)
		return n;
	if (n >= (long)sizeof(name))
		return -ENOENT;
	return kabi_unload(name);
}
