/* SPDX-License-Identifier: MIT */
/* Shared between the files of fs/ only. */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include <umka/fs.h>
#include <umka/file.h>
#include <umka/namei.h>
#include <umka/path.h>
#include <umka/string.h>

/*
 * One resolution.  root and start hold references (taken by nd_start()
 * before vfs_ns_lock); path is the walk's position and holds none: the
 * lock keeps it alive.
 */
struct nameidata {
	struct path path;
	struct path root;
	struct path start;
	unsigned int flags;
	int total_links;
	struct path pinned;	/* held for a magic link's target */
};

int nd_start(struct nameidata *nd, int dfd, const char *name,
	     unsigned int flags);
void nd_end(struct nameidata *nd);

/* Under vfs_ns_lock: walk the whole name, leaving the result in nd->path. */
int nd_walk(struct nameidata *nd, const char *name);
/* Under vfs_ns_lock: walk all but the last component. */
int nd_walk_parent(struct nameidata *nd, const char *name,
		   struct parent_lookup *pl);
/* Under vfs_ns_lock: follow the symlink @link found in nd->path. */
int nd_follow_link(struct nameidata *nd, struct inode *link);

/* A dentry for @name in @dir, existing or negative (not linked). */
struct dentry *lookup_or_alloc(struct dentry *dir, const char *name,
			       size_t len);

/* Permission to add or remove entries in @dir (and to remove @victim). */
int may_create(struct inode *dir);
int may_delete(struct inode *dir, struct inode *victim);

/* fs/chrdev.c: the fops for an opened character device. */
const struct file_operations *chrdev_lookup(dev_t dev);

/* fs/pipe.c: FIFO files. */
extern const struct file_operations fifo_fops;
void free_pipe_info(struct inode *inode);

/* fs/tmpfs.c */
int tmpfs_init(void);
int ramfs_init(void);
/* The type of the initial root mount (a tmpfs; not registered). */
extern struct file_system_type rootfs_fs_type;
extern const struct file_operations tmpfs_file_fops;
int tmpfs_setsize(struct inode *inode, loff_t size);
int tmpfs_allocate(struct inode *inode, loff_t off, loff_t len,
		   bool keep_size);
void tmpfs_free_data(struct inode *inode);
struct page;
/* The referenced page @idx of a tmpfs file (allocated if a hole); -EIO
 * past the end of the file. */
int tmpfs_get_page(struct inode *inode, u64 idx, struct page **out);
/* Page accounting against the mount's size= limit. */
bool tmpfs_charge_blocks(struct super_block *sb, u64 n);
void tmpfs_uncharge_blocks(struct super_block *sb, u64 n);

/* fs/char_dev.c, fs/memdev.c, fs/vfs_init.c */
int memdev_init(void);
int tty_dev_init(void);
int devtmpfs_init(void);

#endif
