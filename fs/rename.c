// SPDX-License-Identifier: MIT
/*
 * rename, renameat, renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE).
 * Both lookups and the move happen under one hold of vfs_ns_lock, so
 * the check "the new name is not inside the old directory" cannot go
 * stale before the move.
 *
 * Errors:
 *   ENOENT     the old name is missing; EXCHANGE and the new one is
 *   EEXIST     NOREPLACE and the new name exists
 *   EINVAL     a directory moved into itself; unknown flags, NOREPLACE
 *              with EXCHANGE, RENAME_WHITEOUT (not supported)
 *   EISDIR     a non-directory over a directory
 *   ENOTDIR    a directory over a non-directory; a trailing slash on a
 *              non-directory
 *   ENOTEMPTY  a directory over a non-empty directory
 *   EBUSY      ".", "..", "/" or a mount point on either side
 *   EXDEV      the names are on different mounts
 *   EACCES     no write permission on a parent (or on a directory that
 *              moves to a new parent); EPERM: sticky parent
 *   ELOOP, ENAMETOOLONG, EFAULT: see fs/namei.c
 */
#include "internal.h"
#include <umka/fsnotify.h>
#include <umka/slab.h>
#include <umka/syscall.h>

static int check_rename(struct parent_lookup *opl, struct parent_lookup *npl,
			struct dentry *od, struct dentry *nd,
			unsigned int flags)
{
	struct inode *odir = opl->parent.dentry->d_inode;
	struct inode *ndir = npl->parent.dentry->d_inode;
	struct inode *src = od->d_inode, *dst = nd ? nd->d_inode : NULL;
	bool src_dir = S_ISDIR(src->i_mode);
	int err;

	if (!dst && (flags & RENAME_EXCHANGE))
		return -ENOENT;
	if (dst && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if ((opl->trailing_slash || npl->trailing_slash) && !src_dir)
		return -ENOTDIR;
	if (od->d_mounted || (nd && nd->d_mounted))
		return -EBUSY;
	if (d_is_ancestor(od, npl->parent.dentry))
		return -EINVAL;
	if (flags & RENAME_EXCHANGE) {
		if (S_ISDIR(dst->i_mode) && d_is_ancestor(nd, opl->parent.dentry))
			return -EINVAL;
	} else if (dst) {
		if (src_dir && !S_ISDIR(dst->i_mode))
			return -ENOTDIR;
		if (!src_dir && S_ISDIR(dst->i_mode))
			return -EISDIR;
		if (src_dir && !d_dir_empty(nd))
			return -ENOTEMPTY;
	}
	err = may_delete(odir, src);
	if (!err)
		err = dst ? may_delete(ndir, dst) : may_create(ndir);
	/* A directory changing parent rewrites its "..". */
	if (!err && src_dir && odir != ndir)
		err = inode_permission(src, MAY_WRITE);
	if (!err && dst && (flags & RENAME_EXCHANGE) &&
	    S_ISDIR(dst->i_mode) && odir != ndir)
		err = inode_permission(dst, MAY_WRITE);
	return err;
}

static int rename_locked(struct parent_lookup *opl,
			 struct parent_lookup *npl, unsigned int flags)
{
	struct inode *odir = opl->parent.dentry->d_inode;
	struct inode *ndir = npl->parent.dentry->d_inode;
	struct dentry *od, *nd;
	char *oname = NULL, *nname;
	int err;

	if (opl->last_type != LAST_NORM || npl->last_type != LAST_NORM)
		return -EBUSY;
	if (opl->parent.mnt != npl->parent.mnt)
		return -EXDEV;
	od = d_lookup(opl->parent.dentry, opl->last, opl->last_len);
	if (!od)
		return -ENOENT;
	nd = d_lookup(npl->parent.dentry, npl->last, npl->last_len);
	err = check_rename(opl, npl, od, nd, flags);
	if (err)
		return err;
	/* Two names of one inode: POSIX says do nothing. */
	if (nd && nd->d_inode == od->d_inode)
		return 0;
	if (!odir->i_op->rename)
		return -EPERM;
	nname = d_name_dup(npl->last, npl->last_len);
	if (flags & RENAME_EXCHANGE)
		oname = d_name_dup(opl->last, opl->last_len);
	if (!nname || ((flags & RENAME_EXCHANGE) && !oname)) {
		kfree(nname);
		kfree(oname);
		return -ENOMEM;
	}
	err = odir->i_op->rename(odir, od, ndir, nd, flags);
	if (err) {
		kfree(nname);
		kfree(oname);
		return err;
	}
	/* Events first: they name the old places. */
	fsnotify_move(opl->parent.dentry, od->d_name, od->d_len,
		      npl->parent.dentry, nname, npl->last_len, od->d_inode,
		      (flags & RENAME_EXCHANGE) || !nd ? NULL : nd->d_inode);
	if (flags & RENAME_EXCHANGE)
		fsnotify_move(npl->parent.dentry, nd->d_name, nd->d_len,
			      opl->parent.dentry, oname, opl->last_len,
			      nd->d_inode, NULL);
	if (flags & RENAME_EXCHANGE) {
		struct dentry *op = opl->parent.dentry;

		d_move(od, npl->parent.dentry, nname, npl->last_len);
		d_move(nd, op, oname, opl->last_len);
	} else {
		if (nd)
			d_delete(nd);
		d_move(od, npl->parent.dentry, nname, npl->last_len);
	}
	return 0;
}

int do_renameat2(int odfd, const char *oldname, int ndfd,
		 const char *newname, unsigned int flags)
{
	struct nameidata ond, nnd;
	struct parent_lookup opl, npl;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;		/* overlay whiteouts: not supported */
	if (strnlen(oldname, PATH_MAX) >= PATH_MAX ||
	    strnlen(newname, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	err = nd_start(&ond, odfd, oldname, 0);
	if (err)
		return err;
	err = nd_start(&nnd, ndfd, newname, 0);
	if (err) {
		nd_end(&ond);
		return err;
	}
	mutex_lock(&vfs_ns_lock);
	err = nd_walk_parent(&ond, oldname, &opl);
	if (!err)
		err = nd_walk_parent(&nnd, newname, &npl);
	if (!err)
		err = rename_locked(&opl, &npl, flags);
	mutex_unlock(&vfs_ns_lock);
	nd_end(&nnd);
	nd_end(&ond);
	return err;
}

SYSCALL_DEFINE5(renameat2, int, odfd, const char __user *, uold, int, ndfd,
		const char __user *, unew, unsigned int, flags)
{
	char *oldname = getname(uold), *newname;
	long err;

	if (IS_ERR(oldname))
		return PTR_ERR(oldname);
	newname = getname(unew);
	if (IS_ERR(newname)) {
		putname(oldname);
		return PTR_ERR(newname);
	}
	err = do_renameat2(odfd, oldname, ndfd, newname, flags);
	putname(newname);
	putname(oldname);
	return err;
}

SYSCALL_DEFINE4(renameat, int, odfd, const char __user *, oldname, int, ndfd,
		const char __user *, newname)
{
	return __do_sys_renameat2(odfd, oldname, ndfd, newname, 0);
}

SYSCALL_DEFINE2(rename, const char __user *, oldname,
		const char __user *, newname)
{
	return __do_sys_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}
