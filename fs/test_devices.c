// SPDX-License-Identifier: MIT
/* Self-tests: /dev nodes, the chrdev registry, mounts, random bytes. */
#include <umka/ktest.h>
#include <umka/chrdev.h>
#include <umka/random.h>
#include <umka/tty.h>
#include "test_util.h"
#include "internal.h"

KTEST(dev_mem_nodes)
{
	struct kstat st;
	struct file *f;
	char buf[64];
	int nonzero = 0;

	KT_ASSERT_EQ(kt_stat("/dev/null", 0, &st), 0);
	KT_ASSERT(S_ISCHR(st.mode));
	KT_ASSERT_EQ(st.rdev, MKDEV(1, 3));
	KT_ASSERT_EQ(new_encode_dev(st.rdev), 0x103);
	KT_ASSERT_EQ(kt_stat("/dev/ttyS0", 0, &st), 0);
	KT_ASSERT_EQ(new_encode_dev(st.rdev), 0x440);
	f = filp_open("/dev/null", O_RDWR, 0);
	KT_ASSERT(!IS_ERR(f));
	KT_ASSERT_EQ(kernel_read(f, buf, sizeof(buf), NULL), 0);
	KT_ASSERT_EQ(kernel_write(f, buf, sizeof(buf), NULL), 64);
	fput(f);
	memset(buf, 'x', sizeof(buf));
	KT_ASSERT_EQ(kt_read_file("/dev/zero", buf, sizeof(buf)), 64);
	for (int i = 0; i < 64; i++)
		KT_ASSERT_EQ(buf[i], 0);
	f = filp_open("/dev/full", O_WRONLY, 0);
	KT_ASSERT(!IS_ERR(f));
	KT_ASSERT_EQ(kernel_write(f, "x", 1, NULL), -ENOSPC);
	fput(f);
	KT_ASSERT_EQ(kt_read_file("/dev/urandom", buf, sizeof(buf)), 64);
	for (int i = 0; i < 64; i++)
		nonzero += buf[i] != 0;
	KT_ASSERT(nonzero > 32);
	KT_ASSERT_EQ(kt_read_file("/dev/random", buf, 8), 8);
	/* The console exists only after tty_init(), which runs after the
	 * self-tests; /dev/tty needs a controlling terminal. */
	KT_ASSERT(chrdev_lookup(MKDEV(TTYAUX_MAJOR, 1)) != NULL);
	if (!console_tty())
		KT_ASSERT_EQ(kt_open_err("/dev/console", O_RDWR), -ENXIO);
	if (!current->ctty)
		KT_ASSERT_EQ(kt_open_err("/dev/tty", O_RDWR), -ENXIO);
	/* Nobody drives major 240. */
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, "/tmp/nodrv", S_IFCHR | 0600,
				MKDEV(240, 7)), 0);
	KT_ASSERT_EQ(kt_open_err("/tmp/nodrv", O_RDWR), -ENXIO);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/tmp/nodrv"), 0);
	/* Registration refuses overlapping ranges. */
	KT_ASSERT_EQ(register_chrdev(MEM_MAJOR, 0, 4, "clash",
				     &dcache_dir_fops), -EBUSY);
	KT_ASSERT_EQ(register_chrdev(240, 0, 2, "kt", &dcache_dir_fops), 0);
	KT_ASSERT_EQ(register_chrdev(240, 1, 1, "kt2", &dcache_dir_fops),
		     -EBUSY);
	unregister_chrdev(240, 0, 2);
	KT_ASSERT_EQ(register_chrdev(240, 1, 1, "kt2", &dcache_dir_fops), 0);
	unregister_chrdev(240, 1, 1);
	/* Unprivileged device nodes are refused. */
	current->cred.fsuid = 1000;
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, "/tmp/cdev", S_IFCHR | 0600,
				MKDEV(1, 3)), -EPERM);
	current->cred.fsuid = 0;
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, "/tmp/dir", S_IFDIR | 0600, 0),
		     -EPERM);
}

KTEST(random_bytes)
{
	u64 a = get_random_u64(), b = get_random_u64();
	u8 buf[300];
	int seen[8] = { 0 };

	KT_ASSERT(a != b);
	get_random_bytes(buf, sizeof(buf));
	for (unsigned int i = 0; i < sizeof(buf); i++)
		seen[buf[i] >> 5]++;
	for (int i = 0; i < 8; i++)
		KT_ASSERT(seen[i] > 10);	/* roughly uniform */
}

KTEST(vfs_mount_umount)
{
	struct kstat root, m, up;
	struct file *f;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/mnt", 0755), 0);
	KT_ASSERT_EQ(kt_write_file("/mnt/under", "u", 1), 1);
	KT_ASSERT_EQ(do_mount("none", "/mnt", "tmpfs", 0, NULL), 0);
	KT_ASSERT(!kt_exists("/mnt/under"));	/* hidden by the mount */
	KT_ASSERT_EQ(kt_write_file("/mnt/over", "o", 1), 1);
	KT_ASSERT_EQ(kt_stat("/", 0, &root), 0);
	KT_ASSERT_EQ(kt_stat("/mnt", 0, &m), 0);
	KT_ASSERT(m.dev != root.dev);
	KT_ASSERT_EQ(m.mode & 07777, 01777);
	/* ".." at a mount's root goes to the parent mount. */
	KT_ASSERT_EQ(kt_stat("/mnt/..", 0, &up), 0);
	KT_ASSERT_EQ(up.ino, root.ino);
	KT_ASSERT_EQ(up.dev, root.dev);
	KT_ASSERT_EQ(do_mount("none", "/mnt", "nosuchfs", 0, NULL), -ENODEV);
	KT_ASSERT_EQ(do_mount("none", "/mnt/over", "tmpfs", 0, NULL),
		     -ENOTDIR);
	/* Busy while a file is open on it. */
	f = filp_open("/mnt/over", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f));
	KT_ASSERT_EQ(do_umount("/mnt", 0), -EBUSY);
	fput(f);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/mnt"), -EBUSY);
	KT_ASSERT_EQ(do_umount("/mnt/over", 0), -EINVAL);
	KT_ASSERT_EQ(do_umount("/", 0), -EBUSY);
	KT_ASSERT_EQ(do_umount("/mnt", 0), 0);
	KT_ASSERT(kt_exists("/mnt/under"));
	KT_ASSERT(!kt_exists("/mnt/over"));
	/* A bind mount shows the same files. */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/bind", 0755), 0);
	KT_ASSERT_EQ(do_mount("/mnt", "/bind", NULL, 4096 /* MS_BIND */,
			      NULL), 0);
	KT_ASSERT(kt_exists("/bind/under"));
	KT_ASSERT_EQ(do_umount("/bind", 0), 0);
	/* devtmpfs mounts the one /dev instance again. */
	KT_ASSERT_EQ(do_mount("devtmpfs", "/mnt", "devtmpfs", 0, NULL), 0);
	KT_ASSERT(kt_exists("/mnt/null"));
	KT_ASSERT_EQ(do_umount("/mnt", 0), 0);
	KT_ASSERT(kt_exists("/dev/null"));
}
