/* SPDX-License-Identifier: MIT */
/*
 * Per-process root and working directory.  Kernel threads have none and
 * resolve paths from the namespace root.
 */
#ifndef UMKA_FS_STRUCT_H
#define UMKA_FS_STRUCT_H

#include <umka/fs.h>
#include <umka/spinlock.h>

struct fs_struct {
	int count;			/* atomic */
	struct spinlock lock;		/* guards root and pwd */
	struct path root, pwd;
};

/* A new fs_struct whose root and cwd are the namespace root. */
struct fs_struct *fs_alloc_root(void);
struct fs_struct *fs_dup(struct fs_struct *old);
struct fs_struct *fs_get(struct fs_struct *fs);
void fs_put(struct fs_struct *fs);

/* Referenced copies of the current task's root and cwd. */
void get_fs_root(struct path *root);
void get_fs_pwd(struct path *pwd);
void set_fs_root(struct fs_struct *fs, const struct path *p);
void set_fs_pwd(struct fs_struct *fs, const struct path *p);

#endif
