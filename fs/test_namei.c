// SPDX-License-Identifier: MIT
/* Self-tests: path walk, symlinks, dirfd-relative lookups, permissions. */
#include <umka/ktest.h>
#include <umka/kprintf.h>
#include "test_util.h"

static bool is_dir(const char *path)
{
	struct kstat st;

	return !kt_stat(path, 0, &st) && S_ISDIR(st.mode);
}

KTEST(vfs_path_walk)
{
	struct kstat a, b;
	struct path p;
	char longname[300];

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/pw", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/pw/a", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "pw/a/b", 0755), 0);	/* cwd is / */
	KT_ASSERT_EQ(kt_write_file("/pw/a/f", "x", 1), 1);
	KT_ASSERT(is_dir("/pw/a/b"));
	KT_ASSERT(is_dir("/pw/a/./b/../b/"));
	KT_ASSERT(is_dir("//pw///a//b//"));
	KT_ASSERT(is_dir("/pw/a/b/../../a"));
	/* ".." of the root is the root. */
	KT_ASSERT_EQ(kt_stat("/../../..", 0, &a), 0);
	KT_ASSERT_EQ(kt_stat("/", 0, &b), 0);
	KT_ASSERT_EQ(a.ino, b.ino);
	KT_ASSERT_EQ(kt_stat("/pw/nope", 0, &a), -ENOENT);
	KT_ASSERT_EQ(kt_stat("/pw/nope/x", 0, &a), -ENOENT);
	KT_ASSERT_EQ(kt_stat("/pw/a/f/x", 0, &a), -ENOTDIR);
	KT_ASSERT_EQ(kt_stat("/pw/a/f/", 0, &a), -ENOTDIR);
	KT_ASSERT_EQ(kt_stat("/pw/a/f/.", 0, &a), -ENOTDIR);
	KT_ASSERT_EQ(kt_stat("", 0, &a), -ENOENT);
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "/pw/", 4);
	longname[sizeof(longname) - 1] = 0;
	KT_ASSERT_EQ(kt_stat(longname, 0, &a), -ENAMETOOLONG);
	KT_ASSERT_EQ(kern_path_at(AT_FDCWD, "/pw/a/f", LOOKUP_DIRECTORY, &p),
		     -ENOTDIR);
	/* mkdir with a trailing slash is fine; a file with one is not. */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/pw/c/", 0755), 0);
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, "/pw/g/", S_IFREG | 0644, 0),
		     -ENOENT);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/pw/a", 0755), -EEXIST);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/pw/.", 0755), -EEXIST);
	KT_ASSERT_EQ(kt_open_err("/pw/newfile/", O_CREAT | O_WRONLY), -EISDIR);
	KT_ASSERT_EQ(kt_open_err("/pw/a", O_WRONLY), -EISDIR);
	KT_ASSERT_EQ(kt_open_err("/pw/a/f", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	KT_ASSERT_EQ(kt_open_err("/pw/a/f", O_CREAT | O_EXCL | O_WRONLY),
		     -EEXIST);
}

KTEST(vfs_symlinks)
{
	struct kstat st, tgt;
	char buf[64], name[32], target[32];
	struct file *f;
	long n;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/sl", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/sl/d", 0755), 0);
	KT_ASSERT_EQ(kt_write_file("/sl/d/file", "hello", 5), 5);
	KT_ASSERT_EQ(do_symlinkat("d/file", AT_FDCWD, "/sl/rel"), 0);
	KT_ASSERT_EQ(do_symlinkat("/sl/d", AT_FDCWD, "/sl/abs"), 0);
	KT_ASSERT_EQ(do_symlinkat("rel", AT_FDCWD, "/sl/chain"), 0);
	KT_ASSERT_EQ(do_symlinkat("nowhere", AT_FDCWD, "/sl/dangling"), 0);
	KT_ASSERT_EQ(do_symlinkat("", AT_FDCWD, "/sl/empty"), -ENOENT);
	KT_ASSERT_EQ(kt_read_file("/sl/chain", buf, sizeof(buf)), 5);
	KT_ASSERT(!memcmp(buf, "hello", 5));
	KT_ASSERT_EQ(kt_read_file("/sl/abs/file", buf, sizeof(buf)), 5);
	KT_ASSERT_EQ(kt_read_file("/sl/abs/../rel", buf, sizeof(buf)), 5);
	/* Followed or not. */
	KT_ASSERT_EQ(kt_stat("/sl/rel", AT_SYMLINK_NOFOLLOW, &st), 0);
	KT_ASSERT(S_ISLNK(st.mode));
	KT_ASSERT_EQ(st.size, 6);
	KT_ASSERT_EQ(kt_stat("/sl/rel", 0, &st), 0);
	KT_ASSERT_EQ(kt_stat("/sl/d/file", 0, &tgt), 0);
	KT_ASSERT_EQ(st.ino, tgt.ino);
	/* A trailing slash always follows. */
	KT_ASSERT_EQ(kt_stat("/sl/abs/", AT_SYMLINK_NOFOLLOW, &st), 0);
	KT_ASSERT(S_ISDIR(st.mode));
	n = do_readlinkat(AT_FDCWD, "/sl/rel", buf, sizeof(buf));
	KT_ASSERT_EQ(n, 6);
	KT_ASSERT(!memcmp(buf, "d/file", 6));
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, "/sl/d", buf, 8), -EINVAL);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, "/sl/rel", buf, 3), 3);
	/* O_NOFOLLOW refuses; O_PATH|O_NOFOLLOW opens the link itself. */
	KT_ASSERT_EQ(kt_open_err("/sl/rel", O_RDONLY | O_NOFOLLOW), -ELOOP);
	f = filp_open("/sl/rel", O_PATH | O_NOFOLLOW, 0);
	KT_ASSERT(!IS_ERR(f));
	KT_ASSERT(S_ISLNK(f->f_inode->i_mode));
	fput(f);
	/* O_CREAT through a dangling link creates its target. */
	KT_ASSERT_EQ(kt_open_err("/sl/dangling", O_CREAT | O_WRONLY), 0);
	KT_ASSERT(kt_exists("/sl/nowhere"));
	KT_ASSERT_EQ(kt_open_err("/sl/rel", O_CREAT | O_EXCL | O_WRONLY),
		     -EEXIST);
	/* Loops. */
	KT_ASSERT_EQ(do_symlinkat("loop2", AT_FDCWD, "/sl/loop1"), 0);
	KT_ASSERT_EQ(do_symlinkat("loop1", AT_FDCWD, "/sl/loop2"), 0);
	KT_ASSERT_EQ(do_symlinkat("self", AT_FDCWD, "/sl/self"), 0);
	KT_ASSERT_EQ(kt_stat("/sl/loop1", 0, &st), -ELOOP);
	KT_ASSERT_EQ(kt_stat("/sl/self/x", 0, &st), -ELOOP);
	KT_ASSERT_EQ(kt_stat("/sl/loop1", AT_SYMLINK_NOFOLLOW, &st), 0);
	/* A chain of exactly MAXSYMLINKS resolves; one more is a loop. */
	for (int i = 0; i <= MAXSYMLINKS; i++) {
		snprintf(name, sizeof(name), "/sl/c%d", i);
		if (i == MAXSYMLINKS)
			snprintf(target, sizeof(target), "d/file");
		else
			snprintf(target, sizeof(target), "c%d", i + 1);
		KT_ASSERT_EQ(do_symlinkat(target, AT_FDCWD, name), 0);
	}
	KT_ASSERT_EQ(kt_stat("/sl/c1", 0, &st), 0);	/* 40 links */
	KT_ASSERT_EQ(kt_stat("/sl/c0", 0, &st), -ELOOP);	/* 41 */
	/* RESOLVE_NO_SYMLINKS refuses even one. */
	f = do_filp_open(AT_FDCWD, "/sl/abs/file", O_RDONLY, 0,
			 RESOLVE_NO_SYMLINKS);
	KT_ASSERT_EQ(PTR_ERR(f), -ELOOP);
}

KTEST(vfs_dirfd_relative)
{
	struct kstat st;
	int dfd, ffd;

	kt_ctx_enter();
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/dr", 0755), 0);
	dfd = kt_open("/dr", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(dfd >= 0);
	KT_ASSERT_EQ(do_mkdirat(dfd, "sub", 0755), 0);
	KT_ASSERT_EQ(do_symlinkat("sub", dfd, "lnk"), 0);
	KT_ASSERT(is_dir("/dr/sub"));
	KT_ASSERT_EQ(vfs_statat(dfd, "lnk", 0, &st), 0);
	KT_ASSERT(S_ISDIR(st.mode));
	KT_ASSERT_EQ(vfs_statat(dfd, "../dr/sub", 0, &st), 0);
	/* An absolute name ignores dirfd, even a bad one. */
	KT_ASSERT_EQ(vfs_statat(1000, "/dr/sub", 0, &st), 0);
	KT_ASSERT_EQ(vfs_statat(1000, "sub", 0, &st), -EBADF);
	ffd = kt_open("/dr/file", O_CREAT | O_RDWR, 0644);
	KT_ASSERT(ffd >= 0);
	KT_ASSERT_EQ(vfs_statat(ffd, "x", 0, &st), -ENOTDIR);
	/* AT_EMPTY_PATH: the descriptor itself. */
	KT_ASSERT_EQ(vfs_statat(ffd, "", AT_EMPTY_PATH, &st), 0);
	KT_ASSERT(S_ISREG(st.mode));
	KT_ASSERT_EQ(vfs_statat(ffd, "", 0, &st), -ENOENT);
	/* RESOLVE_BENEATH: no escape upwards or to absolute names. */
	KT_ASSERT(IS_ERR(do_filp_open(dfd, "../dr", O_RDONLY, 0,
				      RESOLVE_BENEATH)));
	{
		struct file *f = do_filp_open(dfd, "sub/../file", O_RDONLY, 0,
					      RESOLVE_BENEATH);

		KT_ASSERT(!IS_ERR(f));
		fput(f);
	}
	/* RESOLVE_IN_ROOT: "/" means the dirfd. */
	{
		struct file *f = do_filp_open(dfd, "/file", O_RDONLY, 0,
					      RESOLVE_IN_ROOT);

		KT_ASSERT(!IS_ERR(f));
		fput(f);
	}
	kt_ctx_leave();
}

KTEST(vfs_permissions)
{
	struct cred saved = current->cred;
	struct kstat st;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/perm", 0755), 0);
	KT_ASSERT_EQ(kt_write_file("/perm/secret", "s", 1), 1);
	{
		struct path p;

		KT_ASSERT_EQ(kern_path_at(AT_FDCWD, "/perm/secret", 0, &p), 0);
		KT_ASSERT_EQ(vfs_chmod(p.dentry->d_inode, 0600), 0);
		path_put(&p);
	}
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/perm/closed", 0700), 0);
	current->cred.fsuid = current->cred.euid = 1000;
	current->cred.fsgid = 1000;
	KT_ASSERT_EQ(kt_open_err("/perm/secret", O_RDONLY), -EACCES);
	KT_ASSERT_EQ(kt_open_err("/perm/new", O_CREAT | O_WRONLY), -EACCES);
	KT_ASSERT_EQ(kt_stat("/perm/closed/x", 0, &st), -EACCES);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/perm/secret"), -EACCES);
	/* /tmp is sticky and world-writable: create, but not others' files. */
	KT_ASSERT_EQ(kt_open_err("/tmp/mine", O_CREAT | O_WRONLY), 0);
	KT_ASSERT_EQ(kt_stat("/tmp/mine", 0, &st), 0);
	KT_ASSERT_EQ(st.uid, 1000);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/tmp/mine"), 0);
	current->cred = saved;
	KT_ASSERT_EQ(kt_open_err("/tmp/roots", O_CREAT | O_WRONLY), 0);
	current->cred.fsuid = 1000;
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/tmp/roots"), -EPERM);
	current->cred = saved;
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/tmp/roots"), 0);
	/* Root reads anything. */
	KT_ASSERT_EQ(kt_open_err("/perm/secret", O_RDONLY), 0);
}
