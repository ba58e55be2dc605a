// SPDX-License-Identifier: MIT
/*
 * statfs and fstatfs: what a mounted filesystem holds and has free, for
 * df.  f_type is the filesystem's Linux magic number (TMPFS_MAGIC for
 * tmpfs and devtmpfs, PROC_SUPER_MAGIC, SYSFS_MAGIC, PIPEFS_MAGIC...);
 * f_flags is ST_VALID plus the mount's flags.
 *
 * Errors:
 *   ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG  the path does not resolve
 *   EBADF    fstatfs of a descriptor that is not open
 *   EFAULT   a bad path or buffer
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/syscall.h>
#include <umka/mm.h>

/* The x86-64 struct statfs. */
struct statfs_user {
	long f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	u32 f_fsid[2];
	long f_namelen, f_frsize, f_flags;
	long f_spare[4];
};

#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_VALID	0x0020
#define ST_NOATIME	0x0400
#define ST_NODIRATIME	0x0800
#define ST_RELATIME	0x1000

static long mnt_st_flags(const struct vfsmount *m)
{
	static const struct {
		int mnt;
		long st;
	} map[] = {
		{ MNT_NOSUID, ST_NOSUID }, { MNT_NODEV, ST_NODEV },
		{ MNT_NOEXEC, ST_NOEXEC }, { MNT_NOATIME, ST_NOATIME },
		{ MNT_NODIRATIME, ST_NODIRATIME },
		{ MNT_RELATIME, ST_RELATIME },
	};
	long f = ST_VALID;

	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++)
		if (m->mnt_flags & map[i].mnt)
			f |= map[i].st;
	return f;
}

int vfs_statfs(const struct path *p, struct kstatfs *st)
{
	struct super_block *sb = p->dentry->d_inode->i_sb;
	int err = 0;

	memset(st, 0, sizeof(*st));
	st->f_type = sb->s_magic;
	st->f_bsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	if (sb->s_op && sb->s_op->statfs)
		err = sb->s_op->statfs(sb, st);
	if (err)
		return err;
	if (!st->f_frsize)
		st->f_frsize = st->f_bsize;
	st->f_flags = mnt_st_flags(p->mnt);
	return 0;
}

static int statfs_out(const struct path *p, struct statfs_user __user *ubuf)
{
	struct statfs_user u;
	struct kstatfs st;
	int err = vfs_statfs(p, &st);

	if (err)
		return err;
	memset(&u, 0, sizeof(u));
	u.f_type = st.f_type;
	u.f_bsize = st.f_bsize;
	u.f_blocks = st.f_blocks;
	u.f_bfree = st.f_bfree;
	u.f_bavail = st.f_bavail;
	u.f_files = st.f_files;
	u.f_ffree = st.f_ffree;
	u.f_fsid[0] = st.f_fsid[0];
	u.f_fsid[1] = st.f_fsid[1];
	u.f_namelen = st.f_namelen;
	u.f_frsize = st.f_frsize;
	u.f_flags = st.f_flags;
	return copy_to_user(ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, const char __user *, uname,
		struct statfs_user __user *, buf)
{
	char *name = getname(uname);
	struct path p;
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path_at(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
	putname(name);
	if (err)
		return err;
	err = statfs_out(&p, buf);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(fstatfs, unsigned int, fd, struct statfs_user __user *, buf)
{
	struct file *f = fget_raw(fd);
	int err;

	if (!f)
		return -EBADF;
	err = statfs_out(&f->f_path, buf);
	fput(f);
	return err;
}
