// SPDX-License-Identifier: MIT
/*
 * The proc filesystem type and its root directory: the global files of
 * a table, then one directory per process.  Each mount is an instance
 * of its own; they all show the same processes.
 */
#include "internal.h"
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/printk.h>
#include <umka/blkdev.h>
#include <umka/socket.h>

static int mounts_link(const struct proc_inode *pi, char *buf, size_t size)
{
	return strlcpy(buf, "self/mounts", size);
}

static int partitions_show(struct seq_buf *s, const struct proc_inode *pi)
{
	blk_partitions_show(s);
	return 0;
}

static int net_unix_show(struct seq_buf *s, const struct proc_inode *pi)
{
	unix_proc_show(s);
	return 0;
}

static const struct proc_entry net_entries[] = {
	PROC_FILE("unix", 0444, net_unix_show),
};

static const struct proc_entry root_entries[] = {
	PROC_LINK("self", proc_self_link),
	PROC_LINK("thread-self", proc_thread_self_link),
	PROC_FILE("meminfo", 0444, proc_meminfo_show),
	PROC_FILE("cpuinfo", 0444, proc_cpuinfo_show),
	PROC_FILE("uptime", 0444, proc_uptime_show),
	PROC_FILE("loadavg", 0444, proc_loadavg_show),
	PROC_FILE("stat", 0444, proc_stat_show),
	PROC_FILE("filesystems", 0444, proc_filesystems_show),
	PROC_FILE("version", 0444, proc_version_show),
	PROC_FILE("modules", 0444, proc_modules_show),
	PROC_FILE("cmdline", 0444, proc_cmdline_show),
	PROC_FILE("partitions", 0444, partitions_show),
	PROC_LINK("mounts", mounts_link),
	{ .name = "sys", .mode = S_IFDIR | 0555, .dir = proc_sys_entries,
	  .ndir = PROC_SYS_NENTRIES },
	{ .name = "bus", .mode = S_IFDIR | 0555, .dir = proc_bus_entries,
	  .ndir = PROC_BUS_NENTRIES },
	PROC_DIR("net", 0555, net_entries),
};

/* Positions: 0 and 1 the dots, then the table, then PID_BASE + pid. */
#define PID_BASE 256

static int proc_root_lookup(struct inode *dir, struct dentry *d)
{
	int err = proc_lookup_table(dir, d);

	if (err || d->d_inode)
		return err;
	return proc_pid_lookup(dir, d);
}

static int proc_root_iterate(struct file *f, struct dir_context *ctx)
{
	const struct proc_entry *ent = PROC_I(f->f_inode)->ent;

	if (ctx->pos < PID_BASE &&
	    !proc_readdir_table(f, ctx, ent->dir, ent->ndir))
		return 0;
	return proc_pid_readdir(f, ctx, PID_BASE);
}

static const struct inode_operations proc_root_iops = {
	.lookup = proc_root_lookup,
	.revalidate = proc_revalidate,
};

static const struct file_operations proc_root_fops = {
	.llseek = proc_dir_llseek,
	.iterate = proc_root_iterate,
};

static const struct proc_entry proc_root_entry = {
	.name = "/", .mode = S_IFDIR | 0555, .dir = root_entries,
	.ndir = ARRAY_SIZE(root_entries), .iop = &proc_root_iops,
	.fop = &proc_root_fops,
};

static struct super_block *proc_get_sb(struct file_system_type *type,
				       int flags, const char *dev,
				       const void *data)
{
	struct super_block *sb = proc_get_sb_root(type, &proc_root_entry);

	if (!IS_ERR(sb))
		sb->s_magic = PROC_SUPER_MAGIC;
	return sb;
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.get_sb = proc_get_sb,
};

int proc_init(void)
{
	return register_filesystem(&proc_fs_type);
}
