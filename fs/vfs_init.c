// SPDX-License-Identifier: MIT
/*
 * Boot-time setup of the namespace: the tmpfs root, the standard mount
 * points, /dev — a tmpfs of its own (a devtmpfs stand-in) holding the
 * device nodes every Linux userland expects; `mount -t devtmpfs` mounts
 * that same instance again, as on Linux — and umkafs on /ukfs, which
 * no Linux init knows to mount.
 */
#include "internal.h"
#include <umka/chrdev.h>
#include <umka/random.h>
#include <umka/printk.h>
#include <umka/kprintf.h>
#include <umka/panic.h>
#include <umka/sched.h>
#include <umka/stat.h>

int pipefs_init(void);
int anon_inodefs_init(void);

static struct super_block *devtmpfs_sb;

static struct super_block *devtmpfs_get_sb(struct file_system_type *type,
					   int flags, const char *dev,
					   const void *data)
{
	if (!devtmpfs_sb)
		return ERR_PTR(-ENODEV);
	__atomic_add_fetch(&devtmpfs_sb->s_count, 1, __ATOMIC_RELAXED);
	return devtmpfs_sb;
}

static struct file_system_type devtmpfs_type = {
	.name = "devtmpfs",
	.get_sb = devtmpfs_get_sb,
};

static const struct {
	const char *name;
	mode_t mode;
	unsigned int major, minor;
} dev_nodes[] = {
	{ "null", S_IFCHR | 0666, MEM_MAJOR, 3 },
	{ "zero", S_IFCHR | 0666, MEM_MAJOR, 5 },
	{ "full", S_IFCHR | 0666, MEM_MAJOR, 7 },
	{ "random", S_IFCHR | 0666, MEM_MAJOR, 8 },
	{ "urandom", S_IFCHR | 0666, MEM_MAJOR, 9 },
	{ "kmsg", S_IFCHR | 0644, MEM_MAJOR, 11 },
	{ "tty", S_IFCHR | 0666, TTYAUX_MAJOR, 0 },
	{ "console", S_IFCHR | 0600, TTYAUX_MAJOR, 1 },
	{ "ttyS0", S_IFCHR | 0660, TTY_MAJOR, 64 },
	{ "pts", S_IFDIR | 0755, 0, 0 },
	{ "shm", S_IFDIR | 01777, 0, 0 },
};

static const struct {
	const char *name, *target;
} dev_links[] = {
	{ "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};

int devtmpfs_init(void)
{
	struct file_system_type *tmpfs = get_fs_type("tmpfs");
	char path[32];
	int err;

	/* A tmpfs that calls itself devtmpfs, mode 0755 as Linux mounts it. */
	devtmpfs_sb = tmpfs->get_sb(&devtmpfs_type, 0, "devtmpfs", "mode=755");
	if (IS_ERR(devtmpfs_sb)) {
		err = PTR_ERR(devtmpfs_sb);
		devtmpfs_sb = NULL;
		return err;
	}
	err = register_filesystem(&devtmpfs_type);
	if (!err)
		err = do_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	/* The mount holds its own reference now. */
	deactivate_super(devtmpfs_sb);
	if (err)
		return err;
	for (unsigned int i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
		snprintf(path, sizeof(path), "/dev/%s", dev_nodes[i].name);
		if (S_ISDIR(dev_nodes[i].mode))
			err = do_mkdirat(AT_FDCWD, path, dev_nodes[i].mode);
		else
			err = do_mknodat(AT_FDCWD, path, dev_nodes[i].mode,
					 MKDEV(dev_nodes[i].major,
					       dev_nodes[i].minor));
		if (err)
			return err;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(dev_links); i++) {
		snprintf(path, sizeof(path), "/dev/%s", dev_links[i].name);
		err = do_symlinkat(dev_links[i].target, AT_FDCWD, path);
		if (err)
			return err;
	}
	return 0;
}

int devtmpfs_mknod(const char *name, mode_t mode, dev_t dev)
{
	mode_t umask = current->cred.umask;
	char path[64];
	int err;

	if (snprintf(path, sizeof(path), "/dev/%s", name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	current->cred.umask = 0;
	err = do_mknodat(AT_FDCWD, path, mode, dev);
	current->cred.umask = umask;
	return err;
}

int devtmpfs_remove(const char *name, mode_t type, dev_t dev)
{
	struct kstat st;
	char path[64];
	int err;

	if (snprintf(path, sizeof(path), "/dev/%s", name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	err = vfs_statat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &st);
	if (err)
		return err;
	if ((st.mode & S_IFMT) != type || st.rdev != dev)
		return -ENOENT;		/* someone else's by now */
	return do_unlinkat(AT_FDCWD, path);
}

void vfs_init(void)
{
	static const struct {
		const char *path;
		mode_t mode;
	} dirs[] = {
		{ "/dev", 0755 }, { "/proc", 0555 }, { "/sys", 0555 },
		{ "/tmp", 01777 }, { "/ukfs", 0555 },
	};
	mode_t umask = current->cred.umask;
	int err;

	random_init();
	/* Registered in Linux's order, which /proc/filesystems shows. */
	err = sysfs_init();
	if (!err)
		err = tmpfs_init();
	if (!err)
		err = pipefs_init();
	if (!err)
		err = anon_inodefs_init();
	if (!err)
		err = proc_init();
	if (!err)
		err = umkafs_init();
	if (!err)
		err = mount_root_fs();
	if (err)
		panic("vfs: cannot mount the root tmpfs: %d", err);
	current->cred.umask = 0;	/* the modes below are meant exactly */
	for (unsigned int i = 0; i < ARRAY_SIZE(dirs); i++) {
		err = do_mkdirat(AT_FDCWD, dirs[i].path, dirs[i].mode);
		if (err)
			panic("vfs: mkdir %s: %d", dirs[i].path, err);
	}
	err = memdev_init();
	if (!err)
		err = tty_dev_init();
	if (!err)
		err = devtmpfs_init();
	if (!err)
		err = ramfs_init();
	if (err)
		panic("vfs: cannot set up /dev: %d", err);
	err = do_mount("umkafs", "/ukfs", "umkafs", 0, NULL);
	if (err)
		panic("vfs: cannot mount umkafs on /ukfs: %d", err);
	current->cred.umask = umask;
	pr_info("vfs: tmpfs root, /dev populated, umkafs on /ukfs\n");
}
