// SPDX-License-Identifier: MIT
/*
 * /proc/self/mounts (and /proc/mounts, a link to it) in fstab layout,
 * and /proc/filesystems.  Every filesystem here is virtual, so all are
 * "nodev"; every mount is read-write, with the flags it was mounted
 * with.
 */
#include "internal.h"
#include <umka/fs_struct.h>
#include <umka/slab.h>
#include <umka/path.h>

struct mounts_ctx {
	struct seq_buf *s;
	struct path root;
	char *name;
};

static const struct {
	int flag;
	const char *name;
} mnt_opts[] = {
	{ MNT_NOSUID, "nosuid" }, { MNT_NODEV, "nodev" },
	{ MNT_NOEXEC, "noexec" }, { MNT_NOATIME, "noatime" },
	{ MNT_NODIRATIME, "nodiratime" }, { MNT_RELATIME, "relatime" },
};

static void show_mount(struct vfsmount *m, void *arg)
{
	struct mounts_ctx *c = arg;
	struct path p = { m, m->mnt_root };

	/* Mounts outside our root (after chroot) are not ours to show. */
	if (d_path_locked(&p, &c->root, c->name, PATH_MAX) <= 0 ||
	    c->name[0] != '/')
		return;
	seq_printf(c->s, "%s %s %s rw",
		   m->mnt_devname ? m->mnt_devname : "none", c->name,
		   m->mnt_sb->s_type->name);
	/* In Linux's order. */
	for (unsigned int i = 0; i < ARRAY_SIZE(mnt_opts); i++)
		if (m->mnt_flags & mnt_opts[i].flag)
			seq_printf(c->s, ",%s", mnt_opts[i].name);
	if (m->mnt_sb->s_op && m->mnt_sb->s_op->show_options)
		m->mnt_sb->s_op->show_options(c->s, m->mnt_sb);
	seq_printf(c->s, " 0 0\n");
}

int proc_mounts_show(struct seq_buf *s, const struct proc_inode *pi)
{
	struct mounts_ctx c = { .s = s };

	c.name = kmalloc(PATH_MAX);
	if (!c.name)
		return -ENOMEM;
	get_fs_root(&c.root);
	for_each_mount(show_mount, &c);
	path_put(&c.root);
	kfree(c.name);
	return 0;
}

static void show_fs(struct file_system_type *fs, void *arg)
{
	seq_printf(arg, "nodev\t%s\n", fs->name);
}

int proc_filesystems_show(struct seq_buf *s, const struct proc_inode *pi)
{
	for_each_filesystem(show_fs, s);
	return 0;
}
