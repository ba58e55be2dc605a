// SPDX-License-Identifier: MIT
/*
 * procfs inodes and the directories built from static tables.
 *
 * Nothing in procfs is stored: an inode is made when a name is first
 * looked up, from the table row that describes it plus the process (and
 * descriptor) of its parent directory.  Cached dentries of processes
 * that have been reaped, or of descriptors since closed, are dropped by
 * proc_revalidate() on the next walk through their directory.
 */
#include "internal.h"
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/proc.h>
#include <uapi/dirent.h>

/* O_TRUNC on a generated file is accepted and means nothing, as on
 * Linux, so that `echo name > /proc/sys/kernel/hostname` works. */
static int proc_setsize(struct inode *inode, loff_t size)
{
	return 0;
}

static const struct inode_operations proc_file_iops = {
	.setsize = proc_setsize,
};

struct inode *proc_make_inode(struct super_block *sb,
			      const struct proc_inode *parent,
			      const struct proc_entry *ent)
{
	struct inode *inode = new_inode(sb, ent->mode);
	struct proc_inode *pi = kzalloc(sizeof(*pi));

	if (!inode || !pi) {
		kfree(pi);
		if (inode)
			kfree(inode);	/* never referenced elsewhere */
		return NULL;
	}
	if (parent)
		*pi = *parent;
	else
		pi->fd = -1;
	pi->ent = ent;
	inode->i_private = pi;
	if (S_ISDIR(ent->mode) && ent->named) {
		inode->i_nlink = 2;
		inode->i_op = &proc_named_iops;
		inode->i_fop = &proc_named_fops;
	} else if (S_ISDIR(ent->mode)) {
		inode->i_nlink = 2;
		inode->i_op = ent->iop ? ent->iop : &proc_table_iops;
		inode->i_fop = ent->fop ? ent->fop : &proc_table_fops;
	} else if (S_ISLNK(ent->mode)) {
		inode->i_op = ent->link_path ? &proc_magic_link_iops
					     : &proc_link_iops;
	} else {
		inode->i_op = &proc_file_iops;
		inode->i_fop = &proc_file_fops;
	}
	return inode;
}

/*
 * Make @d name @ent; @pi (may be NULL) says which process it belongs to.
 * Files of a process belong to its owner, as on Linux, which is how ps
 * finds the user of a process.
 */
int proc_instantiate(struct inode *dir, struct dentry *d,
		     const struct proc_entry *ent, const struct proc_inode *pi)
{
	struct inode *inode = proc_make_inode(dir->i_sb, pi ? pi : PROC_I(dir),
					      ent);

	if (!inode)
		return -ENOMEM;
	inode->i_uid = dir->i_uid;
	inode->i_gid = dir->i_gid;
	d_instantiate(d, inode);
	return 0;
}

bool proc_revalidate(struct inode *dir, struct dentry *d)
{
	const struct proc_inode *pi = d->d_inode ? PROC_I(d->d_inode) : NULL;

	if (!pi)
		return false;
	if (pi->tid && !proc_task_alive(pi->tid, pi->start_time))
		return false;
	/* An fd/ entry lives as long as its descriptor. */
	return pi->fd < 0 || PROC_I(dir)->fd == pi->fd || proc_fd_open(pi);
}

int proc_lookup_table(struct inode *dir, struct dentry *d)
{
	const struct proc_entry *ent = PROC_I(dir)->ent;

	for (unsigned int i = 0; i < ent->ndir; i++)
		if (strlen(ent->dir[i].name) == d->d_len &&
		    !memcmp(ent->dir[i].name, d->d_name, d->d_len))
			return proc_instantiate(dir, d, &ent->dir[i], NULL);
	return 0;	/* negative: -ENOENT */
}

static unsigned int dt_of(mode_t mode)
{
	return (mode & S_IFMT) >> 12;
}

bool proc_emit_dots(struct file *f, struct dir_context *ctx)
{
	struct inode *inode = f->f_inode;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, 1, inode->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		/* The parent's inode number is not worth a lookup here. */
		if (!ctx->emit(ctx, "..", 2, 2, 1, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

bool proc_readdir_table(struct file *f, struct dir_context *ctx,
			const struct proc_entry *table, unsigned int n)
{
	if (!proc_emit_dots(f, ctx))
		return false;
	for (unsigned int i = ctx->pos - 2; i < n; i++) {
		/* Inode numbers are made at lookup; any unique-ish value. */
		if (!ctx->emit(ctx, table[i].name, strlen(table[i].name),
			       ctx->pos + 1, 0x1000 + i, dt_of(table[i].mode)))
			return false;
		ctx->pos++;
	}
	return true;
}

static int proc_table_iterate(struct file *f, struct dir_context *ctx)
{
	const struct proc_entry *ent = PROC_I(f->f_inode)->ent;

	proc_readdir_table(f, ctx, ent->dir, ent->ndir);
	return 0;
}

loff_t proc_dir_llseek(struct file *f, loff_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += f->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

const struct inode_operations proc_table_iops = {
	.lookup = proc_lookup_table,
	.revalidate = proc_revalidate,
};

const struct file_operations proc_table_fops = {
	.llseek = proc_dir_llseek,
	.iterate = proc_table_iterate,
};

static int proc_get_link(struct inode *inode, char *buf, size_t size)
{
	const struct proc_inode *pi = PROC_I(inode);

	return pi->ent->link(pi, buf, size);
}

static int proc_get_path(struct inode *inode, struct path *out)
{
	const struct proc_inode *pi = PROC_I(inode);

	return pi->ent->link_path(pi, out);
}

const struct inode_operations proc_link_iops = {
	.get_link_dyn = proc_get_link,
};

const struct inode_operations proc_magic_link_iops = {
	.get_link_dyn = proc_get_link,
	.get_path = proc_get_path,
};

static void proc_evict(struct inode *inode)
{
	kfree(inode->i_private);
}

static const struct super_operations proc_sops = {
	.evict_inode = proc_evict,
};

struct super_block *proc_get_sb_root(struct file_system_type *type,
				     const struct proc_entry *root)
{
	struct super_block *sb = sget_anon(type, &proc_sops);

	return sb_attach_root(sb, sb ? proc_make_inode(sb, NULL, root) : NULL);
}
