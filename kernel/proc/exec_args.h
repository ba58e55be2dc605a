/* SPDX-License-Identifier: MIT */
/* argv/envp copied into the kernel before the old image is dropped. */
#ifndef KERNEL_PROC_EXEC_ARGS_H
#define KERNEL_PROC_EXEC_ARGS_H

#include <umka/types.h>

#define EXEC_ARG_MAX (2UL << 20)	/* total bytes, like Linux's 8M/4 */
#define EXEC_ARGSTR_MAX (128UL << 10)	/* one string: MAX_ARG_STRLEN */

struct exec_args {
	char *buf;		/* strings, NUL-separated: argv then envp */
	size_t len, cap;
	unsigned int argc, envc;
};

/* Where the program comes from: a buffer, or an open file. */
struct exec_source {
	const void *head;	/* at least the ELF and program headers */
	size_t avail;		/* bytes at head */
	size_t size;		/* whole file */
	struct file *file;	/* NULL for an in-memory image */
};

struct file;

/* exec_file.c: reading the program and its interpreter from files. */
int exec_read_at(struct file *f, void *buf, size_t len, u64 off);
int exec_open_source(const char *path, struct exec_source *src, void **head);
void exec_close_source(struct exec_source *src, void *head);
int exec_source_args(const struct exec_source *src, const char *name,
		     const struct exec_args *a);

int exec_args_add(struct exec_args *a, const char *s, size_t len);
int exec_args_from_kernel(struct exec_args *a, const char *const argv[],
			  const char *const envp[]);
int exec_args_from_user(struct exec_args *a, const char *const *uargv,
			const char *const *uenvp);
void exec_args_free(struct exec_args *a);
int exec_image_args(const void *data, size_t size, const char *name,
		    const struct exec_args *a);

#endif
