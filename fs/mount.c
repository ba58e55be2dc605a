// SPDX-License-Identifier: MIT
/*
 * Mounts: mount(2) and umount2(2), and the mount tree the path walk
 * crosses.
 *
 * Each mount is attached at a dentry of its parent mount; the tree holds
 * one reference on it, and every path (open file, cwd, root) holds
 * another, which is how "busy" is told apart from "idle".
 *
 * mount errors:
 *   EPERM      caller is not root (CAP_SYS_ADMIN)
 *   EFAULT     a bad pointer
 *   ENODEV     filesystem type unknown (proc, sysfs until they exist)
 *   ENOENT     mount point or bind source does not exist
 *   ENOTDIR    mount point is not a directory
 *   EINVAL     MS_MOVE, MS_SHARED/MS_SLAVE propagation, MS_RDONLY
 *              remounts (not supported yet); bad flags
 *   ENOMEM     out of memory
 * umount2 errors:
 *   EPERM      not root
 *   EINVAL     not a mount point, unknown flags, MNT_EXPIRE
 *   EBUSY      the mount is in use, has mounts below it, or is the root
 */
#include <umka/fs.h>
#include <umka/namei.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/sched.h>
#include <umka/syscall.h>
#include <umka/printk.h>
#include <uapi/mount.h>
#include "internal.h"

static LIST_HEAD(mount_list);	/* under vfs_ns_lock */
static struct vfsmount *root_mnt;
static int next_mnt_id = 1;

struct vfsmount *mntget(struct vfsmount *m)
{
	__atomic_add_fetch(&m->mnt_count, 1, __ATOMIC_RELAXED);
	return m;
}

void mntput(struct vfsmount *m)
{
	if (!m || __atomic_sub_fetch(&m->mnt_count, 1, __ATOMIC_ACQ_REL))
		return;
	/* Last reference: it was detached already. */
	dput(m->mnt_mountpoint);
	dput(m->mnt_root);
	deactivate_super(m->mnt_sb);
	kfree((void *)m->mnt_devname);
	kfree(m);
}

void path_get(const struct path *p)
{
	mntget(p->mnt);
	dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	mntput(p->mnt);
}

/* The mount on @d in @parent, the newest if stacked.  Under vfs_ns_lock. */
struct vfsmount *lookup_mnt(struct vfsmount *parent, struct dentry *d)
{
	struct vfsmount *m;

	if (!d->d_mounted)
		return NULL;
	for (m = list_entry(mount_list.prev, struct vfsmount, mnt_list);
	     &m->mnt_list != &mount_list;
	     m = list_entry(m->mnt_list.prev, struct vfsmount, mnt_list))
		if (m->mnt_parent == parent && m->mnt_mountpoint == d &&
		    m != parent)
			return m;
	return NULL;
}

static struct vfsmount *alloc_mnt(struct super_block *sb, struct dentry *root)
{
	struct vfsmount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->mnt_sb = sb;
	m->mnt_root = dget(root);
	m->mnt_count = 1;	/* the tree's */
	m->mnt_id = __atomic_fetch_add(&next_mnt_id, 1, __ATOMIC_RELAXED);
	list_init(&m->mnt_list);
	return m;
}

/* Under vfs_ns_lock. */
static void attach_mnt(struct vfsmount *m, const struct path *where)
{
	m->mnt_parent = where->mnt;
	m->mnt_mountpoint = dget(where->dentry);
	where->dentry->d_mounted++;
	list_add_tail(&m->mnt_list, &mount_list);
}

int mount_root_fs(void)
{
	struct file_system_type *t = &rootfs_fs_type;
	struct super_block *sb;

	sb = t->get_sb(t, 0, "rootfs", NULL);
	if (IS_ERR(sb))
		return PTR_ERR(sb);
	root_mnt = alloc_mnt(sb, sb->s_root);
	if (!root_mnt)
		return -ENOMEM;
	root_mnt->mnt_parent = root_mnt;
	root_mnt->mnt_devname = d_name_dup("rootfs", 6);
	root_mnt->mnt_mountpoint = dget(sb->s_root);
	mutex_lock(&vfs_ns_lock);
	list_add_tail(&root_mnt->mnt_list, &mount_list);
	mutex_unlock(&vfs_ns_lock);
	return 0;
}

void get_root_path(struct path *p)
{
	p->mnt = root_mnt;
	p->dentry = root_mnt->mnt_root;
	path_get(p);
}

static bool mount_capable(void)
{
	return current->cred.euid == 0;
}

static int mount_at(struct vfsmount *m, const char *dir)
{
	struct path where;
	int err;

	err = kern_path_at(AT_FDCWD, dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			   &where);
	if (err)
		return err;
	mutex_lock(&vfs_ns_lock);
	if (where.dentry->d_unhashed && where.dentry != where.mnt->mnt_root)
		err = -ENOENT;
	else
		attach_mnt(m, &where);
	mutex_unlock(&vfs_ns_lock);
	path_put(&where);
	return err;
}

static int do_bind(const char *src, const char *dir)
{
	struct path from;
	struct vfsmount *m;
	int err;

	err = kern_path_at(AT_FDCWD, src, LOOKUP_FOLLOW, &from);
	if (err)
		return err;
	__atomic_add_fetch(&from.mnt->mnt_sb->s_count, 1, __ATOMIC_RELAXED);
	m = alloc_mnt(from.mnt->mnt_sb, from.dentry);
	if (m)
		m->mnt_flags = from.mnt->mnt_flags;
	path_put(&from);
	if (!m)
		return -ENOMEM;
	m->mnt_devname = d_name_dup(src, strlen(src));
	err = mount_at(m, dir);
	if (err)
		mntput(m);
	return err;
}

/* Access times are relative unless noatime or strictatime is asked for. */
static int mnt_flags_of(unsigned long flags)
{
	int f = 0;

	if (flags & MS_NOSUID)
		f |= MNT_NOSUID;
	if (flags & MS_NODEV)
		f |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		f |= MNT_NOEXEC;
	if (flags & MS_NOATIME)
		f |= MNT_NOATIME;
	else if (!(flags & MS_STRICTATIME))
		f |= MNT_RELATIME;
	if (flags & MS_NODIRATIME)
		f |= MNT_NODIRATIME;
	return f;
}

int do_mount(const char *dev, const char *dir, const char *type,
	     unsigned long flags, const void *data)
{
	struct file_system_type *t;
	struct super_block *sb;
	struct vfsmount *m;
	int err;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;	/* the old magic prefix */
	if (flags & MS_REMOUNT) {
		struct path p;

		/* Everything is read-write; only that may be asked for. */
		if (flags & MS_RDONLY) {
			pr_debug("mount: read-only remount unsupported\n");
			return -EINVAL;
		}
		err = kern_path_at(AT_FDCWD, dir, LOOKUP_FOLLOW, &p);
		if (!err)
			path_put(&p);
		return err;
	}
	if (flags & MS_BIND)
		return do_bind(dev, dir);
	if (flags & MS_MOVE) {
		pr_debug("mount: MS_MOVE unsupported\n");
		return -EINVAL;
	}
	if (flags & (MS_SHARED | MS_SLAVE)) {
		pr_debug("mount: no mount propagation\n");
		return -EINVAL;
	}
	if (flags & MS_PRIVATE)
		return 0;	/* every mount is private already */
	if (flags & MS_RDONLY) {
		pr_debug("mount: read-only mounts unsupported\n");
		return -EINVAL;
	}
	t = type ? get_fs_type(type) : NULL;
	if (!t)
		return -ENODEV;
	sb = t->get_sb(t, flags, dev, data);
	if (IS_ERR(sb))
		return PTR_ERR(sb);
	m = alloc_mnt(sb, sb->s_root);
	if (!m) {
		deactivate_super(sb);
		return -ENOMEM;
	}
	m->mnt_devname = d_name_dup(dev, strlen(dev));
	m->mnt_flags = mnt_flags_of(flags);
	err = mount_at(m, dir);
	if (err)
		mntput(m);
	return err;
}

int do_umount(const char *dir, int flags)
{
	struct vfsmount *m, *c;
	struct dentry *mp = NULL;
	struct path p;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW) ||
	    (flags & MNT_EXPIRE))
		return -EINVAL;
	err = kern_path_at(AT_FDCWD, dir,
			   (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	m = p.mnt;
	mutex_lock(&vfs_ns_lock);
	if (p.dentry != m->mnt_root)
		err = -EINVAL;
	else if (m == root_mnt)
		err = -EBUSY;
	list_for_each_entry(c, &mount_list, mnt_list)
		if (!err && c->mnt_parent == m && c != m)
			err = -EBUSY;
	/* Ours and the tree's; anything more is a user. */
	if (!err && !(flags & MNT_DETACH) &&
	    __atomic_load_n(&m->mnt_count, __ATOMIC_RELAXED) > 2)
		err = -EBUSY;
	if (!err) {
		/* Detached: from now on it looks like a root of its own. */
		list_del(&m->mnt_list);
		mp = m->mnt_mountpoint;
		mp->d_mounted--;
		m->mnt_mountpoint = m->mnt_root;
		dget(m->mnt_root);
		m->mnt_parent = m;
	}
	mutex_unlock(&vfs_ns_lock);
	path_put(&p);
	if (!err) {
		dput(mp);
		mntput(m);	/* the tree's reference */
	}
	return err;
}

static int copy_mount_string(const char __user *u, char **out)
{
	char *s;

	*out = NULL;
	if (!u)
		return 0;
	s = getname(u);
	if (IS_ERR(s))
		return PTR_ERR(s);
	*out = s;
	return 0;
}

/* Up to a page, as Linux copies; a longer string is cut there. */
static int copy_mount_options(const void __user *u, char **out)
{
	char *s = kmalloc(PAGE_SIZE);
	long n;

	if (!s)
		return -ENOMEM;
	n = strncpy_from_user(s, u, PAGE_SIZE - 1);
	if (n < 0) {
		kfree(s);
		return n;
	}
	s[n] = '\0';
	*out = s;
	return 0;
}

SYSCALL_DEFINE5(mount, const char __user *, dev_name,
		const char __user *, dir_name, const char __user *, type,
		unsigned long, flags, const void __user *, data)
{
	char *dev = NULL, *dir = NULL, *fstype = NULL, *opts = NULL;
	int err;

	if (!mount_capable())
		return -EPERM;
	err = copy_mount_string(dir_name, &dir);
	if (!err && !dir)
		err = -EFAULT;
	if (!err)
		err = copy_mount_string(type, &fstype);
	if (!err && dev_name)
		err = copy_mount_string(dev_name, &dev);
	/* Options are a string for every filesystem here (tmpfs's). */
	if (!err && data)
		err = copy_mount_options(data, &opts);
	if (!err)
		err = do_mount(dev ? dev : "none", dir, fstype, flags, opts);
	putname(opts);
	putname(dev);
	putname(dir);
	putname(fstype);
	return err;
}

SYSCALL_DEFINE2(umount2, const char __user *, name, int, flags)
{
	char *dir;
	int err;

	if (!mount_capable())
		return -EPERM;
	dir = getname(name);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = do_umount(dir, flags);
	putname(dir);
	return err;
}

/*
 * An internal mount for a pseudo filesystem (pipes): never attached, so
 * paths can name its files but no lookup reaches them.
 */
struct vfsmount *kern_mount(struct file_system_type *type)
{
	struct super_block *sb = type->get_sb(type, 0, type->name, NULL);
	struct vfsmount *m;

	if (IS_ERR(sb))
		return ERR_CAST(sb);
	m = alloc_mnt(sb, sb->s_root);
	if (!m) {
		deactivate_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	m->mnt_parent = m;
	m->mnt_mountpoint = dget(sb->s_root);
	return m;
}

void for_each_mount(void (*fn)(struct vfsmount *m, void *arg), void *arg)
{
	struct vfsmount *m;

	mutex_lock(&vfs_ns_lock);
	list_for_each_entry(m, &mount_list, mnt_list)
		fn(m, arg);
	mutex_unlock(&vfs_ns_lock);
}
