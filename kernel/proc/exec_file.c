// SPDX-License-Identifier: MIT
/*
 * execve and execveat: open the program, follow "#!" interpreter lines
 * (at most four deep, as Linux), then hand the file to the ELF loader,
 * which maps its segments to page in on first touch.
 *
 * Errors: ENOENT/ENOTDIR/ELOOP/ENAMETOOLONG/EACCES from the path walk;
 * EACCES for something that is not a regular executable file; ENOEXEC
 * for a malformed image or "#!" line; ELIBBAD for a bad interpreter;
 * E2BIG and EFAULT for the arguments; EINVAL for bad execveat flags.
 */
#include <umka/proc.h>
#include <umka/syscall.h>
#include <umka/file.h>
#include <umka/fs.h>
#include <umka/fdtable.h>
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/slab.h>
#include <umka/user_return.h>
#include <umka/kprintf.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "exec_args.h"

#define MAX_INTERP_DEPTH 4
#define HEAD_SIZE 4096
#define AT_EMPTY_PATH 0x1000
#define AT_SYMLINK_NOFOLLOW 0x100
#define PATH_MAX 4096

int exec_read_at(struct file *f, void *buf, size_t len, u64 off)
{
	loff_t pos = off;
	ssize_t n = kernel_read(f, buf, len, &pos);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -ENOEXEC;
}

static struct file *open_exec_at(int dfd, const char *path, int flags)
{
	int oflags = O_RDONLY | (flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0);
	struct file *f = do_filp_open(dfd, path, oflags, 0, 0);

	if (IS_ERR(f))
		return f;
	if (!S_ISREG(f->f_inode->i_mode) ||
	    inode_permission(f->f_inode, MAY_EXEC) ||
	    !(f->f_inode->i_mode & 0111)) {
		fput(f);
		return ERR_PTR(-EACCES);
	}
	return f;
}

/* execveat(fd, "", ..., AT_EMPTY_PATH): the open file itself (fexecve). */
static struct file *open_exec_fd(int dfd)
{
	struct file *f = fget_raw(dfd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (!S_ISREG(f->f_inode->i_mode) ||
	    inode_permission(f->f_inode, MAY_EXEC) ||
	    !(f->f_inode->i_mode & 0111)) {
		fput(f);
		return ERR_PTR(-EACCES);
	}
	return f;
}

static int fill_source(struct file *f, struct exec_source *src, void **head)
{
	size_t size = f->f_inode->i_size;
	size_t avail = min(size, (size_t)HEAD_SIZE);
	int err;

	*head = kmalloc(HEAD_SIZE);
	if (!*head)
		return -ENOMEM;
	err = exec_read_at(f, *head, avail, 0);
	if (err) {
		kfree(*head);
		return err;
	}
	*src = (struct exec_source){ *head, avail, size, f };
	return 0;
}

int exec_open_source(const char *path, struct exec_source *src, void **head)
{
	struct file *f = open_exec_at(AT_FDCWD, path, 0);
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = fill_source(f, src, head);
	if (err)
		fput(f);
	return err;
}

void exec_close_source(struct exec_source *src, void *head)
{
	kfree(head);
	if (src->file)
		fput(src->file);
}

/* "#!interp [arg]" on the first line: Linux passes the rest as one word. */
static int parse_shebang(char *head, size_t n, char **interp, char **arg)
{
	char *p = head + 2, *end = head + n, *e;

	for (e = p; e < end && *e != '\n'; e++)
		;
	if (e == end && n == HEAD_SIZE)
		return -ENOEXEC;	/* line too long */
	*e = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return -ENOEXEC;
	*interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	*arg = NULL;
	if (!*p)
		return 0;
	*p++ = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	for (e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\t');)
		*--e = '\0';
	if (*p)
		*arg = p;
	return 0;
}

/* argv for the interpreter: interp [arg] path argv[1..], then envp. */
static int shebang_args(struct exec_args *old, struct exec_args *new,
			const char *interp, const char *arg, const char *path)
{
	const char *s = old->buf;
	int err = exec_args_add(new, interp, strlen(interp));

	if (!err && arg)
		err = exec_args_add(new, arg, strlen(arg));
	if (!err)
		err = exec_args_add(new, path, strlen(path));
	new->argc = arg ? 3 : 2;
	if (old->argc)
		s += strlen(s) + 1;	/* drop the old argv[0] */
	for (unsigned int i = 1; i < old->argc + old->envc && !err; i++) {
		err = exec_args_add(new, s, strlen(s));
		if (i < old->argc)
			new->argc++;
		else
			new->envc++;
		s += strlen(s) + 1;
	}
	return err;
}

static int exec_file(struct file *f, const char *path, struct exec_args *a,
		     int depth);

static int exec_shebang(char *head, size_t n, const char *path,
			struct exec_args *a, int depth)
{
	struct exec_args na = { 0 };
	char *interp, *arg;
	struct file *f;
	int err = parse_shebang(head, n, &interp, &arg);

	if (err)
		return err;
	if (depth >= MAX_INTERP_DEPTH)
		return -ELOOP;
	err = shebang_args(a, &na, interp, arg, path);
	if (!err) {
		f = open_exec_at(AT_FDCWD, interp, 0);
		err = IS_ERR(f) ? PTR_ERR(f) : exec_file(f, interp, &na, depth + 1);
	}
	exec_args_free(&na);
	return err;
}

/* Consumes the reference to @f. */
static int exec_file(struct file *f, const char *path, struct exec_args *a,
		     int depth)
{
	struct exec_source src;
	void *head;
	int err = fill_source(f, &src, &head);

	if (err) {
		fput(f);
		return err;
	}
	if (src.avail >= 2 && ((char *)head)[0] == '#' &&
	    ((char *)head)[1] == '!') {
		/* Copy the line out: exec_shebang recurses with new buffers. */
		char line[256];
		size_t n = min(src.avail, sizeof(line) - 1);

		memcpy(line, head, n);
		line[n] = '\0';
		exec_close_source(&src, head);
		return exec_shebang(line, n, path, a, depth);
	}
	err = exec_source_args(&src, path, a);
	exec_close_source(&src, head);
	return err;
}

static long do_execveat(int dfd, const char __user *upath,
			const char *const __user *argv,
			const char *const __user *envp, int flags)
{
	struct exec_args a = { 0 };
	char *path;
	struct file *f;
	long err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, upath, PATH_MAX);
	if (err >= 0 && !err && !(flags & AT_EMPTY_PATH))
		err = -ENOENT;
	if (err >= 0)
		err = exec_args_from_user(&a, argv, envp);
	if (err >= 0) {
		if (!*path) {
			/* What Linux calls the program for a "#!" interpreter. */
			snprintf(path, PATH_MAX, "/dev/fd/%d", dfd);
			f = open_exec_fd(dfd);
		} else {
			f = open_exec_at(dfd, path, flags);
		}
		err = IS_ERR(f) ? PTR_ERR(f) : exec_file(f, path, &a, 0);
	}
	exec_args_free(&a);
	kfree(path);
	return err;
}

SYSCALL_DEFINE3(execve, const char __user *, path,
		const char *const __user *, argv,
		const char *const __user *, envp)
{
	return do_execveat(AT_FDCWD, path, argv, envp, 0);
}

SYSCALL_DEFINE5(execveat, int, dfd, const char __user *, path,
		const char *const __user *, argv,
		const char *const __user *, envp, int, flags)
{
	return do_execveat(dfd, path, argv, envp, flags);
}

/* From kernel_init: exec the first program; path and arguments are kernel. */
int exec_path_kernel(const char *path, const char *const argv[],
		     const char *const envp[])
{
	struct exec_args a = { 0 };
	struct file *f;
	int err = exec_args_from_kernel(&a, argv, envp);

	if (!err) {
		f = open_exec_at(AT_FDCWD, path, 0);
		err = IS_ERR(f) ? PTR_ERR(f) : exec_file(f, path, &a, 0);
	}
	exec_args_free(&a);
	return err;
}
