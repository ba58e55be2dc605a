// SPDX-License-Identifier: MIT
/*
 * /proc/self/mounts (and /proc/mounts, a link to it) in fstab layout,
 * /proc/self/mountinfo (ids, device numbers, roots; what libmount, df and
 * findmnt read), and /proc/filesystems.  Every filesystem here is virtual, so all are
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

/* The mount point of @m as we see it, in c->name; false if not ours. */
static bool mount_point(struct mounts_ctx *c, struct vfsmount *m)
{
	struct path p = { m, m->mnt_root };

	/* Mounts outside our root (after chroot) are not ours to show. */
	return d_path_locked(&p, &c->root, c->name, PATH_MAX) > 0 &&
	       c->name[0] == '/';
}

/* "rw" and the per-mount flags, in Linux's order. */
static void show_mnt_opts(struct seq_buf *s, const struct vfsmount *m)
{
	seq_printf(s, "rw");
	for (unsigned int i = 0; i < ARRAY_SIZE(mnt_opts); i++)
		if (m->mnt_flags & mnt_opts[i].flag)
			seq_printf(s, ",%s", mnt_opts[i].name);
}

static void show_sb_opts(struct seq_buf *s, struct super_block *sb)
{
	if (sb->s_op && sb->s_op->show_options)
		sb->s_op->show_options(s, sb);
}

static void show_mount(struct vfsmount *m, void *arg)
{
	struct mounts_ctx *c = arg;

	if (!mount_point(c, m))
		return;
	seq_printf(c->s, "%s %s %s ",
		   m->mnt_devname ? m->mnt_devname : "none", c->name,
		   m->mnt_sb->s_type->name);
	show_mnt_opts(c->s, m);
	show_sb_opts(c->s, m->mnt_sb);
	seq_printf(c->s, " 0 0\n");
}

/* Where @m's root sits inside its filesystem: "/" unless a bind mount. */
static void show_fs_root(struct seq_buf *s, const struct vfsmount *m)
{
	const struct dentry *d, *names[32];
	int n = 0;

	for (d = m->mnt_root; d != m->mnt_sb->s_root && d->d_parent != d &&
			      n < (int)ARRAY_SIZE(names); d = d->d_parent)
		names[n++] = d;
	if (!n)
		seq_printf(s, "/");
	while (n--)
		seq_printf(s, "/%.*s", (int)names[n]->d_len, names[n]->d_name);
}

static void show_mountinfo(struct vfsmount *m, void *arg)
{
	struct mounts_ctx *c = arg;

	if (!mount_point(c, m))
		return;
	seq_printf(c->s, "%d %d %u:%u ", m->mnt_id, m->mnt_parent->mnt_id,
		   MAJOR(m->mnt_sb->s_dev), MINOR(m->mnt_sb->s_dev));
	show_fs_root(c->s, m);
	seq_printf(c->s, " %s ", c->name);
	show_mnt_opts(c->s, m);
	/* No propagation (shared:N) fields: every mount is private. */
	seq_printf(c->s, " - %s %s rw", m->mnt_sb->s_type->name,
		   m->mnt_devname ? m->mnt_devname : "none");
	show_sb_opts(c->s, m->mnt_sb);
	seq_printf(c->s, "\n");
}

static int show_each(struct seq_buf *s, void (*fn)(struct vfsmount *, void *))
{
	struct mounts_ctx c = { .s = s };

	c.name = kmalloc(PATH_MAX);
	if (!c.name)
		return -ENOMEM;
	get_fs_root(&c.root);
	for_each_mount(fn, &c);
	path_put(&c.root);
	kfree(c.name);
	return 0;
}

int proc_mounts_show(struct seq_buf *s, const struct proc_inode *pi)
{
	(void)pi;
	return show_each(s, show_mount);
}

int proc_mountinfo_show(struct seq_buf *s, const struct proc_inode *pi)
{
	(void)pi;
	return show_each(s, show_mountinfo);
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
