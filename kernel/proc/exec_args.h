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

int exec_args_add(struct exec_args *a, const char *s, size_t len);
int exec_args_from_kernel(struct exec_args *a, const char *const argv[],
			  const char *const envp[]);
int exec_args_from_user(struct exec_args *a, const char *const *uargv,
			const char *const *uenvp);
void exec_args_free(struct exec_args *a);
int exec_image_args(const void *data, size_t size, const char *name,
		    const struct exec_args *a);

#endif
