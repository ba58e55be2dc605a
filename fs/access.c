// SPDX-License-Identifier: MIT
/*
 * access, faccessat, faccessat2.  Checked against the real uid and gid,
 * as set-id programs expect, unless AT_EACCESS asks for the effective.
 *
 * Errors:
 *   EACCES   the access would be refused (or a directory on the way is
 *            not searchable)
 *   EINVAL   mode bits beyond R_OK|W_OK|X_OK; unknown flags
 *   ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EFAULT, EBADF: fs/namei.c
 */
#include "internal.h"
#include <umka/sched.h>
#include <umka/syscall.h>

static long do_faccessat(int dfd, const char __user *name, int mode,
			 int flags)
{
	struct cred *c = &current->cred;
	uid_t saved_uid = c->fsuid;
	gid_t saved_gid = c->fsgid;
	unsigned int lf = LOOKUP_FOLLOW;
	struct path p;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	/* The task's own credentials: no other task reads them meanwhile. */
	if (!(flags & AT_EACCESS)) {
		c->fsuid = c->uid;
		c->fsgid = c->gid;
	}
	err = user_path_at(dfd, name, lf, &p);
	if (!err) {
		if (mode)
			err = inode_permission(p.dentry->d_inode, mode);
		path_put(&p);
	}
	c->fsuid = saved_uid;
	c->fsgid = saved_gid;
	return err;
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, name, int, mode,
		int, flags)
{
	return do_faccessat(dfd, name, mode, flags);
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, name, int, mode)
{
	return do_faccessat(dfd, name, mode, 0);
}

SYSCALL_DEFINE2(access, const char __user *, name, int, mode)
{
	return do_faccessat(AT_FDCWD, name, mode, 0);
}
