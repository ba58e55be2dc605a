// SPDX-License-Identifier: MIT
/*
 * open, openat, openat2, creat, close, close_range; filp_open() for the
 * kernel.
 *
 * Errors:
 *   ENOENT   a component is missing (without O_CREAT), or the name is ""
 *   EEXIST   O_CREAT|O_EXCL and the name exists (even as a symlink)
 *   EISDIR   a directory opened for writing, or O_CREAT on a name with a
 *            trailing slash or on an existing directory
 *   ENOTDIR  O_DIRECTORY on a non-directory; a path component
 *   ELOOP    O_NOFOLLOW on a symlink (without O_PATH); too many links
 *   EACCES   mode bits forbid the access, or creation in the directory
 *   ENXIO    a device with no driver, a socket, or a FIFO opened
 *            O_WRONLY|O_NONBLOCK with no reader
 *   EMFILE   no descriptor below RLIMIT_NOFILE
 *   EFAULT   a bad pointer; ENAMETOOLONG, EXDEV: see fs/namei.c
 *   EINVAL   O_CREAT|O_DIRECTORY; openat2: unknown flags or resolve
 *            bits, mode without O_CREAT, size below 24
 *   E2BIG    openat2: size above a page, or non-zero bytes past 24
 *   EAGAIN   openat2 RESOLVE_CACHED for a call that must create/truncate
 *   EOPNOTSUPP O_TMPFILE (not supported yet)
 *   EBADF    close/close_range of a descriptor that is not open
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/fsnotify.h>
#include <umka/fs_struct.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/syscall.h>
#include <umka/printk.h>
#include <umka/mm.h>

#define VALID_OPEN_FLAGS                                                    \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |     \
	 O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE |           \
	 O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | __O_SYNC |      \
	 O_PATH | __O_TMPFILE)
#define O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

static const struct file_operations path_only_fops;

/*
 * Find or create the last component for O_CREAT.  A trailing symlink is
 * followed (creating its target if dangling) unless O_NOFOLLOW.
 */
static int __open_create(struct nameidata *nd, const char *name, int flags,
			 mode_t mode, struct path *out, bool *created,
			 char **linkbuf)
{
	struct parent_lookup pl;
	struct dentry *d;
	struct inode *dir;
	int err;

	for (;;) {
		err = nd_walk_parent(nd, name, &pl);
		if (err)
			return err;
		if (pl.last_type != LAST_NORM)
			return -EISDIR;
		dir = pl.parent.dentry->d_inode;
		d = lookup_or_alloc(pl.parent.dentry, pl.last, pl.last_len);
		if (IS_ERR(d))
			return PTR_ERR(d);
		if (!d->d_inode)
			break;
		if (flags & O_EXCL) {
			dput(d);
			return -EEXIST;
		}
		if (!S_ISLNK(d->d_inode->i_mode)) {
			dput(d);
			/* O_CREAT never opens a directory, even read-only. */
			if (S_ISDIR(d->d_inode->i_mode))
				return -EISDIR;
			if (pl.trailing_slash)
				return -ENOTDIR;
			out->mnt = pl.parent.mnt;
			out->dentry = d;
			return 0;
		}
		if (flags & O_NOFOLLOW) {
			dput(d);
			return -ELOOP;
		}
		/* Resolve the target from the link's directory and retry. */
		nd->path = pl.parent;
		if (nd->flags & LOOKUP_NO_SYMLINKS ||
		    ++nd->total_links > MAXSYMLINKS) {
			dput(d);
			return -ELOOP;
		}
		kfree(*linkbuf);
		name = vfs_get_link(d->d_inode, linkbuf);
		dput(d);	/* the tree still holds it: name stays valid */
		if (IS_ERR(name))
			return PTR_ERR(name);
		if (!name || !*name)
			return -ENOENT;
	}
	if (pl.trailing_slash) {
		err = -EISDIR;
	} else {
		err = may_create(dir);
		if (!err && !dir->i_op->create)
			err = -EPERM;
		if (!err)
			err = dir->i_op->create(dir, d,
					mode & ~current->cred.umask &
					S_IALLUGO);
	}
	if (err) {
		dput(d);
		return err;
	}
	d_add(d);
	fsnotify_create(pl.parent.dentry, d);
	dput(d);
	*created = true;
	out->mnt = pl.parent.mnt;
	out->dentry = d;
	return 0;
}

static int open_create(struct nameidata *nd, const char *name, int flags,
		       mode_t mode, struct path *out, bool *created)
{
	char *linkbuf = NULL;
	int err = __open_create(nd, name, flags, mode, out, created, &linkbuf);

	kfree(linkbuf);
	return err;
}

static int may_open(struct inode *inode, int flags, bool created)
{
	int acc = flags & O_ACCMODE, mask = 0;

	if (S_ISLNK(inode->i_mode))
		return -ELOOP;
	if (S_ISDIR(inode->i_mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if (!inode->i_fop || S_ISSOCK(inode->i_mode))
		return -ENXIO;	/* a socket is reached with connect() */
	if (created)
		return 0;	/* a new file opens even if its mode says no */
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= MAY_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	return inode_permission(inode, mask);
}

static unsigned int resolve_to_lookup(u64 resolve)
{
	unsigned int lf = 0;

	if (resolve & RESOLVE_NO_XDEV)
		lf |= LOOKUP_NO_XDEV;
	if (resolve & RESOLVE_NO_SYMLINKS)
		lf |= LOOKUP_NO_SYMLINKS;
	if (resolve & RESOLVE_BENEATH)
		lf |= LOOKUP_BENEATH;
	if (resolve & RESOLVE_IN_ROOT)
		lf |= LOOKUP_IN_ROOT;
	return lf;
}

struct file *do_filp_open(int dfd, const char *name, int flags, mode_t mode,
			  u64 resolve)
{
	unsigned int lf = resolve_to_lookup(resolve);
	struct nameidata nd;
	struct path path;
	struct inode *inode;
	struct file *f;
	bool created = false, truncated = false;
	int err;

	if (flags & __O_TMPFILE) {
		pr_debug("open: O_TMPFILE unsupported\n");
		return ERR_PTR(-EOPNOTSUPP);
	}
	/* 64-bit: every file is a large file, and F_GETFL says so. */
	if (flags & O_PATH)
		flags &= O_PATH_FLAGS;
	else
		flags |= O_LARGEFILE;
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return ERR_PTR(-EINVAL);
	if (!(flags & O_NOFOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lf |= LOOKUP_DIRECTORY;
	if (!*name)
		return ERR_PTR(-ENOENT);
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	err = nd_start(&nd, dfd, name, lf);
	if (err)
		return ERR_PTR(err);
	mutex_lock(&vfs_ns_lock);
	if (flags & O_CREAT) {
		err = open_create(&nd, name, flags, mode, &path, &created);
	} else {
		err = nd_walk(&nd, name);
		path = nd.path;
		if (!err && (flags & O_NOFOLLOW) && !(flags & O_PATH) &&
		    S_ISLNK(path.dentry->d_inode->i_mode))
			err = -ELOOP;
	}
	if (!err)
		path_get(&path);
	mutex_unlock(&vfs_ns_lock);
	nd_end(&nd);
	if (err)
		return ERR_PTR(err);

	inode = path.dentry->d_inode;
	if (flags & O_PATH) {
		f = alloc_file(&path, flags, &path_only_fops);
		path_put(&path);
		return f;
	}
	err = may_open(inode, flags, created);
	if (!err && (flags & O_TRUNC) && S_ISREG(inode->i_mode) && !created)
		err = vfs_truncate_inode(inode, 0), truncated = !err;
	if (err) {
		path_put(&path);
		return ERR_PTR(err);
	}
	f = alloc_file(&path, flags, inode->i_fop);
	path_put(&path);
	if (IS_ERR(f))
		return f;
	if (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode))
		f->f_mode |= FMODE_ATOMIC_POS;
	if (f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = NULL;		/* never opened: no release */
			fput(f);
			return ERR_PTR(err);
		}
	}
	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	/* Linux (6.x) reports the open, then the truncation. */
	fsnotify_open(f);
	if (truncated)
		fsnotify_change(f->f_path.dentry, IN_MODIFY);
	return f;
}

struct file *filp_open(const char *path, int flags, mode_t mode)
{
	return do_filp_open(AT_FDCWD, path, flags, mode, 0);
}

static long do_sys_open(int dfd, const char __user *uname, int flags,
			mode_t mode, u64 resolve)
{
	char *name = getname(uname);
	struct file *f;
	int fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	f = do_filp_open(dfd, name, flags, mode, resolve);
	putname(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_new(f, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, name, int, flags, mode_t, mode)
{
	return do_sys_open(AT_FDCWD, name, flags, mode, 0);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, name, int, flags,
		mode_t, mode)
{
	return do_sys_open(dfd, name, flags, mode, 0);
}

SYSCALL_DEFINE2(creat, const char __user *, name, mode_t, mode)
{
	return do_sys_open(AT_FDCWD, name, O_CREAT | O_WRONLY | O_TRUNC, mode,
			   0);
}

#define VALID_RESOLVE                                                       \
	(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS |    \
	 RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED)

SYSCALL_DEFINE4(openat2, int, dfd, const char __user *, name,
		struct open_how __user *, uhow, size_t, size)
{
	struct open_how how;

	if (size < OPEN_HOW_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (copy_from_user(&how, uhow, sizeof(how)))
		return -EFAULT;
	/* A newer caller's extension must be all zeros for us to ignore it. */
	for (size_t i = sizeof(how); i < size; i++) {
		u8 b;

		if (get_user(b, (u8 __user *)uhow + i))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if (how.flags & ~(u64)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how.resolve & ~(u64)VALID_RESOLVE)
		return -EINVAL;
	if ((how.resolve & RESOLVE_BENEATH) && (how.resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if (how.mode & ~(u64)S_IALLUGO)
		return -EINVAL;
	if (how.mode && !(how.flags & (O_CREAT | __O_TMPFILE)))
		return -EINVAL;
	/* Everything is in the dcache, but creating is never "cached". */
	if ((how.resolve & RESOLVE_CACHED) &&
	    (how.flags & (O_CREAT | O_TRUNC | __O_TMPFILE)))
		return -EAGAIN;
	return do_sys_open(dfd, name, how.flags, how.mode, how.resolve);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	if (!current->files)
		return -EBADF;
	return close_fd(current->files, fd);
}

SYSCALL_DEFINE3(close_range, unsigned int, first, unsigned int, last,
		unsigned int, flags)
{
	struct files_struct *files = current->files;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if (!files)
		return -EBADF;
	if ((flags & CLOSE_RANGE_UNSHARE) &&
	    __atomic_load_n(&files->count, __ATOMIC_RELAXED) > 1) {
		struct files_struct *copy = files_dup(files);

		if (!copy)
			return -ENOMEM;
		current->files = copy;
		files_put(files);
		files = copy;
	}
	for (unsigned int fd = first; fd <= last; fd++) {
		bool beyond;

		mutex_lock(&files->lock);
		beyond = fd >= files->max_fds;
		if (!beyond && (flags & CLOSE_RANGE_CLOEXEC) && files->fd[fd])
			set_close_on_exec(files, fd, true);
		mutex_unlock(&files->lock);
		if (beyond)
			break;
		if (!(flags & CLOSE_RANGE_CLOEXEC))
			close_fd(files, fd);
		if (fd == ~0U)
			break;
	}
	return 0;
}
