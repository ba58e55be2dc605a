// SPDX-License-Identifier: MIT
/*
 * chown, fchown, lchown, fchownat.  -1 leaves an id unchanged.
 *
 * Errors:
 *   EPERM    changing the owner without privilege, or the group to one
 *            the caller is not in, or a file the caller does not own
 *   EINVAL   fchownat flags other than AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH
 *   EBADF    fd not open (or O_PATH)
 *   ENOENT, ENOTDIR, ELOOP, EACCES, ENAMETOOLONG, EFAULT: fs/namei.c
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/fsnotify.h>
#include <umka/syscall.h>

static int vfs_chown(struct dentry *d, uid_t uid, gid_t gid)
{
	struct inode *inode = d->d_inode;
	const struct cred *c = &current->cred;
	int err = 0;

	mutex_lock(&vfs_ns_lock);
	if (c->fsuid != 0) {
		/* Without privilege: only the group, only one's own. */
		if ((uid != (uid_t)-1 && uid != inode->i_uid) ||
		    c->fsuid != inode->i_uid ||
		    (gid != (gid_t)-1 && gid != inode->i_gid &&
		     !cred_in_group(c, gid)))
			err = -EPERM;
	}
	if (!err) {
		if (uid != (uid_t)-1)
			inode->i_uid = uid;
		if (gid != (gid_t)-1)
			inode->i_gid = gid;
		/* A new owner must not inherit set-id powers. */
		if (!S_ISDIR(inode->i_mode) &&
		    (uid != (uid_t)-1 || gid != (gid_t)-1)) {
			inode->i_mode &= ~S_ISUID;
			if (inode->i_mode & S_IXGRP)
				inode->i_mode &= ~S_ISGID;
		}
		inode_touch(inode, false, true);
	}
	mutex_unlock(&vfs_ns_lock);
	/* chown(-1, -1) changes nothing and reports nothing, as Linux. */
	if (!err && (uid != (uid_t)-1 || gid != (gid_t)-1))
		fsnotify_change(d, IN_ATTRIB);
	return err;
}

SYSCALL_DEFINE5(fchownat, int, dfd, const char __user *, name, uid_t, uid,
		gid_t, gid, int, flags)
{
	unsigned int lf = LOOKUP_FOLLOW;
	struct path p;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	err = user_path_at(dfd, name, lf, &p);
	if (err)
		return err;
	err = vfs_chown(p.dentry, uid, gid);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE3(chown, const char __user *, name, uid_t, uid, gid_t, gid)
{
	return __do_sys_fchownat(AT_FDCWD, name, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, const char __user *, name, uid_t, uid, gid_t, gid)
{
	return __do_sys_fchownat(AT_FDCWD, name, uid, gid,
				 AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, unsigned int, fd, uid_t, uid, gid_t, gid)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = vfs_chown(f->f_path.dentry, uid, gid);
	fput(f);
	return err;
}
