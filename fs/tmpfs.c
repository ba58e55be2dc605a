// SPDX-License-Identifier: MIT
/*
 * tmpfs: a filesystem that lives in the dentry cache and in memory.
 * Directories are the dcache itself, symlinks keep their target in a
 * string, regular files keep a table of pages (tmpfs_file.c).  The
 * operations here only make and count inodes; the VFS links and unlinks
 * the dentries.
 *
 * Each mount has limits on pages and inodes (size=, nr_blocks=,
 * nr_inodes=; half of RAM each by default, 0 for none), which statfs
 * reports and which make writes and creations fail with ENOSPC, and
 * the root's mode=, uid= and gid=.  Unknown options are EINVAL.  ramfs
 * shares the code but has no limits and ignores options.
 */
#include "internal.h"
#include <umka/chrdev.h>
#include <umka/blkdev.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/mm.h>
#include <umka/file_map.h>
#include <umka/seq_buf.h>
#include <uapi/fcntl.h>
#include <umka/sched.h>
#include <umka/syscall.h>
#include <umka/fdtable.h>
#include <umka/uaccess.h>

static const struct inode_operations tmpfs_dir_iops;
static const struct inode_operations tmpfs_file_iops;
static const struct inode_operations tmpfs_symlink_iops;
static const struct inode_operations tmpfs_special_iops;
static const struct super_operations tmpfs_sops;

bool is_tmpfs_inode(struct inode *inode)
{
	return inode->i_sb->s_op == &tmpfs_sops;
}

/* Limits (0: none) and use, in pages and inodes; use is atomic. */
struct tmpfs_sb_info {
	u64 max_blocks, max_inodes;
	u64 used_blocks, used_inodes;
	mode_t mode;			/* of the root, as mounted */
	uid_t uid;
	gid_t gid;
	bool boot;			/* rootfs or devtmpfs, made at boot */
};

static bool charge(u64 *used, u64 max, u64 n)
{
	u64 now = __atomic_add_fetch(used, n, __ATOMIC_RELAXED);

	if (max && now > max) {
		__atomic_sub_fetch(used, n, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

bool tmpfs_charge_blocks(struct super_block *sb, u64 n)
{
	struct tmpfs_sb_info *si = sb->s_fs_info;

	return !si || charge(&si->used_blocks, si->max_blocks, n);
}

void tmpfs_uncharge_blocks(struct super_block *sb, u64 n)
{
	struct tmpfs_sb_info *si = sb->s_fs_info;

	if (si)
		__atomic_sub_fetch(&si->used_blocks, n, __ATOMIC_RELAXED);
}

static bool charge_inode(struct super_block *sb)
{
	struct tmpfs_sb_info *si = sb->s_fs_info;

	return !si || charge(&si->used_inodes, si->max_inodes, 1);
}

static void uncharge_inode(struct super_block *sb)
{
	struct tmpfs_sb_info *si = sb->s_fs_info;

	if (si)
		__atomic_sub_fetch(&si->used_inodes, 1, __ATOMIC_RELAXED);
}

/* A new inode, or an ERR_PTR: -ENOSPC past nr_inodes, -ENOMEM. */
static struct inode *tmpfs_new_inode(struct super_block *sb,
				     struct inode *dir, mode_t mode,
				     dev_t dev)
{
	struct inode *inode;

	if (!charge_inode(sb))
		return ERR_PTR(-ENOSPC);
	inode = new_inode(sb, mode);
	if (!inode) {
		uncharge_inode(sb);
		return ERR_PTR(-ENOMEM);
	}
	inode_init_owner(inode, dir, mode);
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_iops;
		inode->i_fop = &dcache_dir_fops;
		inode->i_nlink = 2;	/* "." and the entry in the parent */
		break;
	case S_IFREG:
		inode->i_op = &tmpfs_file_iops;
		inode->i_fop = &tmpfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_iops;
		break;
	case S_IFCHR:
		inode->i_op = &tmpfs_special_iops;
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = dev;
		break;
	case S_IFIFO:
		inode->i_op = &tmpfs_special_iops;
		inode->i_fop = &fifo_fops;
		break;
	case S_IFBLK:
		inode->i_op = &tmpfs_special_iops;
		inode->i_fop = &def_blk_fops;
		inode->i_rdev = dev;
		break;
	default:	/* sockets: nothing opens them yet */
		inode->i_op = &tmpfs_special_iops;
		inode->i_rdev = dev;
		break;
	}
	return inode;
}

static int tmpfs_mknod(struct inode *dir, struct dentry *d, mode_t mode,
		       dev_t dev)
{
	struct inode *inode = tmpfs_new_inode(dir->i_sb, dir, mode, dev);

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (S_ISDIR(mode))
		dir->i_nlink++;
	d_instantiate(d, inode);
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_create(struct inode *dir, struct dentry *d, mode_t mode)
{
	return tmpfs_mknod(dir, d, (mode & ~S_IFMT) | S_IFREG, 0);
}

static int tmpfs_mkdir(struct inode *dir, struct dentry *d, mode_t mode)
{
	return tmpfs_mknod(dir, d, (mode & ~S_IFMT) | S_IFDIR, 0);
}

static int tmpfs_symlink(struct inode *dir, struct dentry *d,
			 const char *target)
{
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1);
	struct inode *inode;

	if (!copy)
		return -ENOMEM;
	inode = tmpfs_new_inode(dir->i_sb, dir, S_IFLNK | 0777, 0);
	if (IS_ERR(inode)) {
		kfree(copy);
		return PTR_ERR(inode);
	}
	memcpy(copy, target, len + 1);
	inode->i_private = copy;
	inode->i_size = len;
	d_instantiate(d, inode);
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;

	inode->i_nlink++;
	ihold(inode);
	inode_touch(inode, false, true);
	inode_touch(dir, true, true);
	d_instantiate(d, inode);
	return 0;
}

static int tmpfs_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;

	inode->i_nlink--;
	inode_touch(inode, false, true);
	inode_touch(dir, true, true);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, struct dentry *d)
{
	d->d_inode->i_nlink = 0;
	dir->i_nlink--;
	inode_touch(dir, true, true);
	return 0;
}

/* Link counts of a rename; the VFS has checked types and emptiness. */
static int tmpfs_rename(struct inode *odir, struct dentry *od,
			struct inode *ndir, struct dentry *nd,
			unsigned int flags)
{
	struct inode *src = od->d_inode, *dst = nd ? nd->d_inode : NULL;

	if (flags & RENAME_EXCHANGE) {
		if (odir != ndir && S_ISDIR(src->i_mode) !=
				    S_ISDIR(dst->i_mode)) {
			/* One directory changes parent each way. */
			if (S_ISDIR(src->i_mode)) {
				odir->i_nlink--;
				ndir->i_nlink++;
			} else {
				ndir->i_nlink--;
				odir->i_nlink++;
			}
		}
		inode_touch(dst, false, true);
	} else {
		if (dst) {
			if (S_ISDIR(dst->i_mode)) {
				dst->i_nlink = 0;
				ndir->i_nlink--;
			} else {
				dst->i_nlink--;
			}
			inode_touch(dst, false, true);
		}
		if (S_ISDIR(src->i_mode) && odir != ndir) {
			odir->i_nlink--;
			ndir->i_nlink++;
		}
	}
	inode_touch(src, false, true);
	inode_touch(odir, true, true);
	inode_touch(ndir, true, true);
	return 0;
}

static const char *tmpfs_get_link(struct inode *inode)
{
	return inode->i_private;
}

static void tmpfs_evict(struct inode *inode)
{
	if (S_ISREG(inode->i_mode))
		tmpfs_free_data(inode);
	else if (S_ISLNK(inode->i_mode))
		kfree(inode->i_private);
	free_pipe_info(inode);
	uncharge_inode(inode->i_sb);
}

static int tmpfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct tmpfs_sb_info *si = sb->s_fs_info;

	if (!si)
		return 0;	/* ramfs: nothing to report */
	if (si->max_blocks) {
		u64 used = __atomic_load_n(&si->used_blocks, __ATOMIC_RELAXED);

		st->f_blocks = si->max_blocks;
		st->f_bfree = st->f_bavail =
			si->max_blocks > used ? si->max_blocks - used : 0;
	}
	if (si->max_inodes) {
		u64 used = __atomic_load_n(&si->used_inodes, __ATOMIC_RELAXED);

		st->f_files = si->max_inodes;
		st->f_ffree = si->max_inodes > used ? si->max_inodes - used : 0;
	}
	return 0;
}

/* Half of RAM, for both pages and inodes, unless told otherwise. */
static u64 default_limit(void)
{
	struct mem_stats st;

	mm_get_stats(&st);
	return st.total_bytes / PAGE_SIZE / 2;
}

/* What Linux shows: the options that differ from the defaults. */
static void tmpfs_show_options(struct seq_buf *s, struct super_block *sb)
{
	struct tmpfs_sb_info *si = sb->s_fs_info;

	if (!si)
		return;
	/*
	 * Linux compares with half of the RAM it has now, which has grown
	 * since boot (init memory freed): its boot-time mounts always show
	 * their sizes.
	 */
	if (si->max_blocks != default_limit() || si->boot)
		seq_printf(s, ",size=%lluk",
			   (unsigned long long)si->max_blocks * (PAGE_SIZE / 1024));
	if (si->max_inodes != default_limit() || si->boot)
		seq_printf(s, ",nr_inodes=%llu",
			   (unsigned long long)si->max_inodes);
	if (si->mode != 01777)
		seq_printf(s, ",mode=%03o", si->mode);
	if (si->uid)
		seq_printf(s, ",uid=%u", si->uid);
	if (si->gid)
		seq_printf(s, ",gid=%u", si->gid);
	/* Inode numbers are 64-bit: Debian's kernels (TMPFS_INODE64) say so. */
	seq_printf(s, ",inode64");
}

static void tmpfs_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	sb->s_fs_info = NULL;
}

static const struct inode_operations tmpfs_dir_iops = {
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
};

static const struct inode_operations tmpfs_file_iops = {
	.setsize = tmpfs_setsize,
	.allocate = tmpfs_allocate,
};

static const struct inode_operations tmpfs_symlink_iops = {
	.get_link = tmpfs_get_link,
};

static const struct inode_operations tmpfs_special_iops = {};

static const struct super_operations tmpfs_sops = {
	.evict_inode = tmpfs_evict,
	.statfs = tmpfs_statfs,
	.put_super = tmpfs_put_super,
	.show_options = tmpfs_show_options,
};

static struct file_system_type ramfs_type;

struct tmpfs_opts {
	u64 max_blocks, max_inodes;
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

/* A number with an optional k, m, g, t, p or e suffix (powers of 1024). */
static bool parse_size(const char *v, u64 *out, bool *percent)
{
	static const char suffixes[] = "kmgtpe";
	u64 n = 0;

	if (*v < '0' || *v > '9')
		return false;
	for (; *v >= '0' && *v <= '9'; v++) {
		if (n > (~0ULL - 9) / 10)
			return false;
		n = n * 10 + (u64)(*v - '0');
	}
	if (percent && *v == '%' && !v[1]) {
		*percent = true;
		*out = n;
		return true;
	}
	if (*v) {
		const char *p = strchr(suffixes, *v | 0x20);

		if (!p || v[1])
			return false;
		for (long i = 0; i <= p - suffixes; i++) {
			if (n > ~0ULL / 1024)
				return false;
			n *= 1024;
		}
	}
	*out = n;
	return true;
}

static bool parse_id(const char *v, u64 *out)
{
	u64 n = 0;

	if (!*v)
		return false;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > 0xfffffffeULL / 10)
			return false;
		n = n * 10 + (u64)(*v - '0');
	}
	*out = n;
	return n <= 0xfffffffeULL;
}

static bool parse_octal(const char *v, mode_t *out)
{
	mode_t m = 0;

	if (!*v)
		return false;
	for (; *v; v++) {
		if (*v < '0' || *v > '7' || m > 07777)
			return false;
		m = m * 8 + (mode_t)(*v - '0');
	}
	*out = m & 07777;
	return true;
}

static int parse_option(struct tmpfs_opts *o, const char *key,
			const char *val, u64 ram_pages)
{
	bool percent = false;
	u64 n;

	if (!strcmp(key, "size") && val && parse_size(val, &n, &percent)) {
		if (percent)
			n = ram_pages * n / 100;
		else
			n = DIV_ROUND_UP(n, PAGE_SIZE);
		o->max_blocks = n;
		return 0;
	}
	if (!strcmp(key, "nr_blocks") && val && parse_size(val, &n, NULL)) {
		o->max_blocks = n;
		return 0;
	}
	if (!strcmp(key, "nr_inodes") && val && parse_size(val, &n, NULL)) {
		o->max_inodes = n;
		return 0;
	}
	if (!strcmp(key, "mode") && val && parse_octal(val, &o->mode))
		return 0;
	if ((!strcmp(key, "uid") || !strcmp(key, "gid")) && val &&
	    parse_id(val, &n)) {
		if (key[0] == 'u')
			o->uid = (uid_t)n;
		else
			o->gid = (gid_t)n;
		return 0;
	}
	/* Accepted and meaningless here: no swap, no huge pages. */
	if ((!strcmp(key, "huge") && val) || !strcmp(key, "inode32") ||
	    !strcmp(key, "inode64") || !strcmp(key, "noswap"))
		return 0;
	return -EINVAL;
}

/* Comma-separated key[=value] options. */
static int parse_options(struct tmpfs_opts *o, const char *data)
{
	struct mem_stats st;
	char word[64];

	mm_get_stats(&st);
	while (data && *data) {
		const char *end = strchr(data, ',');
		size_t len = end ? (size_t)(end - data) : strlen(data);
		char *eq;
		int err;

		if (len >= sizeof(word))
			return -EINVAL;
		memcpy(word, data, len);
		word[len] = '\0';
		data += len + (end ? 1 : 0);
		if (!len)
			continue;
		eq = strchr(word, '=');
		if (eq)
			*eq++ = '\0';
		err = parse_option(o, word, eq, st.total_bytes / PAGE_SIZE);
		if (err)
			return err;
	}
	return 0;
}

static struct super_block *tmpfs_get_sb(struct file_system_type *type,
					int flags, const char *dev,
					const void *data)
{
	struct tmpfs_opts o = {};
	struct tmpfs_sb_info *si = NULL;
	struct super_block *sb;
	struct inode *root;
	int err;

	o.mode = 01777;
	if (type != &ramfs_type) {
		o.max_blocks = o.max_inodes = default_limit();
		err = parse_options(&o, data);
		if (err)
			return ERR_PTR(err);
		si = kzalloc(sizeof(*si));
		if (!si)
			return ERR_PTR(-ENOMEM);
		si->max_blocks = o.max_blocks;
		si->max_inodes = o.max_inodes;
		si->mode = o.mode;
		si->uid = o.uid;
		si->gid = o.gid;
		si->boot = type == &rootfs_fs_type ||
			   !strcmp(type->name, "devtmpfs");
	}
	sb = sget_anon(type, &tmpfs_sops);
	if (!sb) {
		kfree(si);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_fs_info = si;
	sb->s_magic = type == &ramfs_type ? RAMFS_MAGIC : TMPFS_MAGIC;
	root = tmpfs_new_inode(sb, NULL, S_IFDIR | o.mode, 0);
	if (IS_ERR(root)) {
		tmpfs_put_super(sb);
		kfree(sb);
		return ERR_CAST(root);
	}
	root->i_uid = o.uid;
	root->i_gid = o.gid;
	return sb_attach_root(sb, root);
}

static struct file_system_type tmpfs_type = {
	.name = "tmpfs",
	.get_sb = tmpfs_get_sb,
};

/*
 * The initial root, a tmpfs that /proc/mounts calls "rootfs", as Linux
 * does; like Linux, it is not in /proc/filesystems.
 */
struct file_system_type rootfs_fs_type = {
	.name = "rootfs",
	.get_sb = tmpfs_get_sb,
};

/* "ramfs": the same files, without limits or statistics. */
static struct file_system_type ramfs_type = {
	.name = "ramfs",
	.get_sb = tmpfs_get_sb,
};

/*
 * Shared anonymous memory: an unlinked file on an internal tmpfs mount
 * (Linux's "/dev/zero (deleted)"), whose pages every mapping shares.
 */
static struct vfsmount *shm_mnt;

bool file_is_shmem(const struct file *f)
{
	return shm_mnt && f->f_path.mnt == shm_mnt;
}

/* An unlinked tmpfs file on @mnt, named @name for /proc. */
static struct file *unlinked_file(struct vfsmount *mnt, const char *name,
				  u64 size)
{
	struct inode *inode;
	struct dentry *d;
	struct path path;
	struct file *f;

	inode = tmpfs_new_inode(mnt->mnt_sb, NULL, S_IFREG | 0600, 0);
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	inode->i_size = size;
	inode->i_uid = current->cred.fsuid;
	inode->i_gid = current->cred.fsgid;
	d = d_alloc(mnt->mnt_root, name, strlen(name));
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(d, inode);	/* unlinked: no lookup finds it */
	inode->i_nlink = 0;
	path.mnt = mnt;
	path.dentry = d;
	f = alloc_file(&path, O_RDWR, &tmpfs_file_fops);
	dput(d);
	return f;
}

struct file *shmem_file_create(u64 size)
{
	return unlinked_file(shm_mnt, "zero", size);
}

/*
 * memfd_create(2): an anonymous tmpfs file, on a mount of its own so that
 * /proc/<pid>/maps does not take it for a shared anonymous mapping.
 * Sealing is not supported: F_ADD_SEALS and F_GET_SEALS give EINVAL, as
 * for a file without seals on Linux.
 */
#define MFD_CLOEXEC 0x1U
#define MFD_ALLOW_SEALING 0x2U
#define MFD_HUGETLB 0x4U
#define MFD_NAME_MAX 249

static struct vfsmount *memfd_mnt;

SYSCALL_DEFINE2(memfd_create, const char __user *, uname, unsigned int, flags)
{
	char name[6 + MFD_NAME_MAX + 1] = "memfd:";
	struct file *f;
	long n, fd;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB))
		return -EINVAL;
	n = strncpy_from_user(name + 6, uname, MFD_NAME_MAX + 1);
	if (n < 0)
		return n == -ENAMETOOLONG ? -EINVAL : n;
	if (flags & MFD_HUGETLB)
		return -EOPNOTSUPP;	/* no huge pages here */
	if (!memfd_mnt)
		return -ENOMEM;
	f = unlinked_file(memfd_mnt, name, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_new(f, flags & MFD_CLOEXEC ? O_CLOEXEC : 0);
	if (fd < 0)
		fput(f);
	return fd;
}

int ramfs_init(void)
{
	return register_filesystem(&ramfs_type);
}

int tmpfs_init(void)
{
	int err = register_filesystem(&tmpfs_type);

	if (!err) {
		shm_mnt = kern_mount(&tmpfs_type);
		memfd_mnt = kern_mount(&tmpfs_type);
		if (IS_ERR(shm_mnt)) {
			err = PTR_ERR(shm_mnt);
			shm_mnt = NULL;
		}
		if (IS_ERR(memfd_mnt))
			memfd_mnt = NULL;
	}
	return err;
}
