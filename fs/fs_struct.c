// SPDX-License-Identifier: MIT
/* Per-process root and working directory (struct fs_struct). */
#include <umka/fs_struct.h>
#include <umka/slab.h>
#include <umka/sched.h>

struct fs_struct *fs_alloc_root(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->count = 1;
	spin_lock_init(&fs->lock, "fs_struct", LOCK_LEVEL_FS_STRUCT);
	get_root_path(&fs->root);
	get_root_path(&fs->pwd);
	return fs;
}

struct fs_struct *fs_dup(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));
	unsigned long flags;

	if (!fs)
		return NULL;
	fs->count = 1;
	spin_lock_init(&fs->lock, "fs_struct", LOCK_LEVEL_FS_STRUCT);
	flags = spin_lock_irqsave(&old->lock);
	fs->root = old->root;
	fs->pwd = old->pwd;
	path_get(&fs->root);
	path_get(&fs->pwd);
	spin_unlock_irqrestore(&old->lock, flags);
	return fs;
}

struct fs_struct *fs_get(struct fs_struct *fs)
{
	__atomic_add_fetch(&fs->count, 1, __ATOMIC_RELAXED);
	return fs;
}

void fs_put(struct fs_struct *fs)
{
	if (!fs || __atomic_sub_fetch(&fs->count, 1, __ATOMIC_ACQ_REL))
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}

static void get_path(struct path *out, bool root)
{
	struct fs_struct *fs = current->fs;
	unsigned long flags;

	if (!fs) {
		get_root_path(out);	/* kernel threads */
		return;
	}
	flags = spin_lock_irqsave(&fs->lock);
	*out = root ? fs->root : fs->pwd;
	path_get(out);
	spin_unlock_irqrestore(&fs->lock, flags);
}

void get_fs_root(struct path *root)
{
	get_path(root, true);
}

void get_fs_pwd(struct path *pwd)
{
	get_path(pwd, false);
}

static void set_path(struct fs_struct *fs, const struct path *p, bool root)
{
	struct path old;
	unsigned long flags;

	path_get(p);
	flags = spin_lock_irqsave(&fs->lock);
	if (root) {
		old = fs->root;
		fs->root = *p;
	} else {
		old = fs->pwd;
		fs->pwd = *p;
	}
	spin_unlock_irqrestore(&fs->lock, flags);
	path_put(&old);
}

void set_fs_root(struct fs_struct *fs, const struct path *p)
{
	set_path(fs, p, true);
}

void set_fs_pwd(struct fs_struct *fs, const struct path *p)
{
	set_path(fs, p, false);
}
