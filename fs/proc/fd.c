// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/fd/: one symlink per open descriptor, whose target names
 * the open file: its path, "pipe:[ino]" for pipes, "socket:[ino]" for
 * sockets, "anon_inode:..." for
 * the rest.  Following the link leads to the open file itself, as on
 * Linux: opening /proc/self/fd/N of a pipe opens that pipe (bash's <(...)
 * needs it), and a deleted file can still be reopened.
 *
 * A link is read inside a path walk, under vfs_ns_lock; the descriptor
 * table lock ranks after it (include/umka/lock_levels.h), and holding
 * it keeps the file from being closed while we name it.
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/fs_struct.h>
#include <umka/kprintf.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <uapi/dirent.h>

#define FD_BASE 2

static int fd_link(const struct proc_inode *pi, char *buf, size_t size)
{
	struct proc_task pt;
	struct file *f;
	struct path root;
	long len = -ENOENT;

	if (proc_task_get(pi, &pt, PT_FILES))
		return -ENOENT;
	if (!pt.files)
		goto out;
	mutex_lock(&pt.files->lock);
	f = (unsigned int)pi->fd < pt.files->max_fds ? pt.files->fd[pi->fd]
						     : NULL;
	/* Under the table lock the file cannot be closed under us. */
	get_fs_root(&root);
	if (f && f->f_path.mnt->mnt_parent == f->f_path.mnt &&
	    f->f_path.mnt != root.mnt) {
		/* An internal mount (pipefs): no path names it. */
		len = snprintf(buf, size, "%s:[%lu]",
			       S_ISFIFO(f->f_inode->i_mode) ? "pipe" :
			       S_ISSOCK(f->f_inode->i_mode) ? "socket" :
			       f->f_path.mnt->mnt_sb->s_type->name,
			       f->f_inode->i_ino) + 1;
	} else if (f) {
		len = d_path_locked(&f->f_path, &root, buf, size);
	}
	path_put(&root);
	mutex_unlock(&pt.files->lock);
out:
	proc_task_put(&pt);
	return len < 0 ? len : len - 1;
}

static int fd_link_path(const struct proc_inode *pi, struct path *out)
{
	struct proc_task pt;
	struct file *f;
	int err = -ENOENT;

	if (proc_task_get(pi, &pt, PT_FILES))
		return -ENOENT;
	if (pt.files) {
		mutex_lock(&pt.files->lock);
		f = (unsigned int)pi->fd < pt.files->max_fds ?
			    pt.files->fd[pi->fd] : NULL;
		if (f) {
			*out = f->f_path;
			path_get(out);
			err = 0;
		}
		mutex_unlock(&pt.files->lock);
	}
	proc_task_put(&pt);
	return err;
}

/* Is descriptor pi->fd open in its process? */
bool proc_fd_open(const struct proc_inode *pi)
{
	struct proc_task pt;
	bool open = false;

	if (proc_task_get(pi, &pt, PT_FILES))
		return false;
	if (pt.files) {
		mutex_lock(&pt.files->lock);
		open = (unsigned int)pi->fd < pt.files->max_fds &&
		       pt.files->fd[pi->fd];
		mutex_unlock(&pt.files->lock);
	}
	proc_task_put(&pt);
	return open;
}

static const struct proc_entry fd_link_entry = {
	.name = "", .mode = S_IFLNK | 0700, .link = fd_link,
	.link_path = fd_link_path,
};

static int proc_fd_lookup(struct inode *dir, struct dentry *d)
{
	struct proc_inode pi = *PROC_I(dir);
	long v = 0;

	if (!d->d_len || d->d_len > 7 || (d->d_name[0] == '0' && d->d_len > 1))
		return 0;
	for (u32 i = 0; i < d->d_len; i++) {
		if (d->d_name[i] < '0' || d->d_name[i] > '9')
			return 0;
		v = v * 10 + d->d_name[i] - '0';
	}
	pi.fd = v;
	if (!proc_fd_open(&pi))
		return 0;
	return proc_instantiate(dir, d, &fd_link_entry, &pi);
}

static int proc_fd_iterate(struct file *f, struct dir_context *ctx)
{
	const struct proc_inode *pi = PROC_I(f->f_inode);
	struct proc_task pt;
	unsigned int *fds = NULL, n = 0, max;
	char name[16];

	if (!proc_emit_dots(f, ctx))
		return 0;
	if (proc_task_get(pi, &pt, PT_FILES))
		return -ENOENT;
	if (!pt.files)
		goto out;
	mutex_lock(&pt.files->lock);
	max = pt.files->max_fds;
	fds = kmalloc(max * sizeof(*fds));
	for (unsigned int i = 0; fds && i < max; i++)
		if (pt.files->fd[i])
			fds[n++] = i;
	mutex_unlock(&pt.files->lock);
	for (unsigned int i = 0; i < n; i++) {
		int len;

		if (fds[i] + FD_BASE < ctx->pos)
			continue;
		len = snprintf(name, sizeof(name), "%u", fds[i]);
		if (!ctx->emit(ctx, name, len, fds[i] + FD_BASE + 1,
			       0x200000 + fds[i], DT_LNK))
			break;
		ctx->pos = fds[i] + FD_BASE + 1;
	}
	kfree(fds);
out:
	proc_task_put(&pt);
	return 0;
}

const struct inode_operations proc_fd_iops = {
	.lookup = proc_fd_lookup,
	.revalidate = proc_revalidate,
};

const struct file_operations proc_fd_fops = {
	.llseek = proc_dir_llseek,
	.iterate = proc_fd_iterate,
};
