// SPDX-License-Identifier: MIT
/*
 * Self-test of named directories (fs/proc/named.c) on a filesystem of
 * its own whose objects the test adds and removes at will: lookups see
 * the objects of the moment, cached dentries of removed ones go away, a
 * listing is the snapshot of its open, and getdents resumes correctly
 * one record at a time.
 */
#include <umka/ktest.h>
#include <umka/kprintf.h>
#include <umka/slab.h>
#include <uapi/dirent.h>
#include "../test_util.h"
#include "internal.h"

#define MNT "/tmp/ktnamed"
#define LONG_NAME "a-name-far-too-long-for-any-named-dir-0123"

/* The objects that exist now; the test alone changes them. */
static const char *objs[4];

static bool obj_exists(const char *name)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		if (objs[i] && !strcmp(objs[i], name))
			return true;
	return false;
}

static int show_name(struct seq_buf *s, const struct proc_inode *pi)
{
	if (!obj_exists(pi->name))
		return -ENOENT;
	seq_printf(s, "%s\n", pi->name);
	return 0;
}

static const struct proc_entry obj_entries[] = {
	PROC_FILE("name", 0444, show_name),
};

static const struct proc_entry obj_dir = PROC_DIR("", 0555, obj_entries);

static const struct proc_entry *objs_lookup(const char *name)
{
	return obj_exists(name) ? &obj_dir : NULL;
}

static int objs_list(int (*emit)(void *ctx, const char *name), void *ctx)
{
	int err = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(objs) && !err; i++)
		if (objs[i])
			err = emit(ctx, objs[i]);
	return err;
}

static const struct proc_named_ops objs_ops = {
	.lookup = objs_lookup,
	.list = objs_list,
};

static const struct proc_entry root_entries[] = {
	PROC_NAMED("objs", 0555, &objs_ops),
};

static const struct proc_entry kt_root = PROC_DIR("/", 0555, root_entries);

static struct super_block *kt_get_sb(struct file_system_type *type, int flags,
				     const char *dev, const void *data)
{
	return proc_get_sb_root(type, &kt_root);
}

static struct file_system_type kt_named_type = {
	.name = "ktest_named",
	.get_sb = kt_get_sb,
};

/*
 * The names an open directory lists from its current position, joined
 * with spaces in @out, reading @bufsize bytes of records per getdents.
 */
static long list_names(struct file *f, size_t bufsize, char *out, size_t size)
{
	char *buf = kmalloc(bufsize);
	size_t used = 0;
	long n;

	if (!buf)
		return -ENOMEM;
	out[0] = '\0';
	while ((n = vfs_getdents(f, buf, bufsize, false)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			used += snprintf(out + used, size - used, "%s%s",
					 used ? " " : "", d->d_name);
			if (used >= size) {
				kfree(buf);
				return -ENAMETOOLONG;
			}
		}
	}
	kfree(buf);
	return n;
}

static long list_dir(const char *path, size_t bufsize, char *out, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	long r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = list_names(f, bufsize, out, size);
	fput(f);
	return r;
}

static void named_checks(char *buf)
{
	char names[128];
	struct file *snap, *open_file;
	loff_t pos = 0;
	int fd;

	objs[0] = "alpha";
	objs[1] = "beta";
	objs[2] = LONG_NAME;	/* cannot be looked up, so not listed */
	KT_ASSERT_EQ(list_dir(MNT "/objs", 4096, names, sizeof(names)), 0);
	KT_ASSERT(!strcmp(names, "alpha beta"));
	KT_ASSERT_EQ(kt_read_file(MNT "/objs/alpha/name", buf, 64), 6);
	KT_ASSERT(!strncmp(buf, "alpha\n", 6));
	KT_ASSERT(kt_exists(MNT "/objs/beta/name"));
	KT_ASSERT(!kt_exists(MNT "/objs/gamma"));
	KT_ASSERT(!kt_exists(MNT "/objs/" LONG_NAME));
	KT_ASSERT_EQ(kt_open_err(MNT "/objs/gamma/name", O_RDONLY), -ENOENT);

	/* A listing opened now, a file opened now, a cwd inside beta. */
	snap = filp_open(MNT "/objs", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(!IS_ERR(snap));
	open_file = filp_open(MNT "/objs/beta/name", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(open_file));
	fd = kt_open(MNT "/objs/beta", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(fd >= 0);
	KT_ASSERT_EQ(SYS(fchdir, fd, 0, 0, 0, 0, 0), 0);

	/* The objects change. */
	objs[0] = NULL;
	objs[1] = NULL;
	objs[3] = "gamma";
	KT_ASSERT(!kt_exists(MNT "/objs/alpha"));	/* cached: dropped */
	KT_ASSERT_EQ(kt_open_err(MNT "/objs/alpha/name", O_RDONLY), -ENOENT);
	KT_ASSERT_EQ(kt_open_err("name", O_RDONLY), -ENOENT);	/* cwd */
	KT_ASSERT_EQ(kt_read_file(MNT "/objs/gamma/name", buf, 64), 6);
	KT_ASSERT(!strncmp(buf, "gamma\n", 6));
	/* What was opened before keeps what it saw. */
	KT_ASSERT_EQ(kernel_read(open_file, buf, 64, &pos), 5);
	KT_ASSERT(!strncmp(buf, "beta\n", 5));
	KT_ASSERT_EQ(list_names(snap, 4096, names, sizeof(names)), 0);
	KT_ASSERT(!strcmp(names, "alpha beta"));
	/* Rewound, it still lists its snapshot, one record per call. */
	KT_ASSERT_EQ(snap->f_op->llseek(snap, 0, SEEK_SET), 0);
	KT_ASSERT_EQ(list_names(snap, 32, names, sizeof(names)), 0);
	KT_ASSERT(!strcmp(names, "alpha beta"));
	fput(open_file);
	fput(snap);
	KT_ASSERT_EQ(list_dir(MNT "/objs", 32, names, sizeof(names)), 0);
	KT_ASSERT(!strcmp(names, "gamma"));

	/* An object that comes back is found again. */
	objs[1] = "beta";
	KT_ASSERT_EQ(kt_read_file(MNT "/objs/beta/name", buf, 64), 5);
	KT_ASSERT_EQ(SYS(fchdir, fd, 0, 0, 0, 0, 0), 0);
	KT_ASSERT_EQ(kt_read_file("name", buf, 64), 5);
	KT_ASSERT_EQ(SYS(close, fd, 0, 0, 0, 0, 0), 0);
}

KTEST(procfs_named_dirs)
{
	static bool registered;
	char *buf;
	int fd;

	kt_ctx_enter();
	buf = kmalloc(256);
	KT_ASSERT(buf);
	if (!registered) {
		KT_ASSERT_EQ(register_filesystem(&kt_named_type), 0);
		registered = true;
	}
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, MNT, 0755), 0);
	KT_ASSERT_EQ(do_mount("ktest_named", MNT, "ktest_named", 0, NULL), 0);
	named_checks(buf);
	memset(objs, 0, sizeof(objs));
	/* Our cwd may be inside the mount: leave it first. */
	fd = kt_open("/", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(fd >= 0);
	KT_ASSERT_EQ(SYS(fchdir, fd, 0, 0, 0, 0, 0), 0);
	KT_ASSERT_EQ(SYS(close, fd, 0, 0, 0, 0, 0), 0);
	KT_ASSERT_EQ(do_umount(MNT, 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, MNT), 0);
	kfree(buf);
	kt_ctx_leave();
}
