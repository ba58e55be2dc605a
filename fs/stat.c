// SPDX-License-Identifier: MIT
/*
 * stat, fstat, lstat, newfstatat, statx, readlink, readlinkat.
 *
 * Errors:
 *   ENOENT   no such name; "" without AT_EMPTY_PATH
 *   EBADF    fd (or dirfd) not open
 *   EFAULT   a bad pointer
 *   EINVAL   unknown AT_* flags; statx: STATX__RESERVED in the mask or
 *            a bad AT_STATX_SYNC_TYPE; readlink: not a symlink, or
 *            bufsiz <= 0
 *   ENOTDIR, ELOOP, EACCES, ENAMETOOLONG: see fs/namei.c
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/stat.h>
#include <umka/string.h>
#include <umka/slab.h>
#include <umka/syscall.h>

void vfs_getattr(const struct path *p, struct kstat *st)
{
	struct inode *inode = p->dentry->d_inode;

	memset(st, 0, sizeof(*st));
	st->ino = inode->i_ino;
	st->dev = inode->i_sb->s_dev;
	st->rdev = inode->i_rdev;
	st->mode = READ_ONCE(inode->i_mode);
	st->nlink = READ_ONCE(inode->i_nlink);
	st->uid = READ_ONCE(inode->i_uid);
	st->gid = READ_ONCE(inode->i_gid);
	st->size = READ_ONCE(inode->i_size);
	st->blocks = READ_ONCE(inode->i_blocks);
	st->blksize = PAGE_SIZE;
	st->atime = inode->i_atime;
	st->mtime = inode->i_mtime;
	st->ctime = inode->i_ctime;
	st->btime = inode->i_btime;
	st->mnt_id = p->mnt->mnt_id;
}

int vfs_statat(int dfd, const char *name, int flags, struct kstat *st)
{
	unsigned int lf = LOOKUP_FOLLOW;
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	if (!*name && (flags & AT_EMPTY_PATH) && dfd != AT_FDCWD) {
		struct file *f = fget_raw(dfd);

		if (!f)
			return -EBADF;
		vfs_getattr(&f->f_path, st);
		fput(f);
		return 0;
	}
	err = kern_path_at(dfd, name, lf, &p);
	if (err)
		return err;
	vfs_getattr(&p, st);
	path_put(&p);
	return 0;
}

static int cp_new_stat(const struct kstat *k, struct stat __user *ubuf)
{
	struct stat s;

	memset(&s, 0, sizeof(s));
	s.st_dev = new_encode_dev(k->dev);
	s.st_ino = k->ino;
	s.st_nlink = k->nlink;
	s.st_mode = k->mode;
	s.st_uid = k->uid;
	s.st_gid = k->gid;
	s.st_rdev = new_encode_dev(k->rdev);
	s.st_size = k->size;
	s.st_blksize = k->blksize;
	s.st_blocks = k->blocks;
	s.st_atime = k->atime.tv_sec;
	s.st_atime_nsec = k->atime.tv_nsec;
	s.st_mtime = k->mtime.tv_sec;
	s.st_mtime_nsec = k->mtime.tv_nsec;
	s.st_ctime = k->ctime.tv_sec;
	s.st_ctime_nsec = k->ctime.tv_nsec;
	return copy_to_user(ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

static long stat_at_user(int dfd, const char __user *uname, int flags,
			 struct kstat *k)
{
	char *name = getname(uname);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = vfs_statat(dfd, name, flags, k);
	putname(name);
	return err;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, name,
		struct stat __user *, buf, int, flags)
{
	struct kstat k;
	long err = stat_at_user(dfd, name, flags, &k);

	return err ? err : cp_new_stat(&k, buf);
}

SYSCALL_DEFINE2(stat, const char __user *, name, struct stat __user *, buf)
{
	struct kstat k;
	long err = stat_at_user(AT_FDCWD, name, 0, &k);

	return err ? err : cp_new_stat(&k, buf);
}

SYSCALL_DEFINE2(lstat, const char __user *, name, struct stat __user *, buf)
{
	struct kstat k;
	long err = stat_at_user(AT_FDCWD, name, AT_SYMLINK_NOFOLLOW, &k);

	return err ? err : cp_new_stat(&k, buf);
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, buf)
{
	struct file *f = fget_raw(fd);
	struct kstat k;

	if (!f)
		return -EBADF;
	vfs_getattr(&f->f_path, &k);
	fput(f);
	return cp_new_stat(&k, buf);
}

static void ts(struct statx_timestamp *t, const struct timespec64 *s)
{
	t->tv_sec = s->tv_sec;
	t->tv_nsec = s->tv_nsec;
}

SYSCALL_DEFINE5(statx, int, dfd, const char __user *, name, int, flags,
		unsigned int, mask, struct statx __user *, buf)
{
	struct statx x;
	struct kstat k;
	long err;

	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	err = stat_at_user(dfd, name, flags, &k);
	if (err)
		return err;
	memset(&x, 0, sizeof(x));
	/* Everything basic is always known here, asked for or not. */
	x.stx_mask = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID;
	x.stx_blksize = k.blksize;
	x.stx_nlink = k.nlink;
	x.stx_uid = k.uid;
	x.stx_gid = k.gid;
	x.stx_mode = k.mode;
	x.stx_ino = k.ino;
	x.stx_size = k.size;
	x.stx_blocks = k.blocks;
	ts(&x.stx_atime, &k.atime);
	ts(&x.stx_btime, &k.btime);
	ts(&x.stx_ctime, &k.ctime);
	ts(&x.stx_mtime, &k.mtime);
	x.stx_rdev_major = MAJOR(k.rdev);
	x.stx_rdev_minor = MINOR(k.rdev);
	x.stx_dev_major = MAJOR(k.dev);
	x.stx_dev_minor = MINOR(k.dev);
	x.stx_mnt_id = k.mnt_id;
	return copy_to_user(buf, &x, sizeof(x)) ? -EFAULT : 0;
}

ssize_t do_readlinkat(int dfd, const char *name, char *buf, size_t size)
{
	struct path p;
	struct inode *inode;
	const char *target;
	char *tofree = NULL;
	ssize_t len;
	int err;

	err = kern_path_at(dfd, name, dfd != AT_FDCWD ? LOOKUP_EMPTY : 0, &p);
	if (err)
		return err;
	mutex_lock(&vfs_ns_lock);
	inode = p.dentry->d_inode;
	target = S_ISLNK(inode->i_mode) ? vfs_get_link(inode, &tofree) : NULL;
	if (!target) {
		len = -EINVAL;
	} else if (IS_ERR(target)) {
		len = PTR_ERR(target);
	} else {
		len = min(strlen(target), size);
		memcpy(buf, target, len);	/* no NUL, as readlink(2) */
	}
	mutex_unlock(&vfs_ns_lock);
	kfree(tofree);
	path_put(&p);
	return len;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, uname,
		char __user *, ubuf, int, bufsiz)
{
	char *name, *buf;
	ssize_t len;

	if (bufsiz <= 0)
		return -EINVAL;
	name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	buf = kmalloc(PATH_MAX);
	if (!buf) {
		putname(name);
		return -ENOMEM;
	}
	len = do_readlinkat(dfd, name, buf, min((size_t)bufsiz,
						(size_t)PATH_MAX));
	putname(name);
	if (len > 0 && copy_to_user(ubuf, buf, len))
		len = -EFAULT;
	kfree(buf);
	return len;
}

SYSCALL_DEFINE3(readlink, const char __user *, name, char __user *, buf,
		int, bufsiz)
{
	return __do_sys_readlinkat(AT_FDCWD, name, buf, bufsiz);
}
