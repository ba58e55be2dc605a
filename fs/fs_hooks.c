// SPDX-License-Identifier: MIT
/*
 * The fork/exec/exit hooks of <umka/fs_hooks.h>: share or copy a task's
 * descriptor table and root/cwd.  Kernel threads have neither: NULL in,
 * NULL out.
 */
#include <umka/fs_hooks.h>
#include <umka/fdtable.h>
#include <umka/fs_struct.h>

struct files_struct *fs_hook_files_copy(struct files_struct *f, bool share)
{
	if (!f)
		return NULL;
	return share ? files_get(f) : files_dup(f);
}

struct fs_struct *fs_hook_fs_copy(struct fs_struct *fs, bool share)
{
	if (!fs)
		return NULL;
	return share ? fs_get(fs) : fs_dup(fs);
}

void fs_hook_files_put(struct files_struct *f)
{
	files_put(f);
}

void fs_hook_fs_put(struct fs_struct *fs)
{
	fs_put(fs);
}

void fs_hook_close_on_exec(struct files_struct *f)
{
	if (f)
		files_close_on_exec(f);
}
