// SPDX-License-Identifier: MIT
/*
 * tmpfs: a filesystem that lives in the dentry cache and in memory.
 * Directories are the dcache itself, symlinks keep their target in a
 * string, regular files keep a table of pages (tmpfs_file.c).  The
 * operations here only make and count inodes; the VFS links and unlinks
 * the dentries.
 */
#include "internal.h"
#include <umka/chrdev.h>
#include <umka/blkdev.h>
#include <umka/slab.h>
#include <umka/string.h>

static const struct inode_operations tmpfs_dir_iops;
static const struct inode_operations tmpfs_file_iops;
static const struct inode_operations tmpfs_symlink_iops;
static const struct inode_operations tmpfs_special_iops;
static const struct super_operations tmpfs_sops;

bool is_tmpfs_inode(struct inode *inode)
{
	return inode->i_sb->s_op == &tmpfs_sops;
}

static struct inode *tmpfs_new_inode(struct super_block *sb,
				     struct inode *dir, mode_t mode,
				     dev_t dev)
{
	struct inode *inode = new_inode(sb, mode);

	if (!inode)
		return NULL;
	inode_init_owner(inode, dir, mode);
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_iops;
		inode->i_fop = &dcache_dir_fops;
		inode->i_nlink = 2;	/* "." and the entry in the parent */
		break;
	case S_IFREG:
		inode->i_op = &tmpfs_file_iops;
		inode->i_fop = &tmpfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_iops;
		break;
	case S_IFCHR:
		inode->i_op = &tmpfs_special_iops;
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = dev;
		break;
	case S_IFIFO:
		inode->i_op = &tmpfs_special_iops;
		inode->i_fop = &fifo_fops;
		break;
	case S_IFBLK:
		inode->i_op = &tmpfs_special_iops;
		inode->i_fop = &def_blk_fops;
		inode->i_rdev = dev;
		break;
	default:	/* sockets: nothing opens them yet */
		inode->i_op = &tmpfs_special_iops;
		inode->i_rdev = dev;
		break;
	}
	return inode;
}

static int tmpfs_mknod(struct inode *dir, struct dentry *d, mode_t mode,
		       dev_t dev)
{
	struct inode *inode = tmpfs_new_inode(dir->i_sb, dir, mode, dev);

	if (!inode)
		return -ENOMEM;
	if (S_ISDIR(mode))
		dir->i_nlink++;
	d_instantiate(d, inode);
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_create(struct inode *dir, struct dentry *d, mode_t mode)
{
	return tmpfs_mknod(dir, d, (mode & ~S_IFMT) | S_IFREG, 0);
}

static int tmpfs_mkdir(struct inode *dir, struct dentry *d, mode_t mode)
{
	return tmpfs_mknod(dir, d, (mode & ~S_IFMT) | S_IFDIR, 0);
}

static int tmpfs_symlink(struct inode *dir, struct dentry *d,
			 const char *target)
{
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1);
	struct inode *inode;

	if (!copy)
		return -ENOMEM;
	inode = tmpfs_new_inode(dir->i_sb, dir, S_IFLNK | 0777, 0);
	if (!inode) {
		kfree(copy);
		return -ENOMEM;
	}
	memcpy(copy, target, len + 1);
	inode->i_private = copy;
	inode->i_size = len;
	d_instantiate(d, inode);
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;

	inode->i_nlink++;
	ihold(inode);
	inode_touch(inode, false, true);
	inode_touch(dir, true, true);
	d_instantiate(d, inode);
	return 0;
}

static int tmpfs_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;

	inode->i_nlink--;
	inode_touch(inode, false, true);
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, struct dentry *d)
{
	d->d_inode->i_nlink = 0;
	dir->i_nlink--;
	inode_touch(dir, true, true);
	return 0;
}

/* Link counts of a rename; the VFS has checked types and emptiness. */
static int tmpfs_rename(struct inode *odir, struct dentry *od,
			struct inode *ndir, struct dentry *nd,
			unsigned int flags)
{
	struct inode *src = od->d_inode, *dst = nd ? nd->d_inode : NULL;

	if (flags & RENAME_EXCHANGE) {
		if (odir != ndir && S_ISDIR(src->i_mode) !=
				    S_ISDIR(dst->i_mode)) {
			/* One directory changes parent each way. */
			if (S_ISDIR(src->i_mode)) {
				odir->i_nlink--;
				ndir->i_nlink++;
			} else {
				ndir->i_nlink--;
				odir->i_nlink++;
			}
		}
		inode_touch(dst, false, true);
	} else {
		if (dst) {
			if (S_ISDIR(dst->i_mode)) {
				dst->i_nlink = 0;
				ndir->i_nlink--;
			} else {
				dst->i_nlink--;
			}
			inode_touch(dst, false, true);
		}
		if (S_ISDIR(src->i_mode) && odir != ndir) {
			odir->i_nlink--;
			ndir->i_nlink++;
		}
	}
	inode_touch(src, false, true);
	inode_touch(odir, true, true);
	inode_touch(ndir, true, true);
	return 0;
}

static const char *tmpfs_get_link(struct inode *inode)
{
	return inode->i_private;
}

static void tmpfs_evict(struct inode *inode)
{
	if (S_ISREG(inode->i_mode))
		tmpfs_free_data(inode);
	else if (S_ISLNK(inode->i_mode))
		kfree(inode->i_private);
	free_pipe_info(inode);
}

static const struct inode_operations tmpfs_dir_iops = {
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
};

static const struct inode_operations tmpfs_file_iops = {
	.setsize = tmpfs_setsize,
};

static const struct inode_operations tmpfs_symlink_iops = {
	.get_link = tmpfs_get_link,
};

static const struct inode_operations tmpfs_special_iops = {};

static const struct super_operations tmpfs_sops = {
	.evict_inode = tmpfs_evict,
};

static struct super_block *tmpfs_get_sb(struct file_system_type *type,
					int flags, const char *dev,
					const void *data)
{
	struct super_block *sb = sget_anon(type, &tmpfs_sops);
	/* The initial root is 0755; other tmpfs mounts are world-writable. */
	mode_t mode = S_IFDIR | (dev && !strcmp(dev, "rootfs") ? 0755 : 01777);

	return sb_attach_root(sb,
			      sb ? tmpfs_new_inode(sb, NULL, mode, 0) : NULL);
}

static struct file_system_type tmpfs_type = {
	.name = "tmpfs",
	.get_sb = tmpfs_get_sb,
};

/* "ramfs" behaves the same here: both are memory only. */
static struct file_system_type ramfs_type = {
	.name = "ramfs",
	.get_sb = tmpfs_get_sb,
};

int tmpfs_init(void)
{
	int err = register_filesystem(&tmpfs_type);

	return err ? err : register_filesystem(&ramfs_type);
}
