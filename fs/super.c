// SPDX-License-Identifier: MIT
/*
 * Filesystem types and superblocks.  Every superblock gets an anonymous
 * device number (major 0), as Linux gives virtual filesystems, so st_dev
 * tells mounts apart.
 */
#include <umka/fs.h>
#include <umka/slab.h>
#include <umka/string.h>

static LIST_HEAD(fs_types);
static DEFINE_MUTEX(fs_types_lock, LOCK_LEVEL_CHRDEV);
static u32 next_anon_minor = 1;

int register_filesystem(struct file_system_type *fs)
{
	int err = 0;

	mutex_lock(&fs_types_lock);
	if (get_fs_type(fs->name))
		err = -EBUSY;
	else
		list_add_tail(&fs->list, &fs_types);
	mutex_unlock(&fs_types_lock);
	return err;
}

/* The list only grows, so a racy walk sees a consistent prefix. */
struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs;

	list_for_each_entry(fs, &fs_types, list)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

void for_each_filesystem(void (*fn)(struct file_system_type *fs, void *arg),
			 void *arg)
{
	struct file_system_type *fs;

	mutex_lock(&fs_types_lock);
	list_for_each_entry(fs, &fs_types, list)
		fn(fs, arg);
	mutex_unlock(&fs_types_lock);
}

struct super_block *sget_anon(struct file_system_type *type,
			      const struct super_operations *ops)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_op = ops;
	sb->s_count = 1;
	sb->s_dev = MKDEV(0, __atomic_fetch_add(&next_anon_minor, 1,
						__ATOMIC_RELAXED));
	return sb;
}

/*
 * A superblock with no mounts left.  Tree dentries pin each other, so
 * take the tree apart depth-first, then drop the root.
 */
static void kill_tree(struct dentry *dir)
{
	while (!list_empty(&dir->d_subdirs)) {
		struct dentry *d = list_first_entry(&dir->d_subdirs,
						    struct dentry, d_child);

		kill_tree(d);
		if (d->d_inode && d->d_inode->i_nlink)
			d->d_inode->i_nlink--;
		d_delete(d);
	}
}

void deactivate_super(struct super_block *sb)
{
	if (__atomic_sub_fetch(&sb->s_count, 1, __ATOMIC_ACQ_REL))
		return;
	kill_tree(sb->s_root);
	if (sb->s_root->d_inode)
		sb->s_root->d_inode->i_nlink = 0;
	dput(sb->s_root);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	kfree(sb);
}

/*
 * Finish a get_sb: give @sb the root dentry for @root.  Either may be
 * NULL after a failed allocation; everything is undone then.
 */
struct super_block *sb_attach_root(struct super_block *sb, struct inode *root)
{
	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_root = root ? d_alloc_root(sb) : NULL;
	if (!sb->s_root) {
		iput(root);
		if (sb->s_op && sb->s_op->put_super)
			sb->s_op->put_super(sb);
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(sb->s_root, root);
	return sb;
}
