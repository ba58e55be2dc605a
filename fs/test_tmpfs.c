// SPDX-License-Identifier: MIT
/*
 * Self-tests: tmpfs data (read, write, holes, truncate, append, seek),
 * directory iteration, and the unlink/link/rename rules.
 */
#include <umka/ktest.h>
#include <umka/kprintf.h>
#include <umka/slab.h>
#include <uapi/dirent.h>
#include "test_util.h"

KTEST(tmpfs_rw_holes_truncate)
{
	struct file *f;
	struct kstat st;
	loff_t pos;
	char buf[64];
	char *big;
	bool zero = true;

	f = filp_open("/tmpfs_rw", O_RDWR | O_CREAT | O_TRUNC, 0644);
	KT_ASSERT(!IS_ERR(f));
	pos = 0;
	KT_ASSERT_EQ(kernel_write(f, "abcdef", 6, &pos), 6);
	pos = 2;
	KT_ASSERT_EQ(kernel_read(f, buf, sizeof(buf), &pos), 4);
	KT_ASSERT(!memcmp(buf, "cdef", 4));
	KT_ASSERT_EQ(kernel_read(f, buf, sizeof(buf), &pos), 0);	/* EOF */
	/* Write far past the end: the gap is a hole of zeros. */
	pos = 3 * PAGE_SIZE + 100;
	KT_ASSERT_EQ(kernel_write(f, "Z", 1, &pos), 1);
	KT_ASSERT_EQ(f->f_inode->i_size, 3 * PAGE_SIZE + 101);
	big = kmalloc(4 * PAGE_SIZE);
	KT_ASSERT(big);
	pos = 0;
	KT_ASSERT_EQ(kernel_read(f, big, 4 * PAGE_SIZE, &pos),
		     3 * PAGE_SIZE + 101);
	KT_ASSERT(!memcmp(big, "abcdef", 6));
	for (size_t i = 6; i < 3 * PAGE_SIZE + 100; i++)
		zero &= big[i] == 0;
	KT_ASSERT(zero);
	KT_ASSERT_EQ(big[3 * PAGE_SIZE + 100], 'Z');
	/* Only the pages written hold memory. */
	KT_ASSERT_EQ(f->f_inode->i_blocks, 2 * PAGE_SIZE / 512);
	/* Truncate into the first page, then grow: the tail reads zeros. */
	KT_ASSERT_EQ(vfs_truncate_inode(f->f_inode, 3), 0);
	KT_ASSERT_EQ(vfs_truncate_inode(f->f_inode, 10), 0);
	pos = 0;
	KT_ASSERT_EQ(kernel_read(f, buf, sizeof(buf), &pos), 10);
	KT_ASSERT(!memcmp(buf, "abc\0\0\0\0\0\0\0", 10));
	KT_ASSERT_EQ(f->f_inode->i_blocks, PAGE_SIZE / 512);
	KT_ASSERT_EQ(vfs_truncate_inode(f->f_inode, 0), 0);
	KT_ASSERT_EQ(f->f_inode->i_blocks, 0);
	fput(f);
	kfree(big);
	/* O_APPEND writes at the end whatever the position. */
	KT_ASSERT_EQ(kt_write_file("/tmpfs_app", "12", 2), 2);
	f = filp_open("/tmpfs_app", O_WRONLY | O_APPEND, 0);
	KT_ASSERT(!IS_ERR(f));
	pos = 0;
	KT_ASSERT_EQ(kernel_write(f, "34", 2, &pos), 2);
	fput(f);
	KT_ASSERT_EQ(kt_read_file("/tmpfs_app", buf, sizeof(buf)), 4);
	KT_ASSERT(!memcmp(buf, "1234", 4));
	/* O_TRUNC empties. */
	f = filp_open("/tmpfs_app", O_WRONLY | O_TRUNC, 0);
	KT_ASSERT(!IS_ERR(f));
	fput(f);
	KT_ASSERT_EQ(kt_stat("/tmpfs_app", 0, &st), 0);
	KT_ASSERT_EQ(st.size, 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/tmpfs_rw"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/tmpfs_app"), 0);
}

KTEST(tmpfs_seek_fd_syscalls)
{
	char buf[16];
	int fd;

	kt_ctx_enter();
	fd = kt_open("/seek", O_RDWR | O_CREAT, 0644);
	KT_ASSERT(fd >= 0);
	{
		struct file *f = fget(fd);
		loff_t pos = 0;

		KT_ASSERT_EQ(kernel_write(f, "0123456789", 10, &pos), 10);
		fput(f);
	}
	KT_ASSERT_EQ(SYS(lseek, fd, 0, SEEK_END, 0, 0, 0), 10);
	KT_ASSERT_EQ(SYS(lseek, fd, -3, SEEK_CUR, 0, 0, 0), 7);
	KT_ASSERT_EQ(SYS(lseek, fd, -1, SEEK_SET, 0, 0, 0), -EINVAL);
	KT_ASSERT_EQ(SYS(lseek, fd, 0, 7, 0, 0, 0), -EINVAL);
	KT_ASSERT_EQ(SYS(lseek, fd, 100, SEEK_SET, 0, 0, 0), 100);
	KT_ASSERT_EQ(SYS(lseek, fd, 0, SEEK_HOLE, 0, 0, 0), 10);
	KT_ASSERT_EQ(SYS(lseek, fd, 11, SEEK_DATA, 0, 0, 0), -ENXIO);
	KT_ASSERT_EQ(SYS(ftruncate, fd, 4, 0, 0, 0, 0), 0);
	KT_ASSERT_EQ(SYS(ftruncate, fd, -1, 0, 0, 0, 0), -EINVAL);
	KT_ASSERT_EQ(SYS(fsync, fd, 0, 0, 0, 0, 0), 0);
	/* A kernel address is not user memory: -EFAULT, nothing read. */
	KT_ASSERT_EQ(SYS(lseek, fd, 0, SEEK_SET, 0, 0, 0), 0);
	KT_ASSERT_EQ(SYS(read, fd, (unsigned long)buf, 4, 0, 0, 0), -EFAULT);
	KT_ASSERT_EQ(SYS(write, fd, (unsigned long)buf, 4, 0, 0, 0), -EFAULT);
	KT_ASSERT_EQ(SYS(open, (unsigned long)"/seek", O_RDONLY, 0, 0, 0, 0),
		     -EFAULT);
	KT_ASSERT_EQ(SYS(read, 999, 0, 0, 0, 0, 0), -EBADF);
	/* Reading a directory. */
	{
		int dfd = kt_open("/", O_RDONLY, 0);
		struct file *f = fget(dfd);
		loff_t pos = 0;

		KT_ASSERT_EQ(kernel_read(f, buf, 4, &pos), -EISDIR);
		fput(f);
		KT_ASSERT_EQ(SYS(ftruncate, dfd, 0, 0, 0, 0, 0), -EINVAL);
	}
	/* Write on a read-only descriptor. */
	{
		int rfd = kt_open("/seek", O_RDONLY, 0);
		struct file *f = fget(rfd);
		loff_t pos = 0;

		KT_ASSERT_EQ(kernel_write(f, "x", 1, &pos), -EBADF);
		fput(f);
	}
	kt_ctx_leave();
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/seek"), 0);
}

struct seen {
	int n;
	char names[80][16];
};

static void parse_dirents(struct seen *s, char *buf, long len)
{
	for (long off = 0; off < len;) {
		struct linux_dirent64 *d = (void *)(buf + off);

		if (s->n < 80)
			strlcpy(s->names[s->n], d->d_name, 16);
		s->n++;
		off += d->d_reclen;
	}
}

static int count_name(struct seen *s, const char *name)
{
	int c = 0;

	for (int i = 0; i < s->n && i < 80; i++)
		c += !strcmp(s->names[i], name);
	return c;
}

KTEST(tmpfs_readdir)
{
	struct seen s = { 0 };
	char name[32], *buf = kmalloc(4096);
	struct file *f;
	long r;

	KT_ASSERT(buf);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/rd", 0755), 0);
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "/rd/entry%02d", i);
		KT_ASSERT_EQ(kt_write_file(name, "", 0), 0);
	}
	f = filp_open("/rd", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(!IS_ERR(f));
	/* A buffer too small for one record. */
	KT_ASSERT_EQ(vfs_getdents(f, buf, 10, false), -EINVAL);
	/* Small reads, removing entries in between: none twice, none lost
	 * that still exists. */
	r = vfs_getdents(f, buf, 200, false);
	KT_ASSERT(r > 0);
	parse_dirents(&s, buf, r);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/rd/entry00"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/rd/entry49"), 0);
	while ((r = vfs_getdents(f, buf, 200, false)) > 0)
		parse_dirents(&s, buf, r);
	KT_ASSERT_EQ(r, 0);
	KT_ASSERT_EQ(count_name(&s, "."), 1);
	KT_ASSERT_EQ(count_name(&s, ".."), 1);
	KT_ASSERT_EQ(count_name(&s, "entry49"), 0);
	for (int i = 1; i < 49; i++) {
		snprintf(name, sizeof(name), "entry%02d", i);
		KT_ASSERT_EQ(count_name(&s, name), 1);
	}
	/* Rewind and read all at once, old layout too. */
	f->f_pos = 0;
	r = vfs_getdents(f, buf, 4096, true);
	KT_ASSERT(r > 0);
	{
		struct linux_dirent *d = (void *)buf;

		KT_ASSERT(!strcmp(d->d_name, "."));
		KT_ASSERT_EQ(buf[d->d_reclen - 1], DT_DIR);
	}
	fput(f);
	for (int i = 1; i < 49; i++) {
		snprintf(name, sizeof(name), "/rd/entry%02d", i);
		KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, name), 0);
	}
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/rd"), 0);
	kfree(buf);
}

KTEST(vfs_unlink_rmdir)
{
	struct kstat st;
	struct file *f;
	loff_t pos = 0;
	char buf[8];

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/ur", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/ur/d", 0755), 0);
	KT_ASSERT_EQ(kt_write_file("/ur/d/f", "data", 4), 4);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/ur/d"), -EISDIR);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/ur/d/f"), -ENOTDIR);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/ur/d"), -ENOTEMPTY);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/ur/d/."), -EINVAL);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/ur/d/.."), -ENOTEMPTY);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/ur/d/f/"), -ENOTDIR);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/ur/none"), -ENOENT);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/"), -EBUSY);
	/* An open file outlives its name. */
	f = filp_open("/ur/d/f", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f));
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/ur/d/f"), 0);
	KT_ASSERT_EQ(kt_stat("/ur/d/f", 0, &st), -ENOENT);
	KT_ASSERT_EQ(f->f_inode->i_nlink, 0);
	KT_ASSERT_EQ(kernel_read(f, buf, sizeof(buf), &pos), 4);
	KT_ASSERT(!memcmp(buf, "data", 4));
	fput(f);
	/* The parent's link count follows its subdirectories. */
	KT_ASSERT_EQ(kt_stat("/ur", 0, &st), 0);
	KT_ASSERT_EQ(st.nlink, 3);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/ur/d/"), 0);
	KT_ASSERT_EQ(kt_stat("/ur", 0, &st), 0);
	KT_ASSERT_EQ(st.nlink, 2);
	/* A removed directory takes no new entries. */
	kt_ctx_enter();
	{
		int fd;

		KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/ur/gone", 0755), 0);
		fd = kt_open("/ur/gone", O_RDONLY | O_DIRECTORY, 0);
		KT_ASSERT(fd >= 0);
		KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/ur/gone"), 0);
		KT_ASSERT_EQ(do_mkdirat(fd, "x", 0755), -ENOENT);
	}
	kt_ctx_leave();
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/ur"), 0);
}

KTEST(vfs_link)
{
	struct kstat a, b;
	char buf[8];

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/ln", 0755), 0);
	KT_ASSERT_EQ(kt_write_file("/ln/one", "abc", 3), 3);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln/one", AT_FDCWD, "/ln/two", 0), 0);
	KT_ASSERT_EQ(kt_stat("/ln/one", 0, &a), 0);
	KT_ASSERT_EQ(kt_stat("/ln/two", 0, &b), 0);
	KT_ASSERT_EQ(a.ino, b.ino);
	KT_ASSERT_EQ(a.nlink, 2);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln/one", AT_FDCWD, "/ln/two", 0),
		     -EEXIST);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln", AT_FDCWD, "/ln/dir2", 0),
		     -EPERM);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln/none", AT_FDCWD, "/ln/x", 0),
		     -ENOENT);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln/one", AT_FDCWD, "/ln/x", 0x1),
		     -EINVAL);
	/* A link to a symlink is to the link unless AT_SYMLINK_FOLLOW. */
	KT_ASSERT_EQ(do_symlinkat("one", AT_FDCWD, "/ln/sym"), 0);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln/sym", AT_FDCWD, "/ln/hs", 0), 0);
	KT_ASSERT_EQ(kt_stat("/ln/hs", AT_SYMLINK_NOFOLLOW, &b), 0);
	KT_ASSERT(S_ISLNK(b.mode));
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln/sym", AT_FDCWD, "/ln/hf",
			       AT_SYMLINK_FOLLOW), 0);
	KT_ASSERT_EQ(kt_stat("/ln/hf", AT_SYMLINK_NOFOLLOW, &b), 0);
	KT_ASSERT_EQ(b.ino, a.ino);
	KT_ASSERT_EQ(b.nlink, 3);
	/* Across mounts: /dev is another filesystem. */
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/ln/one", AT_FDCWD, "/dev/one", 0),
		     -EXDEV);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/ln/one"), 0);
	KT_ASSERT_EQ(kt_read_file("/ln/two", buf, sizeof(buf)), 3);
	KT_ASSERT_EQ(kt_stat("/ln/two", 0, &b), 0);
	KT_ASSERT_EQ(b.nlink, 2);
}

KTEST(vfs_rename)
{
	struct kstat a, b;
	char buf[8];

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/rn", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/rn/d1", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/rn/d1/sub", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/rn/d2", 0755), 0);
	KT_ASSERT_EQ(kt_write_file("/rn/f1", "one", 3), 3);
	KT_ASSERT_EQ(kt_write_file("/rn/f2", "two", 3), 3);
	KT_ASSERT_EQ(kt_write_file("/rn/d2/x", "x", 1), 1);
	/* A plain move, then over an existing file. */
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f1", AT_FDCWD, "/rn/g1", 0), 0);
	KT_ASSERT(!kt_exists("/rn/f1"));
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/g1", AT_FDCWD, "/rn/f2", 0), 0);
	KT_ASSERT_EQ(kt_read_file("/rn/f2", buf, sizeof(buf)), 3);
	KT_ASSERT(!memcmp(buf, "one", 3));
	KT_ASSERT(!kt_exists("/rn/g1"));
	/* Type and emptiness rules. */
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2", AT_FDCWD, "/rn/d1", 0),
		     -EISDIR);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/d1", AT_FDCWD, "/rn/f2", 0),
		     -ENOTDIR);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/d1", AT_FDCWD, "/rn/d2", 0),
		     -ENOTEMPTY);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/d1", AT_FDCWD,
				  "/rn/d1/sub/in", 0), -EINVAL);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/none", AT_FDCWD, "/rn/y", 0),
		     -ENOENT);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2/", AT_FDCWD, "/rn/y", 0),
		     -ENOTDIR);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/.", AT_FDCWD, "/rn/y", 0),
		     -EBUSY);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2", AT_FDCWD, "/dev/f2", 0),
		     -EXDEV);
	/* A directory over an empty one; link counts follow. */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/rn/empty", 0755), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/d1/sub", AT_FDCWD,
				  "/rn/empty", 0), 0);
	KT_ASSERT_EQ(kt_stat("/rn/d1", 0, &a), 0);
	KT_ASSERT_EQ(a.nlink, 2);
	KT_ASSERT_EQ(kt_stat("/rn", 0, &a), 0);
	KT_ASSERT_EQ(a.nlink, 5);	/* d1 d2 empty + 2 */
	/* NOREPLACE and EXCHANGE. */
	KT_ASSERT_EQ(kt_write_file("/rn/f3", "three", 5), 5);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2", AT_FDCWD, "/rn/f3",
				  RENAME_NOREPLACE), -EEXIST);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2", AT_FDCWD, "/rn/f3",
				  RENAME_NOREPLACE | RENAME_EXCHANGE), -EINVAL);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2", AT_FDCWD, "/rn/zz",
				  RENAME_EXCHANGE), -ENOENT);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2", AT_FDCWD, "/rn/d2/x",
				  RENAME_EXCHANGE), 0);
	KT_ASSERT_EQ(kt_read_file("/rn/f2", buf, sizeof(buf)), 1);
	KT_ASSERT_EQ(kt_read_file("/rn/d2/x", buf, sizeof(buf)), 3);
	/* Exchange a file with a directory across parents. */
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f2", AT_FDCWD, "/rn/d1",
				  RENAME_EXCHANGE), 0);
	KT_ASSERT_EQ(kt_stat("/rn/f2", 0, &a), 0);
	KT_ASSERT(S_ISDIR(a.mode));
	/* Two names of one inode: nothing happens. */
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/rn/f3", AT_FDCWD, "/rn/f3b", 0), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/rn/f3", AT_FDCWD, "/rn/f3b", 0),
		     0);
	KT_ASSERT(kt_exists("/rn/f3"));
	KT_ASSERT_EQ(kt_stat("/rn/f3b", 0, &b), 0);
	KT_ASSERT_EQ(b.nlink, 2);
}
