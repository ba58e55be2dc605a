/* SPDX-License-Identifier: MIT */
/*
 * The VFS: inodes, dentries, superblocks, mounts and the filesystem
 * operations tables.  Files and descriptors are in <umka/file.h> and
 * <umka/fdtable.h>, the path walk in <umka/namei.h>.
 *
 * Locking (docs/vfs.md):
 *  - vfs_ns_lock (a mutex) guards the shape of the namespace: the dentry
 *    tree, names, parents, the mount list, and inode metadata (mode,
 *    owner, link count).  Lookups hold it for the whole walk, so nothing
 *    they see can vanish under them; they take references before they
 *    drop it.
 *  - inode->i_mutex guards file contents and i_size.
 *  - Reference counts are atomic and need no lock.
 */
#ifndef UMKA_FS_H
#define UMKA_FS_H

#include <umka/types.h>
#include <umka/list.h>
#include <umka/mutex.h>
#include <umka/cred.h>
#include <umka/err.h>
#include <umka/errno.h>
#include <uapi/stat.h>
#include <uapi/fcntl.h>

typedef s64 loff_t;
typedef u32 dev_t;		/* kernel form: 12-bit major, 20-bit minor */

#define MINORBITS 20
#define MINORMASK ((1U << MINORBITS) - 1)
#define MAJOR(d) ((u32)(d) >> MINORBITS)
#define MINOR(d) ((u32)(d) & MINORMASK)
#define MKDEV(ma, mi) ((dev_t)(((ma) << MINORBITS) | (mi)))

/* The user-visible encodings of stat(2) and mknod(2). */
static inline u64 new_encode_dev(dev_t d)
{
	u64 ma = MAJOR(d), mi = MINOR(d);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffULL) << 12);
}

static inline dev_t new_decode_dev(u64 d)
{
	u32 ma = (d & 0xfff00) >> 8;
	u32 mi = (d & 0xff) | ((d >> 12) & 0xfff00);

	return MKDEV(ma, mi);
}

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

struct inode;
struct dentry;
struct file;
struct super_block;
struct vfsmount;
struct pipe_inode_info;
struct kstat;
struct path;
struct inotify_mark;

/* Permission masks for inode_permission(). */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4

struct inode_operations {
	/* Optional: find @d's inode on disk; tmpfs lives in the dcache. */
	int (*lookup)(struct inode *dir, struct dentry *d);
	/* Creation: allocate an inode and d_instantiate() it. */
	int (*create)(struct inode *dir, struct dentry *d, mode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *d, mode_t mode);
	int (*mknod)(struct inode *dir, struct dentry *d, mode_t mode,
		     dev_t dev);
	int (*symlink)(struct inode *dir, struct dentry *d,
		       const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *d);
	/* Removal: drop link counts; the VFS unhooks the dentry. */
	int (*unlink)(struct inode *dir, struct dentry *d);
	int (*rmdir)(struct inode *dir, struct dentry *d);
	/* Fix link counts and times (@nd is NULL when the new name is
	 * free); the VFS moves the dentries. */
	int (*rename)(struct inode *odir, struct dentry *od,
		      struct inode *ndir, struct dentry *nd,
		      unsigned int flags);
	/* The target of a symlink, valid while the inode is referenced. */
	const char *(*get_link)(struct inode *inode);
	/*
	 * Instead of get_link, for targets computed at each use (procfs:
	 * /proc/self depends on who asks): write the NUL-terminated target
	 * into @buf; its length or a negative errno.  Under vfs_ns_lock.
	 */
	int (*get_link_dyn)(struct inode *inode, char *buf, size_t size);
	/*
	 * Optional "magic" links (/proc/<pid>/fd/N): following one leads to
	 * the object itself, named or not (a pipe, a deleted file), instead
	 * of resolving the target text.  A referenced path; under vfs_ns_lock.
	 */
	int (*get_path)(struct inode *inode, struct path *out);
	/*
	 * Optional, for synthetic directories whose entries come and go
	 * without unlink (procfs: processes exit).  Called under
	 * vfs_ns_lock for a cached child @d of @dir; false drops @d and
	 * its subtree so that ->lookup decides afresh.
	 */
	bool (*revalidate)(struct inode *dir, struct dentry *d);
	/* Change i_size (truncate/extend); called with i_mutex held. */
	int (*setsize)(struct inode *inode, loff_t size);
	/* fallocate(2) with mode 0 or FALLOC_FL_KEEP_SIZE; i_mutex held. */
	int (*allocate)(struct inode *inode, loff_t off, loff_t len,
			bool keep_size);
};

/* statfs(2), before the VFS fills f_frsize and f_flags. */
struct seq_buf;

struct kstatfs {
	long f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	u32 f_fsid[2];
	long f_namelen, f_frsize, f_flags;
};

struct super_operations {
	/* The last reference to an unlinked inode is gone: free its data. */
	void (*evict_inode)(struct inode *inode);
	/* Sizes and free space; without it only type, block size and name
	 * length are reported (the rest reads 0, as for proc). */
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	/* The superblock is going away: free s_fs_info. */
	void (*put_super)(struct super_block *sb);
	/* /proc/mounts: ",opt=value" for each option not at its default. */
	void (*show_options)(struct seq_buf *s, struct super_block *sb);
};

struct inode {
	/* Set at creation, then read-only. */
	u64 i_ino;
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	dev_t i_rdev;
	/* Under vfs_ns_lock (read racily by stat, as on Linux). */
	mode_t i_mode;
	uid_t i_uid;
	gid_t i_gid;
	unsigned int i_nlink;
	struct timespec64 i_atime, i_mtime, i_ctime, i_btime;
	/* Under i_mutex. */
	struct mutex i_mutex;
	loff_t i_size;
	u64 i_blocks;			/* 512-byte units in use */
	void *i_private;		/* filesystem data */
	struct pipe_inode_info *i_pipe;	/* FIFOs, once opened */
	/* Atomic: dentries and open files pointing here. */
	int i_count;
	/* Atomic: VMAs mapping the inode; truncations that shrank it. */
	int i_mmap_count;
	u64 i_trunc_seq;
	/* inotify watches (fs/notify): NULL when nobody watches. */
	struct inotify_mark *i_notify;
};

struct dentry {
	int d_count;			/* atomic */
	struct super_block *d_sb;	/* set at creation */
	/* Under vfs_ns_lock. */
	struct dentry *d_parent;	/* itself for a filesystem root */
	char *d_name;
	u32 d_len;
	struct inode *d_inode;		/* NULL until instantiated */
	struct list_head d_child;	/* in d_parent->d_subdirs */
	struct list_head d_subdirs;
	u64 d_cookie;			/* readdir position in the parent */
	u64 d_next_cookie;		/* next cookie for a child */
	unsigned int d_mounted;		/* mounts on top of this dentry */
	bool d_unhashed;		/* unlinked: not in any directory */
	/*
	 * The parent directory had a watch when this dentry was linked or
	 * moved, or gained one since (set under vfs_ns_lock, may be stale
	 * true): events on it are then reported to the parent too.
	 */
	bool d_notify_parent;
};

struct file_system_type {
	const char *name;
	/* Return a referenced superblock or an ERR_PTR. */
	struct super_block *(*get_sb)(struct file_system_type *fs, int flags,
				      const char *dev, const void *data);
	struct list_head list;
};

struct super_block {
	struct file_system_type *s_type;
	dev_t s_dev;
	struct dentry *s_root;
	const struct super_operations *s_op;
	void *s_fs_info;
	unsigned long s_magic;		/* statfs f_type */
	u64 s_next_ino;			/* atomic */
	int s_count;			/* atomic: mounts using it */
	unsigned long s_flags;
};

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	/* Under vfs_ns_lock. */
	struct vfsmount *mnt_parent;	/* itself for the root mount */
	struct dentry *mnt_mountpoint;
	struct list_head mnt_list;
	const char *mnt_devname;	/* the source as mount(2) named it */
	int mnt_flags;			/* MNT_*, fixed at mount */
	int mnt_id;
	int mnt_count;			/* atomic: paths referring to it */
};

/* Per-mount flags: what MS_NOSUID... asked for. */
#define MNT_NOSUID	0x01
#define MNT_NODEV	0x02
#define MNT_NOEXEC	0x04
#define MNT_NOATIME	0x08
#define MNT_NODIRATIME	0x10
#define MNT_RELATIME	0x20

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

extern struct mutex vfs_ns_lock;

/* fs/inode.c */
struct inode *new_inode(struct super_block *sb, mode_t mode);
void ihold(struct inode *inode);
void iput(struct inode *inode);
struct timespec64 current_time(void);
void inode_touch(struct inode *inode, bool m, bool c);
int inode_permission(struct inode *inode, int mask);
bool inode_owner_or_capable(struct inode *inode);
bool capable_fowner(void);
void inode_init_owner(struct inode *inode, struct inode *dir, mode_t mode);

/* fs/dcache.c */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
struct dentry *d_alloc_root(struct super_block *sb);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len);
void d_instantiate(struct dentry *d, struct inode *inode);
void d_add(struct dentry *d);		/* link into its parent */
void d_delete(struct dentry *d);	/* unlink from its parent, drop it */
char *d_name_dup(const char *name, size_t len);
void d_move(struct dentry *d, struct dentry *new_parent, char *name,
	    size_t len);
bool d_is_ancestor(struct dentry *ancestor, struct dentry *d);
bool d_dir_empty(struct dentry *dir);
/* Unlink @d and everything below it (synthetic filesystems). */
void d_prune(struct dentry *d);

/* fs/super.c */
int register_filesystem(struct file_system_type *fs);
struct file_system_type *get_fs_type(const char *name);
/* Call @fn for each registered type, in registration order. */
void for_each_filesystem(void (*fn)(struct file_system_type *fs, void *arg),
			 void *arg);
struct super_block *sget_anon(struct file_system_type *type,
			      const struct super_operations *ops);
struct super_block *sb_attach_root(struct super_block *sb, struct inode *root);
void deactivate_super(struct super_block *sb);

/* fs/statfs.c */
int vfs_statfs(const struct path *p, struct kstatfs *st);

/* statfs f_type values, as Linux's. */
#define TMPFS_MAGIC		0x01021994
#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0
#define SYSFS_MAGIC		0x62656572
#define PIPEFS_MAGIC		0x50495045
#define ANON_INODE_FS_MAGIC	0x09041934

/* fs/mount.c */
void path_get(const struct path *p);
void path_put(const struct path *p);
struct vfsmount *mntget(struct vfsmount *m);
void mntput(struct vfsmount *m);
struct vfsmount *lookup_mnt(struct vfsmount *parent, struct dentry *d);
int do_mount(const char *dev, const char *dir, const char *type,
	     unsigned long flags, const void *data);
int do_umount(const char *dir, int flags);
/* The root of the namespace (for kernel threads and new processes). */
void get_root_path(struct path *p);
int mount_root_fs(void);
struct vfsmount *kern_mount(struct file_system_type *type);
/*
 * Call @fn for each attached mount, in mount order, under vfs_ns_lock
 * (so @fn may call d_path_locked() but must not sleep on VFS locks).
 */
void for_each_mount(void (*fn)(struct vfsmount *m, void *arg), void *arg);

/* Attribute changes (fs/chmod.c, fs/utimes.c, fs/chdir.c). */
int vfs_chmod(struct inode *inode, mode_t mode);
/* @times: atime, mtime; tv_nsec may be UTIME_NOW or UTIME_OMIT. */
int vfs_utimes(struct inode *inode, const struct timespec64 *times);
/* The current task's cwd as a string in @buf; length with the NUL. */
long vfs_getcwd(char *buf, size_t size);
/*
 * The name of @p as seen from @root, NUL-terminated in @buf, with
 * " (deleted)" appended for an unlinked dentry.  Returns the length
 * with the NUL, or -ENAMETOOLONG/-ERANGE.  d_path_locked() runs under
 * vfs_ns_lock.
 */
long d_path(const struct path *p, const struct path *root, char *buf,
	    size_t size);
long d_path_locked(const struct path *p, const struct path *root, char *buf,
		   size_t size);
/*
 * A symlink's target under vfs_ns_lock: a static string, or one written
 * into a buffer returned in *@tofree (release with kfree()).  NULL or an
 * ERR_PTR when there is none.
 */
const char *vfs_get_link(struct inode *inode, char **tofree);

/* fs/tmpfs.c */
bool is_tmpfs_inode(struct inode *inode);

/* fs/vfs_init.c */
void vfs_init(void);
/*
 * Device nodes made by drivers: /dev/@name with exactly @mode (no
 * umask) and @dev, and its removal, which leaves the name alone unless
 * it is still a node of that type (S_IFBLK or S_IFCHR) and number.
 * Paths are resolved from the caller's root: call from kernel threads.
 */
int devtmpfs_mknod(const char *name, mode_t mode, dev_t dev);
int devtmpfs_remove(const char *name, mode_t type, dev_t dev);

/* fs/proc: register the proc and sysfs filesystem types. */
int proc_init(void);
int sysfs_init(void);
/* fs/umkafs: register the umkafs type; vfs_init() mounts it on /ukfs. */
int umkafs_init(void);
/*
 * A KABI driver was loaded or unloaded: umkafs re-reads the driver
 * names that path walks under /ukfs/kernel/drivers see.  No lock held.
 */
void umkafs_drivers_changed(void);

/* fs/initramfs.c */
int initramfs_unpack(const void *data, size_t len);

#endif
