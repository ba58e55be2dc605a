// SPDX-License-Identifier: MIT
/*
 * chmod, fchmod, fchmodat, umask.
 *
 * Errors:
 *   EPERM    the caller neither owns the file nor is root
 *   EBADF    fd not open (or O_PATH)
 *   ENOENT, ENOTDIR, ELOOP, EACCES, ENAMETOOLONG, EFAULT: fs/namei.c
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/fsnotify.h>
#include <umka/syscall.h>

int vfs_chmod(struct inode *inode, mode_t mode)
{
	int err = 0;

	mutex_lock(&vfs_ns_lock);
	if (!inode_owner_or_capable(inode)) {
		err = -EPERM;
	} else {
		mode &= S_IALLUGO;
		/* Outside the file's group, setgid would be a gift. */
		if (current->cred.fsuid != 0 &&
		    !cred_in_group(&current->cred, inode->i_gid))
			mode &= ~S_ISGID;
		inode->i_mode = (inode->i_mode & S_IFMT) | mode;
		inode_touch(inode, false, true);
	}
	mutex_unlock(&vfs_ns_lock);
	return err;
}

static long chmod_at(int dfd, const char __user *name, mode_t mode)
{
	struct path p;
	long err = user_path_at(dfd, name, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	err = vfs_chmod(p.dentry->d_inode, mode);
	if (!err)
		fsnotify_change(p.dentry, IN_ATTRIB);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, name, mode_t, mode)
{
	return chmod_at(dfd, name, mode);
}

SYSCALL_DEFINE2(chmod, const char __user *, name, mode_t, mode)
{
	return chmod_at(AT_FDCWD, name, mode);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, mode_t, mode)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = vfs_chmod(f->f_inode, mode);
	if (!err)
		fsnotify_change(f->f_path.dentry, IN_ATTRIB);
	fput(f);
	return err;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	mode_t old = current->cred.umask;

	current->cred.umask = mask & 0777;
	return old;
}
