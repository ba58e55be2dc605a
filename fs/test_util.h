/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the VFS self-tests.  A ktest runs in a kernel thread with
 * no files or fs; these give it a process-like context for the duration
 * of a test, and wrap the internal calls the syscalls use.
 */
#ifndef FS_TEST_UTIL_H
#define FS_TEST_UTIL_H

#include <umka/fdtable.h>
#include <umka/fs_struct.h>
#include <umka/namei.h>
#include <umka/stat.h>
#include <umka/sched.h>
#include <umka/string.h>
#include <umka/syscall.h>

static inline void kt_ctx_enter(void)
{
	current->files = files_alloc();
	current->fs = fs_alloc_root();
}

static inline void kt_ctx_leave(void)
{
	files_put(current->files);
	fs_put(current->fs);
	current->files = NULL;
	current->fs = NULL;
}

/* Open @path; the fd, or -errno. */
static inline int kt_open(const char *path, int flags, mode_t mode)
{
	struct file *f = do_filp_open(AT_FDCWD, path, flags, mode, 0);
	int fd;

	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_new(f, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

static inline long kt_open_err(const char *path, int flags)
{
	struct file *f = filp_open(path, flags, 0644);

	if (IS_ERR(f))
		return PTR_ERR(f);
	fput(f);
	return 0;
}

/* Write/read a whole kernel buffer through a path. */
static inline long kt_write_file(const char *path, const void *buf,
				 size_t n)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	loff_t pos = 0;
	long r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = kernel_write(f, buf, n, &pos);
	fput(f);
	return r;
}

static inline long kt_read_file(const char *path, void *buf, size_t n)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	long r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = kernel_read(f, buf, n, &pos);
	fput(f);
	return r;
}

static inline long kt_stat(const char *path, int flags, struct kstat *st)
{
	return vfs_statat(AT_FDCWD, path, flags, st);
}

static inline bool kt_exists(const char *path)
{
	struct kstat st;

	return kt_stat(path, AT_SYMLINK_NOFOLLOW, &st) == 0;
}

/* Handlers that take no user pointers can be called directly. */
long sys_close(SC_PARAMS);
long sys_dup(SC_PARAMS);
long sys_dup2(SC_PARAMS);
long sys_dup3(SC_PARAMS);
long sys_fcntl(SC_PARAMS);
long sys_close_range(SC_PARAMS);
long sys_lseek(SC_PARAMS);
long sys_ftruncate(SC_PARAMS);
long sys_fchdir(SC_PARAMS);
long sys_read(SC_PARAMS);
long sys_write(SC_PARAMS);
long sys_open(SC_PARAMS);
long sys_ioctl(SC_PARAMS);
long sys_fsync(SC_PARAMS);

#define SYS(name, ...) sys_##name(__VA_ARGS__)

#endif
