/* SPDX-License-Identifier: MIT */
/*
 * What process management needs from the VFS for fork, exec and exit:
 * sharing or copying the fd table and the root/cwd.
 */
#ifndef UMKA_FS_HOOKS_H
#define UMKA_FS_HOOKS_H

#include <umka/types.h>

struct files_struct;
struct fs_struct;

/* share: take a reference (CLONE_FILES/CLONE_FS); else copy.  NULL in, NULL out. */
struct files_struct *fs_hook_files_copy(struct files_struct *f, bool share);
struct fs_struct *fs_hook_fs_copy(struct fs_struct *fs, bool share);
void fs_hook_files_put(struct files_struct *f);
void fs_hook_fs_put(struct fs_struct *fs);
void fs_hook_close_on_exec(struct files_struct *f);

#endif
