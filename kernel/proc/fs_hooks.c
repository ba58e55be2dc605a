// SPDX-License-Identifier: MIT
/*
 * Until the VFS is part of the kernel, no task has files or fs: these
 * pass NULL through and refuse anything else.
 */
#include <umka/fs_hooks.h>
#include <umka/panic.h>

struct files_struct *fs_hook_files_copy(struct files_struct *f, bool share)
{
	(void)share;
	BUG_ON(f);
	return NULL;
}

struct fs_struct *fs_hook_fs_copy(struct fs_struct *fs, bool share)
{
	(void)share;
	BUG_ON(fs);
	return NULL;
}

void fs_hook_files_put(struct files_struct *f)
{
	BUG_ON(f);
}

void fs_hook_fs_put(struct fs_struct *fs)
{
	BUG_ON(fs);
}

void fs_hook_close_on_exec(struct files_struct *f)
{
	BUG_ON(f);
}
