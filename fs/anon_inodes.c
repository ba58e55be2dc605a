// SPDX-License-Identifier: MIT
/*
 * anon_inodefs: the internal mount that gives eventfd and epoll files an
 * inode and a dentry, so the generic file code (fstat, /proc/<pid>/fd,
 * fput) needs no special case for them.  Linux shares one inode among
 * all such files; a fresh inode each keeps fstat's st_ino distinct and
 * costs little.
 */
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/fs.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <uapi/fcntl.h>

int anon_inodefs_init(void);

static const struct super_operations anon_sops;

static struct super_block *anon_get_sb(struct file_system_type *type,
				       int flags, const char *dev,
				       const void *data)
{
	struct super_block *sb = sget_anon(type, &anon_sops);

	if (sb)
		sb->s_magic = ANON_INODE_FS_MAGIC;

	return sb_attach_root(sb, sb ? new_inode(sb, S_IFDIR | 0700) : NULL);
}

static struct file_system_type anon_type = {
	.name = "anon_inode",
	.get_sb = anon_get_sb,
};

static struct vfsmount *anon_mnt;

int anon_inodefs_init(void)
{
	anon_mnt = kern_mount(&anon_type);
	return IS_ERR(anon_mnt) ? PTR_ERR(anon_mnt) : 0;
}

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags)
{
	struct inode *inode = new_inode(anon_mnt->mnt_sb, 0600);
	struct dentry *d;
	struct path path;
	struct file *f;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_fop = fops;
	inode->i_uid = current->cred.fsuid;
	inode->i_gid = current->cred.fsgid;
	d = d_alloc(anon_mnt->mnt_root, name, strlen(name));
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, inode);	/* unlinked: no lookup finds it */
	path.mnt = anon_mnt;
	path.dentry = d;
	f = alloc_file(&path, (flags & (O_ACCMODE | O_NONBLOCK)), fops);
	dput(d);
	if (IS_ERR(f))
		return f;
	f->private_data = priv;
	f->f_mode &= ~FMODE_LSEEK;
	return f;
}
