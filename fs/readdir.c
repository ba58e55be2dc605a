// SPDX-License-Identifier: MIT
/*
 * getdents, getdents64, and readdir of in-memory (dcache) directories.
 *
 * Positions: 0 is ".", 1 is "..", then each entry's cookie, which never
 * changes while the entry exists; so entries added or removed during a
 * scan do not make others repeat or vanish.
 *
 * Errors:
 *   EBADF    fd not open (or O_PATH)
 *   ENOTDIR  fd is not a directory
 *   EINVAL   the buffer cannot hold even one record
 *   EFAULT   a bad buffer
 *   ENOENT   the directory was removed
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/fsnotify.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/syscall.h>
#include <uapi/dirent.h>

static unsigned int dt_type(mode_t mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are the S_IF* bits */
}

int dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_path.dentry, *d;

	mutex_lock(&vfs_ns_lock);
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, 1, dir->d_inode->i_ino, DT_DIR))
			goto out;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct dentry *parent = dir->d_parent;

		/* The root of a mount shows its mount point's parent. */
		if (dir == f->f_path.mnt->mnt_root &&
		    f->f_path.mnt->mnt_parent != f->f_path.mnt)
			parent = f->f_path.mnt->mnt_mountpoint->d_parent;
		if (!ctx->emit(ctx, "..", 2, 2, parent->d_inode->i_ino, DT_DIR))
			goto out;
		ctx->pos = 2;
	}
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if ((loff_t)d->d_cookie < ctx->pos || !d->d_inode)
			continue;
		if (!ctx->emit(ctx, d->d_name, d->d_len, d->d_cookie + 1,
			       d->d_inode->i_ino,
			       dt_type(d->d_inode->i_mode)))
			break;
		ctx->pos = d->d_cookie + 1;
	}
	if (&d->d_child == &dir->d_subdirs)
		ctx->pos = dir->d_next_cookie;	/* at the end */
out:
	mutex_unlock(&vfs_ns_lock);
	return 0;
}

static loff_t dcache_dir_llseek(struct file *f, loff_t off, int whence)
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

const struct file_operations dcache_dir_fops = {
	.llseek = dcache_dir_llseek,
	.iterate = dcache_readdir,
};

int vfs_iterate(struct file *f, struct dir_context *ctx)
{
	int err;

	if (!S_ISDIR(f->f_inode->i_mode) || !f->f_op->iterate)
		return -ENOTDIR;
	if (!f->f_inode->i_nlink)
		return -ENOENT;
	err = f->f_op->iterate(f, ctx);
	/* Linux reports every read of a live directory, even at its end. */
	fsnotify_access(f);
	return err;
}

/*
 * Records are built in a kernel buffer, under vfs_ns_lock, and copied
 * out after it is dropped, so a fault on the user buffer never happens
 * with the namespace locked.
 */
struct getdents_ctx {
	struct dir_context ctx;
	char *buf;
	size_t used, size;
	bool old_layout;
	bool full;		/* a record did not fit */
};

static bool emit(struct dir_context *c, const char *name, size_t len,
		 loff_t next, u64 ino, unsigned int type)
{
	struct getdents_ctx *g = container_of(c, struct getdents_ctx, ctx);
	size_t reclen;

	if (g->old_layout)
		reclen = ALIGN_UP(offsetof(struct linux_dirent, d_name) +
				  len + 2, sizeof(long));
	else
		reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) +
				  len + 1, sizeof(u64));
	if (g->used + reclen > g->size) {
		g->full = true;
		return false;
	}
	if (g->old_layout) {
		struct linux_dirent *d = (void *)(g->buf + g->used);

		d->d_ino = ino;
		d->d_off = next;
		d->d_reclen = reclen;
		memcpy(d->d_name, name, len);
		d->d_name[len] = 0;
		g->buf[g->used + reclen - 1] = type;	/* d_type: last byte */
	} else {
		struct linux_dirent64 *d = (void *)(g->buf + g->used);

		d->d_ino = ino;
		d->d_off = next;
		d->d_reclen = reclen;
		d->d_type = type;
		memcpy(d->d_name, name, len);
		d->d_name[len] = 0;
	}
	g->used += reclen;
	return true;
}

/*
 * Records into @kbuf; if @ubuf is given they are copied out there too,
 * and the position only moves once that worked, so a bad buffer loses
 * no entries.
 */
static long getdents_to(struct file *f, void *kbuf, size_t size, bool old,
			void __user *ubuf)
{
	struct getdents_ctx g = { .ctx.emit = emit, .buf = kbuf,
				  .size = size, .old_layout = old };
	int err;

	mutex_lock(&f->f_pos_lock);
	g.ctx.pos = f->f_pos;
	err = vfs_iterate(f, &g.ctx);
	/* Not even one record fit, but there was one to give. */
	if (!err && !g.used && g.full)
		err = -EINVAL;
	if (!err && ubuf && g.used && copy_to_user(ubuf, kbuf, g.used))
		err = -EFAULT;
	if (!err)
		f->f_pos = g.ctx.pos;
	mutex_unlock(&f->f_pos_lock);
	return err ? err : (long)g.used;
}

long vfs_getdents(struct file *f, void *kbuf, size_t size, bool old)
{
	return getdents_to(f, kbuf, size, old, NULL);
}

static long do_getdents(unsigned int fd, void __user *ubuf,
			unsigned int count, bool old)
{
	struct file *f;
	size_t size = min(count, 65536U);
	char *buf;
	long r;

	if (!access_ok(ubuf, count))
		return -EFAULT;
	f = fget(fd);
	if (!f)
		return -EBADF;
	buf = kmalloc(size ? size : 1);
	if (!buf) {
		fput(f);
		return -ENOMEM;
	}
	r = getdents_to(f, buf, size, old, ubuf);
	kfree(buf);
	fput(f);
	return r;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirent,
		unsigned int, count)
{
	return do_getdents(fd, dirent, count, false);
}

SYSCALL_DEFINE3(getdents, unsigned int, fd, void __user *, dirent,
		unsigned int, count)
{
	return do_getdents(fd, dirent, count, true);
}
