// SPDX-License-Identifier: MIT
/*
 * chdir, fchdir, chroot, getcwd.
 *
 * Errors:
 *   ENOTDIR  not a directory
 *   EACCES   the directory is not searchable
 *   EPERM    chroot without privilege
 *   EBADF    fchdir of a descriptor that is not open
 *   ENOENT   getcwd: the cwd was removed
 *   ERANGE   getcwd: the buffer is too small (size 0 included)
 *   EFAULT, ENOENT, ELOOP, ENAMETOOLONG: see fs/namei.c
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/fs_struct.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/syscall.h>

static long set_dir(const struct path *p, bool root)
{
	long err;

	if (!current->fs)
		return -EINVAL;		/* kernel threads have no fs */
	err = inode_permission(p->dentry->d_inode, MAY_EXEC);
	if (err)
		return err;
	if (root)
		set_fs_root(current->fs, p);
	else
		set_fs_pwd(current->fs, p);
	return 0;
}

SYSCALL_DEFINE1(chdir, const char __user *, name)
{
	struct path p;
	long err = user_path_at(AT_FDCWD, name,
				LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);

	if (err)
		return err;
	err = set_dir(&p, false);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct file *f = fget_raw(fd);
	long err;

	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->f_inode->i_mode))
		err = -ENOTDIR;
	else
		err = set_dir(&f->f_path, false);
	fput(f);
	return err;
}

SYSCALL_DEFINE1(chroot, const char __user *, name)
{
	struct path p;
	long err;

	err = user_path_at(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			   &p);
	if (err)
		return err;
	if (current->cred.euid != 0)
		err = -EPERM;	/* CAP_SYS_CHROOT */
	else
		err = set_dir(&p, true);
	path_put(&p);
	return err;
}

long d_path_locked(const struct path *path, const struct path *root,
		   char *out, size_t size)
{
	static const char deleted[] = " (deleted)";
	char *buf = kmalloc(PATH_MAX);
	size_t pos = PATH_MAX - 1, len;
	struct path p = *path;
	long err = 0;

	if (!buf)
		return -ENOMEM;
	buf[pos] = 0;
	while (!err && (p.mnt != root->mnt || p.dentry != root->dentry)) {
		if (p.dentry == p.mnt->mnt_root) {
			if (p.mnt->mnt_parent == p.mnt) {
				/* Outside our root (after a chroot). */
				const char *u = "(unreachable)";

				if (pos < strlen(u)) {
					err = -ENAMETOOLONG;
					break;
				}
				pos -= strlen(u);
				memcpy(buf + pos, u, strlen(u));
				break;
			}
			p.dentry = p.mnt->mnt_mountpoint;
			p.mnt = p.mnt->mnt_parent;
			continue;
		}
		err = path_prepend(buf, &pos, p.dentry->d_name, p.dentry->d_len);
		p.dentry = p.dentry->d_parent;
	}
	if (!err && pos == PATH_MAX - 1)
		buf[--pos] = '/';
	len = PATH_MAX - pos;	/* with the NUL */
	if (!err && path->dentry->d_unhashed && path->dentry != path->mnt->mnt_root)
		len += sizeof(deleted) - 1;
	if (!err && len > size)
		err = -ERANGE;
	if (!err) {
		memcpy(out, buf + pos, PATH_MAX - pos);
		if (len > PATH_MAX - pos)
			memcpy(out + PATH_MAX - pos - 1, deleted, sizeof(deleted));
		err = len;
	}
	kfree(buf);
	return err;
}

long d_path(const struct path *p, const struct path *root, char *out,
	    size_t size)
{
	long err;

	mutex_lock(&vfs_ns_lock);
	err = d_path_locked(p, root, out, size);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

long vfs_getcwd(char *out, size_t size)
{
	struct path root, pwd;
	long err;

	get_fs_root(&root);
	get_fs_pwd(&pwd);
	mutex_lock(&vfs_ns_lock);
	/* getcwd fails for a removed cwd rather than naming it. */
	if (pwd.dentry->d_unhashed && pwd.dentry != pwd.mnt->mnt_root)
		err = -ENOENT;
	else
		err = d_path_locked(&pwd, &root, out, size);
	mutex_unlock(&vfs_ns_lock);
	path_put(&pwd);
	path_put(&root);
	return err;
}

SYSCALL_DEFINE2(getcwd, char __user *, ubuf, unsigned long, size)
{
	char *buf = kmalloc(PATH_MAX);
	long len;

	if (!buf)
		return -ENOMEM;
	len = vfs_getcwd(buf, min(size, (unsigned long)PATH_MAX));
	if (len > 0 && copy_to_user(ubuf, buf, len))
		len = -EFAULT;
	kfree(buf);
	return len;
}
