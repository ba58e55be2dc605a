/*
 * The namespace calls: mkdir/rmdir, unlink, rename/renameat2, link,
 * symlink/readlink, mknod, getdents64, chdir/fchdir/getcwd, chroot,
 * chmod/chown/utimensat, access/faccessat2, mount/umount2 and statfs.
 * Edge cases and errno values as Linux gives them; run on Linux it
 * exits 0 as well.
 */
#include "check.h"
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include "uapi.h"

#define BADP ((void *)8)

static char top[64];

static long sys(long nr, long a, long b, long c, long d, long e)
{
	return syscall(nr, a, b, c, d, e);
}

static int touch(const char *name)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	return fd < 0 ? -1 : close(fd);
}

static int put(const char *name, const char *data)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = fd < 0 ? -1 : write(fd, data, strlen(data));

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(data) ? 0 : -1;
}

static void test_mkdir_rmdir(void)
{
	char name[NAME_MAX + 2];

	CHECK(mkdir("a", 0755) == 0);
	CHECK_ERR(mkdir("a", 0755), EEXIST);
	CHECK_ERR(mkdir("a/", 0755), EEXIST);
	CHECK_ERR(mkdir("", 0755), ENOENT);
	CHECK_ERR(mkdir("no/such", 0755), ENOENT);
	CHECK_ERR(sys(SYS_mkdir, (long)BADP, 0755, 0, 0, 0), EFAULT);
	CHECK(touch("file") == 0);
	CHECK_ERR(mkdir("file/x", 0755), ENOTDIR);
	CHECK_ERR(mkdir("file", 0755), EEXIST);
	CHECK(mkdir("a/b/", 0700) == 0);		/* a trailing slash is fine */
	memset(name, 'm', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	CHECK_ERR(mkdir(name, 0755), ENAMETOOLONG);
	name[NAME_MAX] = '\0';
	CHECK(mkdir(name, 0755) == 0 && rmdir(name) == 0);
	CHECK(mkdirat(AT_FDCWD, "c", 0755) == 0);
	CHECK_ERR(mkdirat(1000, "c2", 0755), EBADF);

	CHECK_ERR(rmdir("a"), ENOTEMPTY);
	CHECK_ERR(rmdir("file"), ENOTDIR);
	CHECK_ERR(rmdir("missing"), ENOENT);
	CHECK_ERR(rmdir("a/b/."), EINVAL);
	CHECK_ERR(rmdir("a/b/.."), ENOTEMPTY);
	CHECK_ERR(rmdir(""), ENOENT);
	CHECK(rmdir("a/b/") == 0);
	CHECK(rmdir("c") == 0);
	CHECK_ERR(rmdir("c"), ENOENT);
}

static void test_unlink(void)
{
	CHECK_ERR(unlink("a"), EISDIR);
	CHECK_ERR(unlink("missing"), ENOENT);
	CHECK_ERR(unlink(""), ENOENT);
	CHECK_ERR(unlink("file/"), ENOTDIR);
	CHECK_ERR(unlinkat(AT_FDCWD, "file", 0x1), EINVAL);
	CHECK_ERR(unlinkat(AT_FDCWD, "file", AT_REMOVEDIR), ENOTDIR);
	CHECK(mkdir("e", 0755) == 0);
	CHECK(unlinkat(AT_FDCWD, "e", AT_REMOVEDIR) == 0);
	CHECK(touch("g") == 0);
	/* An open file outlives its name. */
	int fd = open("g", O_RDWR);
	CHECK(fd >= 0 && unlink("g") == 0);
	CHECK(write(fd, "kept", 4) == 4 && pread(fd, top + 60, 4, 0) == 4);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0 && st.st_size == 4);
	CHECK(close(fd) == 0);
	CHECK_ERR(access("g", F_OK), ENOENT);
}

static void test_rename(void)
{
	struct stat st, st2;

	CHECK(put("r1", "one") == 0 && put("r2", "two") == 0);
	CHECK(mkdir("rd", 0755) == 0 && mkdir("rd/sub", 0755) == 0);
	CHECK(mkdir("empty", 0755) == 0);
	CHECK_ERR(rename("missing", "x"), ENOENT);
	CHECK_ERR(rename("r1", "missing/x"), ENOENT);
	CHECK_ERR(rename("rd", "rd/sub/x"), EINVAL);	/* into itself */
	CHECK_ERR(rename("r1", "rd"), EISDIR);
	CHECK_ERR(rename("rd", "r1"), ENOTDIR);
	CHECK_ERR(rename("empty", "rd"), ENOTEMPTY);
	CHECK_ERR(rename("r1", "r2/"), ENOTDIR);
	CHECK_ERR(rename(".", "x"), EBUSY);
	CHECK_ERR(rename("rd/..", "x"), EBUSY);
	/* Over an existing file: the old one goes. */
	CHECK(stat("r1", &st) == 0);
	CHECK(rename("r1", "r2") == 0);
	CHECK(stat("r2", &st2) == 0 && st2.st_ino == st.st_ino);
	CHECK_ERR(access("r1", F_OK), ENOENT);
	/* Onto itself, or onto another link of the same file: nothing. */
	CHECK(rename("r2", "r2") == 0 && access("r2", F_OK) == 0);
	CHECK(link("r2", "r2link") == 0);
	CHECK(rename("r2", "r2link") == 0);
	CHECK(access("r2", F_OK) == 0 && access("r2link", F_OK) == 0);
	CHECK(unlink("r2link") == 0);
	/* A directory over an empty directory. */
	CHECK(rename("rd", "empty") == 0);
	CHECK(stat("empty/sub", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK_ERR(access("rd", F_OK), ENOENT);
	CHECK(rename("empty", "rd") == 0);
	/* Moving a directory between parents fixes both link counts. */
	CHECK(mkdir("p2", 0755) == 0);
	CHECK(rename("rd/sub", "p2/sub") == 0);
	CHECK(stat("rd", &st) == 0 && st.st_nlink == 2);
	CHECK(stat("p2", &st) == 0 && st.st_nlink == 3);
	CHECK(stat("p2/sub/..", &st) == 0 && stat("p2", &st2) == 0 &&
	      st.st_ino == st2.st_ino);

	/* renameat2 flags. */
	CHECK(put("x1", "1") == 0 && put("x2", "2") == 0);
	CHECK_ERR(sys(SYS_renameat2, AT_FDCWD, (long)"x1", AT_FDCWD,
		      (long)"x2", 1 /* NOREPLACE */), EEXIST);
	CHECK(sys(SYS_renameat2, AT_FDCWD, (long)"x1", AT_FDCWD, (long)"x3",
		  1) == 0);
	CHECK(sys(SYS_renameat2, AT_FDCWD, (long)"x3", AT_FDCWD, (long)"x2",
		  2 /* EXCHANGE */) == 0);
	char c = 0;
	int fd = open("x2", O_RDONLY);
	CHECK(fd >= 0 && read(fd, &c, 1) == 1 && c == '1' && close(fd) == 0);
	fd = open("x3", O_RDONLY);
	CHECK(fd >= 0 && read(fd, &c, 1) == 1 && c == '2' && close(fd) == 0);
	CHECK_ERR(sys(SYS_renameat2, AT_FDCWD, (long)"x3", AT_FDCWD,
		      (long)"nothere", 2), ENOENT);
	CHECK_ERR(sys(SYS_renameat2, AT_FDCWD, (long)"x3", AT_FDCWD,
		      (long)"x2", 3), EINVAL);
	CHECK_ERR(sys(SYS_renameat2, AT_FDCWD, (long)"x3", AT_FDCWD,
		      (long)"x2", 0x100), EINVAL);
	/* Exchanging a file and a directory is allowed. */
	CHECK(sys(SYS_renameat2, AT_FDCWD, (long)"x3", AT_FDCWD, (long)"p2",
		  2) == 0);
	CHECK(stat("x3/sub", &st) == 0 && stat("p2", &st) == 0 &&
	      S_ISREG(st.st_mode));
	CHECK(sys(SYS_renameat2, AT_FDCWD, (long)"x3", AT_FDCWD, (long)"p2",
		  2) == 0);
	CHECK_ERR(renameat(1000, "x2", AT_FDCWD, "x4"), EBADF);
	CHECK(unlink("x2") == 0 && unlink("x3") == 0);
	CHECK(rmdir("p2/sub") == 0 && rmdir("p2") == 0 && rmdir("rd") == 0);
}

static void test_links(void)
{
	char buf[PATH_MAX + 2];
	static char longt[PATH_MAX + 2];
	struct stat st;

	CHECK(put("t", "target") == 0);
	CHECK(link("t", "t2") == 0);
	CHECK(stat("t", &st) == 0 && st.st_nlink == 2);
	CHECK_ERR(link("t", "t2"), EEXIST);
	CHECK_ERR(link("missing", "t3"), ENOENT);
	CHECK_ERR(link("a", "adir"), EPERM);		/* no directory links */
	CHECK_ERR(link("t", "missing/t3"), ENOENT);
	CHECK_ERR(linkat(AT_FDCWD, "t", AT_FDCWD, "t3", 0x1), EINVAL);
	CHECK(unlink("t2") == 0 && stat("t", &st) == 0 && st.st_nlink == 1);

	CHECK(symlink("t", "s") == 0);
	CHECK_ERR(symlink("t", "s"), EEXIST);
	CHECK_ERR(symlink("", "s0"), ENOENT);
	CHECK_ERR(symlink("t", "missing/s"), ENOENT);
	memset(longt, 'x', PATH_MAX);
	longt[PATH_MAX] = '\0';
	CHECK_ERR(symlink(longt, "slong"), ENAMETOOLONG);
	longt[PATH_MAX - 1] = '\0';
	CHECK(symlink(longt, "slong") == 0);
	CHECK(readlink("slong", buf, sizeof(buf)) == PATH_MAX - 1);
	CHECK(unlink("slong") == 0);
	CHECK(readlink("s", buf, sizeof(buf)) == 1 && buf[0] == 't');
	CHECK_ERR(sys(SYS_readlink, (long)"s", (long)buf, 0, 0, 0), EINVAL);
	CHECK(symlink("a/long/target", "s2") == 0);
	CHECK(readlink("s2", buf, 4) == 4 && memcmp(buf, "a/lo", 4) == 0);
	CHECK_ERR(readlink("t", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink("missing", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(readlink("s", BADP, sizeof(buf)), EFAULT);
	CHECK(readlinkat(AT_FDCWD, "s", buf, sizeof(buf)) == 1);
	/* A link to a link, and a loop. */
	CHECK(symlink("s", "ss") == 0);
	CHECK(stat("ss", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0);
	CHECK_ERR(open("loop1", O_RDONLY), ELOOP);
	CHECK_ERR(stat("loop1", &st), ELOOP);
	CHECK(lstat("loop1", &st) == 0 && S_ISLNK(st.st_mode));
	CHECK_ERR(open("loop1/x", O_RDONLY), ELOOP);
	/* A trailing slash follows the link; lstat then sees the target. */
	CHECK(symlink("a", "sdir") == 0);
	CHECK(lstat("sdir/", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK_ERR(rmdir("sdir/"), ENOTDIR);
	/* unlink removes the link, not what it points to. */
	CHECK(unlink("ss") == 0 && access("s", F_OK) == 0);
	CHECK(unlink("s") == 0 && unlink("s2") == 0 && unlink("sdir") == 0);
	CHECK(unlink("loop1") == 0 && unlink("loop2") == 0);
	/* Link from another directory: the target resolves from the link. */
	CHECK(symlink("../t", "a/up") == 0);
	CHECK(stat("a/up", &st) == 0 && st.st_size == 6);
	CHECK(unlink("a/up") == 0);
}

static void test_mknod(void)
{
	struct stat st;

	CHECK(mknod("fifo", S_IFIFO | 0600, 0) == 0);
	CHECK(stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK_ERR(mknod("fifo", S_IFIFO | 0600, 0), EEXIST);
	CHECK(mknod("reg", S_IFREG | 0600, 0) == 0);
	CHECK(stat("reg", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0);
	CHECK(mknod("reg2", 0600, 0) == 0);		/* type 0: regular */
	CHECK(stat("reg2", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(mknod("null2", S_IFCHR | 0666, makedev(1, 3)) == 0);
	CHECK(stat("null2", &st) == 0 && S_ISCHR(st.st_mode) &&
	      major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
	int fd = open("null2", O_RDWR);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3 && close(fd) == 0);
	CHECK_ERR(mknod("dir", S_IFDIR | 0755, 0), EPERM);
	CHECK_ERR(mknod("bad", 0170000 | 0600, 0), EINVAL);
	CHECK_ERR(mknodat(1000, "x", S_IFIFO | 0600, 0), EBADF);
	CHECK(unlink("fifo") == 0 && unlink("reg") == 0 && unlink("reg2") == 0);
	CHECK(unlink("null2") == 0);
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void test_getdents(void)
{
	char buf[4096];
	int fd, seen = 0, dots = 0, types_ok = 1;
	long n;

	CHECK(mkdir("ls", 0755) == 0);
	CHECK(touch("ls/one") == 0 && touch("ls/two") == 0);
	CHECK(mkdir("ls/sub", 0755) == 0 && symlink("one", "ls/ln") == 0);
	CHECK((fd = open("ls", O_RDONLY | O_DIRECTORY)) >= 0);
	CHECK_ERR(sys(SYS_getdents64, fd, (long)buf, 1, 0, 0), EINVAL);
	CHECK_ERR(sys(SYS_getdents64, fd, (long)BADP, sizeof(buf), 0, 0),
		  EFAULT);
	CHECK_ERR(sys(SYS_getdents64, 999, (long)buf, sizeof(buf), 0, 0),
		  EBADF);
	while ((n = sys(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				dots++, types_ok &= d->d_type == DT_DIR;
			else
				seen++;
			if (!strcmp(d->d_name, "sub"))
				types_ok &= d->d_type == DT_DIR;
			if (!strcmp(d->d_name, "ln"))
				types_ok &= d->d_type == DT_LNK;
			if (!strcmp(d->d_name, "one"))
				types_ok &= d->d_type == DT_REG;
			off += d->d_reclen;
		}
	}
	CHECK(n == 0 && seen == 4 && dots == 2 && types_ok);
	/* At the end it stays at the end; rewinding starts again. */
	CHECK(sys(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(sys(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0) > 0);
	CHECK(close(fd) == 0);
	/* A buffer with room for one entry at a time. */
	CHECK((fd = open("ls", O_RDONLY | O_DIRECTORY)) >= 0);
	seen = 0;
	while ((n = sys(SYS_getdents64, fd, (long)buf, 32, 0, 0)) > 0)
		seen++;
	CHECK(n == 0 && seen == 6);
	CHECK(close(fd) == 0);
	CHECK((fd = open("ls/one", O_RDONLY)) >= 0);
	CHECK_ERR(sys(SYS_getdents64, fd, (long)buf, sizeof(buf), 0, 0),
		  ENOTDIR);
	CHECK(close(fd) == 0);
	/* readdir through libc sees the same. */
	DIR *dp = opendir("ls");
	struct dirent *de;
	seen = 0;
	CHECK(dp != NULL);
	while ((de = readdir(dp)))
		seen++;
	CHECK(seen == 6 && closedir(dp) == 0);
	CHECK(unlink("ls/one") == 0 && unlink("ls/two") == 0);
	CHECK(unlink("ls/ln") == 0 && rmdir("ls/sub") == 0 && rmdir("ls") == 0);
}

static void test_cwd(void)
{
	char buf[PATH_MAX], here[PATH_MAX];
	int fd;

	CHECK(getcwd(here, sizeof(here)) == here && strcmp(here, top) == 0);
	CHECK(sys(SYS_getcwd, (long)buf, sizeof(buf), 0, 0, 0) ==
	      (long)strlen(top) + 1);
	CHECK_ERR(sys(SYS_getcwd, (long)buf, 0, 0, 0, 0), ERANGE);
	CHECK_ERR(sys(SYS_getcwd, (long)buf, strlen(top), 0, 0, 0), ERANGE);
	CHECK_ERR(sys(SYS_getcwd, (long)BADP, sizeof(buf), 0, 0, 0), EFAULT);
	CHECK_ERR(chdir("file"), ENOTDIR);
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_ERR(chdir(""), ENOENT);
	CHECK_ERR(sys(SYS_chdir, (long)BADP, 0, 0, 0, 0), EFAULT);
	CHECK(chdir("a") == 0 && getcwd(buf, sizeof(buf)) &&
	      strcmp(buf + strlen(top), "/a") == 0);
	CHECK(chdir("..") == 0 && getcwd(buf, sizeof(buf)) &&
	      strcmp(buf, top) == 0);
	CHECK((fd = open("a", O_RDONLY | O_DIRECTORY)) >= 0);
	CHECK(fchdir(fd) == 0 && getcwd(buf, sizeof(buf)) &&
	      strcmp(buf + strlen(top), "/a") == 0);
	CHECK(close(fd) == 0 && chdir(top) == 0);
	CHECK((fd = open("file", O_RDONLY)) >= 0);
	CHECK_ERR(fchdir(fd), ENOTDIR);
	CHECK(close(fd) == 0);
	CHECK_ERR(fchdir(-1), EBADF);
	/* "/.." is "/". */
	CHECK(chdir("/..") == 0 && getcwd(buf, sizeof(buf)) &&
	      strcmp(buf, "/") == 0);
	CHECK(chdir(top) == 0);

	/* chroot, in a child: "/" becomes the directory, ".." stops there. */
	CHECK_ERR(chroot("file"), ENOTDIR);
	CHECK_ERR(chroot("missing"), ENOENT);
	CHECK(touch("a/inside") == 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct stat st;

		if (chroot("a") || chdir("/"))
			_exit(1);
		if (stat("/inside", &st) || stat("/../../inside", &st))
			_exit(2);
		if (!getcwd(buf, sizeof(buf)) || strcmp(buf, "/"))
			_exit(3);
		if (access("/file", F_OK) == 0)
			_exit(4);
		_exit(0);
	}
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(unlink("a/inside") == 0);
}

static void test_attrs(void)
{
	struct stat st;
	struct timespec ts[2];
	int fd;

	CHECK(chmod("file", 0600) == 0 && stat("file", &st) == 0 &&
	      (st.st_mode & 07777) == 0600);
	CHECK(chmod("file", 07777) == 0 && stat("file", &st) == 0 &&
	      (st.st_mode & 07777) == 07777 && S_ISREG(st.st_mode));
	CHECK_ERR(chmod("missing", 0600), ENOENT);
	CHECK_ERR(chmod(BADP, 0600), EFAULT);
	CHECK((fd = open("file", O_RDONLY)) >= 0);
	CHECK(fchmod(fd, 0644) == 0 && fstat(fd, &st) == 0 &&
	      (st.st_mode & 07777) == 0644);
	CHECK_ERR(fchmod(-1, 0644), EBADF);
	CHECK(fchmodat(AT_FDCWD, "file", 0640, 0) == 0);

	/* chown as root; -1 leaves a field alone; set-id bits drop. */
	CHECK(chown("file", 1000, 2000) == 0 && stat("file", &st) == 0 &&
	      st.st_uid == 1000 && st.st_gid == 2000);
	CHECK(chown("file", -1, 3000) == 0 && stat("file", &st) == 0 &&
	      st.st_uid == 1000 && st.st_gid == 3000);
	CHECK(chmod("file", 06755) == 0);
	CHECK(chown("file", 0, 0) == 0 && stat("file", &st) == 0 &&
	      (st.st_mode & 07777) == 0755);
	CHECK(fchown(fd, 5, 5) == 0 && fstat(fd, &st) == 0 && st.st_uid == 5);
	CHECK_ERR(fchown(-1, 0, 0), EBADF);
	CHECK(symlink("file", "lnk") == 0);
	CHECK(lchown("lnk", 7, 7) == 0 && lstat("lnk", &st) == 0 &&
	      st.st_uid == 7 && stat("lnk", &st) == 0 && st.st_uid == 5);
	CHECK_ERR(fchownat(AT_FDCWD, "file", 0, 0, 0x2), EINVAL);
	CHECK(fchownat(fd, "", 0, 0, AT_EMPTY_PATH) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_uid == 0);
	CHECK(unlink("lnk") == 0);

	/* utimensat. */
	ts[0] = (struct timespec){ 1000000000, 5 };
	ts[1] = (struct timespec){ 1200000000, 123456789 };
	CHECK(utimensat(AT_FDCWD, "file", ts, 0) == 0 && stat("file", &st) == 0);
	CHECK(st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 5);
	CHECK(st.st_mtim.tv_sec == 1200000000 &&
	      st.st_mtim.tv_nsec == 123456789);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1] = (struct timespec){ 1300000000, 0 };
	CHECK(utimensat(AT_FDCWD, "file", ts, 0) == 0 && stat("file", &st) == 0);
	CHECK(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1300000000);
	ts[0].tv_nsec = UTIME_NOW;
	ts[1].tv_nsec = UTIME_OMIT;
	time_t now = time(NULL);
	CHECK(utimensat(AT_FDCWD, "file", ts, 0) == 0 && stat("file", &st) == 0);
	CHECK(st.st_atim.tv_sec >= now - 1 && st.st_atim.tv_sec <= now + 1);
	CHECK(st.st_mtim.tv_sec == 1300000000);
	CHECK(utimensat(AT_FDCWD, "file", NULL, 0) == 0 && stat("file", &st) == 0 &&
	      st.st_mtim.tv_sec >= now - 1);
	ts[0] = (struct timespec){ 0, 1000000000 };
	CHECK_ERR(utimensat(AT_FDCWD, "file", ts, 0), EINVAL);
	ts[0] = (struct timespec){ 0, -1 };
	CHECK_ERR(utimensat(AT_FDCWD, "file", ts, 0), EINVAL);
	CHECK_ERR(utimensat(AT_FDCWD, "file", NULL, 0x1), EINVAL);
	CHECK_ERR(utimensat(AT_FDCWD, "missing", NULL, 0), ENOENT);
	CHECK_ERR(sys(SYS_utimensat, AT_FDCWD, (long)"file", (long)BADP, 0, 0),
		  EFAULT);
	CHECK(futimens(fd, NULL) == 0);
	CHECK_ERR(futimens(-1, NULL), EBADF);
	CHECK(close(fd) == 0);
	struct timeval tv[2] = { { 1400000000, 0 }, { 1400000001, 500000 } };
	CHECK(utimes("file", tv) == 0 && stat("file", &st) == 0 &&
	      st.st_mtim.tv_sec == 1400000001 && st.st_mtim.tv_nsec == 500000000);

	/* access and faccessat2. */
	CHECK(chmod("file", 0644) == 0);
	CHECK(access("file", F_OK) == 0 && access("file", R_OK | W_OK) == 0);
	CHECK_ERR(access("file", X_OK), EACCES);	/* even root needs an x bit */
	CHECK(chmod("file", 0100) == 0 && access("file", X_OK) == 0);
	CHECK(access("a", X_OK) == 0);
	CHECK_ERR(access("missing", F_OK), ENOENT);
	CHECK_ERR(access("file", 8), EINVAL);
	CHECK_ERR(access("file/", F_OK), ENOTDIR);
	CHECK_ERR(sys(SYS_faccessat2, AT_FDCWD, (long)"file", F_OK, 0x1, 0),
		  EINVAL);
	CHECK(sys(SYS_faccessat2, AT_FDCWD, (long)"file", X_OK, AT_EACCESS, 0) == 0);
	CHECK(chmod("file", 0644) == 0);
}

static void test_mount_statfs(void)
{
	struct statfs sf;
	struct stat st, st2;
	int fd;

	CHECK(mkdir("mnt", 0755) == 0);
	CHECK(mount("none", "mnt", "tmpfs", 0, "size=1m") == 0);
	CHECK(stat("mnt", &st) == 0 && stat(".", &st2) == 0 &&
	      st.st_dev != st2.st_dev);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_type == UMKA_TMPFS_MAGIC);
	CHECK(sf.f_bsize == 4096 && sf.f_blocks == 256 && sf.f_bfree == 256);
	CHECK(sf.f_namelen == 255);
	CHECK(touch("mnt/f") == 0);
	CHECK_ERR(rename("mnt/f", "f-moved"), EXDEV);
	CHECK_ERR(link("mnt/f", "f-linked"), EXDEV);
	CHECK((fd = open("mnt/f", O_RDONLY)) >= 0);
	CHECK(fstatfs(fd, &sf) == 0 && sf.f_type == UMKA_TMPFS_MAGIC);
	CHECK_ERR(umount("mnt"), EBUSY);
	CHECK(close(fd) == 0);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_files > 2);
	long ffree = sf.f_ffree;
	CHECK(touch("mnt/g") == 0 && statfs("mnt", &sf) == 0 &&
	      (long)sf.f_ffree == ffree - 1);
	CHECK(unlink("mnt/g") == 0 && statfs("mnt", &sf) == 0 &&
	      (long)sf.f_ffree == ffree);
	/* size= is enforced: a write past it is short, then ENOSPC. */
	static char big[(1 << 20) + 8192];
	CHECK((fd = open("mnt/big", O_WRONLY | O_CREAT, 0600)) >= 0);
	CHECK(write(fd, big, 10000) == 10000);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_bfree == 256 - 3);
	CHECK(write(fd, big, sizeof(big)) == (1 << 20) - 10000);
	CHECK_ERR(write(fd, big, 1), ENOSPC);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_bfree == 0 && sf.f_bavail == 0);
	CHECK(ftruncate(fd, 4096) == 0);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_bfree == 255);
	CHECK(close(fd) == 0 && unlink("mnt/big") == 0);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_bfree == 256);
	CHECK((sf.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_RDONLY)) == 0);
	CHECK_ERR(umount2("mnt", 0x100), EINVAL);
	CHECK(umount("mnt") == 0);
	CHECK_ERR(access("mnt/f", F_OK), ENOENT);
	CHECK_ERR(umount("mnt"), EINVAL);		/* not a mount point */
	CHECK_ERR(umount("missing"), ENOENT);
	CHECK_ERR(mount("none", "mnt", "nosuchfs", 0, NULL), ENODEV);
	CHECK_ERR(mount("none", "mnt", "tmpfs", 0, "bogus=1"), EINVAL);
	CHECK_ERR(mount("none", "mnt", "tmpfs", 0, "size=12q"), EINVAL);
	CHECK_ERR(mount("none", "mnt", "tmpfs", 0, "mode=999"), EINVAL);
	/* nr_inodes counts the root: two more fit. */
	CHECK(mount("none", "mnt", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		    "nr_inodes=3,mode=700,uid=12,gid=34") == 0);
	CHECK(stat("mnt", &st) == 0 && (st.st_mode & 07777) == 0700 &&
	      st.st_uid == 12 && st.st_gid == 34);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_files == 3 && sf.f_ffree == 2);
	CHECK((sf.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC)) ==
	      (ST_NOSUID | ST_NODEV | ST_NOEXEC));
	CHECK(touch("mnt/1") == 0 && mkdir("mnt/2", 0755) == 0);
	CHECK_ERR(touch("mnt/3"), ENOSPC);
	CHECK_ERR(symlink("x", "mnt/3"), ENOSPC);
	CHECK(unlink("mnt/1") == 0 && symlink("x", "mnt/3") == 0);
	CHECK(umount("mnt") == 0);
	int pfd[2];
	CHECK(pipe(pfd) == 0 && fstatfs(pfd[0], &sf) == 0 &&
	      sf.f_type == 0x50495045 /* PIPEFS_MAGIC */);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	CHECK_ERR(mount("none", "missing", "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR(mount("none", "file", "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(mount("none", BADP, "tmpfs", 0, NULL), EFAULT);
	/* proc and sysfs report their own magic numbers. */
	CHECK(mount("proc", "mnt", "proc", 0, NULL) == 0);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_type == UMKA_PROC_SUPER_MAGIC);
	CHECK(stat("mnt/self", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(umount("mnt") == 0);
	CHECK(mount("sysfs", "mnt", "sysfs", 0, NULL) == 0);
	CHECK(statfs("mnt", &sf) == 0 && sf.f_type == UMKA_SYSFS_MAGIC);
	CHECK(umount("mnt") == 0);
	CHECK(statfs("/dev", &sf) == 0 && sf.f_type == UMKA_TMPFS_MAGIC);
	CHECK_ERR(statfs("missing", &sf), ENOENT);
	CHECK_ERR(sys(SYS_statfs, (long)"mnt", (long)BADP, 0, 0, 0), EFAULT);
	CHECK_ERR(fstatfs(-1, &sf), EBADF);
	CHECK(rmdir("mnt") == 0);
}

int main(void)
{
	strcpy(top, "/tmp/dirs.XXXXXX");
	CHECK(mkdtemp(top) != NULL && chdir(top) == 0);
	umask(022);
	test_mkdir_rmdir();
	test_unlink();
	test_rename();
	test_links();
	test_mknod();
	test_getdents();
	test_cwd();
	test_attrs();
	test_mount_statfs();
	CHECK(unlink("file") == 0 && unlink("t") == 0 && rmdir("a") == 0);
	CHECK(unlink("r2") == 0);
	CHECK(chdir("/") == 0 && rmdir(top) == 0);
	return 0;
}
