// SPDX-License-Identifier: MIT
/*
 * Unpack the initramfs (cpio newc, plain or gzip, in segments) into the
 * root tmpfs.  lib/cpio.c parses; this file turns entries into files
 * through the same internal calls the syscalls use.  A bad entry is
 * logged and skipped; a malformed archive stops the unpacking but keeps
 * what was already created, as Linux does.
 */
#include "internal.h"
#include <umka/cpio.h>
#include <umka/fdtable.h>
#include <umka/kprintf.h>
#include <umka/printk.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/vmalloc.h>

/* Files with several links: GNU cpio stores the data with the last. */
struct hardlink {
	struct hardlink *next;
	u32 ino, major, minor;
	char *path;
};

/* Directory times are set last: creating children would change them. */
struct dir_time {
	struct dir_time *next;
	s64 mtime;
	char path[];
};

struct unpack {
	char path[PATH_MAX];
	struct hardlink *links;
	struct dir_time *dirs;
	unsigned int entries, errors;
};

static void set_attrs(const char *path, u32 uid, u32 gid, mode_t mode,
		      s64 mtime, bool set_mode)
{
	struct path p;

	if (kern_path_at(AT_FDCWD, path, 0, &p))
		return;
	mutex_lock(&vfs_ns_lock);
	p.dentry->d_inode->i_uid = uid;
	p.dentry->d_inode->i_gid = gid;
	if (set_mode)
		p.dentry->d_inode->i_mode =
			(p.dentry->d_inode->i_mode & S_IFMT) | (mode & 07777);
	p.dentry->d_inode->i_mtime = (struct timespec64){ mtime, 0 };
	mutex_unlock(&vfs_ns_lock);
	path_put(&p);
}

static int write_file(const char *path, const struct cpio_entry *e)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n = 0;

	f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 0777);
	if (IS_ERR(f))
		return PTR_ERR(f);
	if (e->size)
		n = kernel_write(f, e->data, e->size, &pos);
	fput(f);
	if (n < 0)
		return n;
	return (size_t)n == e->size ? 0 : -ENOSPC;
}

static struct hardlink *find_link(struct unpack *u, const struct cpio_entry *e)
{
	for (struct hardlink *h = u->links; h; h = h->next)
		if (h->ino == e->ino && h->major == e->devmajor &&
		    h->minor == e->devminor)
			return h;
	return NULL;
}

static int do_regular(struct unpack *u, const struct cpio_entry *e)
{
	struct hardlink *h;

	if (e->nlink >= 2) {
		h = find_link(u, e);
		if (h) {
			int err = do_linkat(AT_FDCWD, h->path, AT_FDCWD,
					    u->path, 0);

			return err ? err : e->size ? write_file(u->path, e) : 0;
		}
		h = kzalloc(sizeof(*h));
		if (h)
			h->path = d_name_dup(u->path, strlen(u->path));
		if (h && h->path) {
			h->ino = e->ino;
			h->major = e->devmajor;
			h->minor = e->devminor;
			h->next = u->links;
			u->links = h;
		} else {
			kfree(h);
		}
	}
	return write_file(u->path, e);
}

static int do_symlink(struct unpack *u, const struct cpio_entry *e)
{
	char *target;
	int err;

	if (!e->size || e->size >= PATH_MAX)
		return -EINVAL;
	target = kmalloc(e->size + 1);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = 0;
	err = strlen(target) == e->size ? do_symlinkat(target, AT_FDCWD, u->path)
					: -EINVAL;
	kfree(target);
	return err;
}

static int do_dir(struct unpack *u, const struct cpio_entry *e)
{
	size_t len = strlen(u->path);
	struct dir_time *t;
	int err = do_mkdirat(AT_FDCWD, u->path, e->mode & 07777);

	if (err == -EEXIST)
		err = 0;	/* /dev and friends exist already */
	if (err)
		return err;
	t = kmalloc(sizeof(*t) + len + 1);
	if (t) {
		t->mtime = e->mtime;
		memcpy(t->path, u->path, len + 1);
		t->next = u->dirs;
		u->dirs = t;
	}
	return 0;
}

static int unpack_entry(void *ctx, const struct cpio_entry *e)
{
	struct unpack *u = ctx;
	const char *name = e->name;
	mode_t type = e->mode & S_IFMT;
	int err;

	while (*name == '/' || (name[0] == '.' && name[1] == '/'))
		name += *name == '/' ? 1 : 2;
	if (!*name || !strcmp(name, "."))
		return 0;
	if (snprintf(u->path, sizeof(u->path), "/%s", name) >=
	    (int)sizeof(u->path)) {
		err = -ENAMETOOLONG;
		goto out;
	}
	u->entries++;
	/* An existing non-directory is replaced, as Linux's unpacker does. */
	if (type != S_IFDIR)
		do_unlinkat(AT_FDCWD, u->path);
	switch (type) {
	case S_IFREG:
		err = do_regular(u, e);
		break;
	case S_IFDIR:
		err = do_dir(u, e);
		break;
	case S_IFLNK:
		err = do_symlink(u, e);
		break;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		err = do_mknodat(AT_FDCWD, u->path, type | (e->mode & 07777),
				 MKDEV(e->rdevmajor & 0xfff,
				       e->rdevminor & MINORMASK));
		break;
	default:
		err = -EINVAL;
		break;
	}
	if (!err)
		set_attrs(u->path, e->uid, e->gid, e->mode, e->mtime,
			  type != S_IFLNK);
out:
	if (err) {
		u->errors++;
		pr_warn("initramfs: %s: error %d\n", e->name, err);
	}
	return 0;
}

static void *unpack_alloc(size_t size)
{
	return vmalloc(size);
}

static void unpack_free(void *p)
{
	vfree(p);
}

int initramfs_unpack(const void *data, size_t len)
{
	struct unpack *u = kzalloc(sizeof(*u));
	struct cpio_sink sink = {
		.entry = unpack_entry,
		.alloc = unpack_alloc,
		.free = unpack_free,
		.ctx = u,
	};
	mode_t umask = current->cred.umask;
	int err;

	if (!u)
		return -ENOMEM;
	current->cred.umask = 0;	/* the archive's modes are exact */
	err = cpio_unpack_stream(data, len, &sink);
	current->cred.umask = umask;
	while (u->dirs) {
		struct dir_time *t = u->dirs;
		struct path p;

		u->dirs = t->next;
		if (!kern_path_at(AT_FDCWD, t->path, 0, &p)) {
			p.dentry->d_inode->i_mtime =
				(struct timespec64){ t->mtime, 0 };
			path_put(&p);
		}
		kfree(t);
	}
	while (u->links) {
		struct hardlink *h = u->links;

		u->links = h->next;
		kfree(h->path);
		kfree(h);
	}
	if (err)
		pr_err("initramfs: malformed archive (%d) after %u entries\n",
		       err, u->entries);
	else
		pr_info("initramfs: unpacked %u entries, %u errors\n",
			u->entries, u->errors);
	kfree(u);
	return err;
}
