/*
 * File system calls on open files: open/openat/openat2 flags and their
 * errors, read/write and their vectored and positioned forms, lseek,
 * dup/fcntl/close_range, the stat family, ioctl, the memory devices,
 * pipes, sendfile and sync.  Bad pointers, bad descriptors, bad flags
 * and boundary sizes throughout; run on Linux it exits 0 as well.
 */
#include "check.h"
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <termios.h>
#include "uapi.h"

#define statx(d, p, f, m, b) syscall(SYS_statx, d, p, f, m, b)

#define BADP ((void *)8)		/* never mapped */
#define KERNP ((void *)0xffff800000001000UL)

static char dir[64];

static long sys(long nr, long a, long b, long c, long d, long e)
{
	return syscall(nr, a, b, c, d, e);
}

static int make_file(const char *name, const char *data)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	if (data && write(fd, data, strlen(data)) != (ssize_t)strlen(data)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static void test_open_errors(void)
{
	char name[NAME_MAX + 2];
	static char path[PATH_MAX + 8];
	int fd;

	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(sys(SYS_open, 0, O_RDONLY, 0, 0, 0), EFAULT);
	CHECK_ERR(sys(SYS_open, (long)BADP, O_RDONLY, 0, 0, 0), EFAULT);
	CHECK_ERR(sys(SYS_open, (long)KERNP, O_RDONLY, 0, 0, 0), EFAULT);
	CHECK_ERR(open("missing", O_RDONLY), ENOENT);
	CHECK_ERR(open("missing/x", O_RDONLY | O_CREAT, 0644), ENOENT);
	CHECK(make_file("f", "hello") == 0);
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f/", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open("f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK(mkdir("d", 0755) == 0);
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(open("d", O_RDWR), EISDIR);
	CHECK_ERR(open("d", O_WRONLY | O_CREAT, 0644), EISDIR);
	CHECK_ERR(open("d/", O_CREAT | O_RDONLY, 0644), EISDIR);
	CHECK((fd = open("d", O_RDONLY | O_DIRECTORY)) >= 0 && close(fd) == 0);
	CHECK((fd = open("d/", O_RDONLY)) >= 0 && close(fd) == 0);
	/* Since Linux 6.4 O_CREAT|O_DIRECTORY is refused outright. */
	CHECK_ERR(open("newdir", O_CREAT | O_DIRECTORY | O_RDONLY, 0755),
		  EINVAL);
	CHECK_ERR(access("newdir", F_OK), ENOENT);

	/* NAME_MAX and PATH_MAX. */
	memset(name, 'n', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	CHECK_ERR(open(name, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(open(name, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	name[NAME_MAX] = '\0';
	CHECK((fd = open(name, O_CREAT | O_WRONLY, 0644)) >= 0 && close(fd) == 0);
	CHECK(unlink(name) == 0);
	memset(path, 0, sizeof(path));
	for (int i = 0; i < 2045; i++)
		memcpy(path + 2 * i, "./", 2);
	strcpy(path + 4090, "////f");	/* 4095 bytes: just fits */
	CHECK(strlen(path) == PATH_MAX - 1);
	CHECK((fd = open(path, O_RDONLY)) >= 0 && close(fd) == 0);
	memmove(path + 1, path, PATH_MAX);	/* 4096 bytes: one too many */
	CHECK(strlen(path) == PATH_MAX);
	CHECK_ERR(open(path, O_RDONLY), ENAMETOOLONG);
}

static void test_open_flags(void)
{
	char buf[32];
	int fd, fd2;

	/* O_EXCL and O_NOFOLLOW against symlinks. */
	CHECK(symlink("f", "lnk") == 0);
	CHECK(symlink("nowhere", "dangling") == 0);
	CHECK_ERR(open("lnk", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR(open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERR(open("dangling", O_RDONLY), ENOENT);
	CHECK_ERR(open("lnk", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	/* O_NOFOLLOW only concerns the last component. */
	CHECK(symlink("d", "dlnk") == 0);
	CHECK(make_file("d/in", "x") == 0);
	CHECK((fd = open("dlnk/in", O_RDONLY | O_NOFOLLOW)) >= 0 && close(fd) == 0);
	/* Creating through a dangling link creates its target. */
	CHECK((fd = open("dangling", O_CREAT | O_WRONLY, 0644)) >= 0 &&
	      close(fd) == 0);
	CHECK(access("nowhere", F_OK) == 0 && unlink("nowhere") == 0);

	/* O_PATH: a handle for fstat and *at, not for I/O. */
	CHECK((fd = open("lnk", O_PATH | O_NOFOLLOW)) >= 0);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(close(fd) == 0);
	CHECK((fd = open("f", O_PATH)) >= 0);
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK((fcntl(fd, F_GETFL) & O_PATH) == O_PATH);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
	CHECK(close(fd) == 0);

	/* O_TRUNC, O_APPEND, O_CLOEXEC. */
	CHECK((fd = open("f", O_RDWR | O_TRUNC)) >= 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
	CHECK(write(fd, "abc", 3) == 3 && close(fd) == 0);
	CHECK((fd = open("f", O_WRONLY | O_APPEND | O_CLOEXEC)) >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "de", 2) == 2);
	CHECK(lseek(fd, 0, SEEK_CUR) == 5);
	/* pwrite on an O_APPEND file appends too (a documented Linux quirk). */
	CHECK(pwrite(fd, "f", 1, 0) == 1);
	CHECK(close(fd) == 0);
	CHECK((fd = open("f", O_RDONLY)) >= 0);
	CHECK(read(fd, buf, sizeof(buf)) == 6 && memcmp(buf, "abcdef", 6) == 0);
	CHECK(close(fd) == 0);

	/* The lowest free descriptor is taken. */
	CHECK((fd = open("f", O_RDONLY)) >= 0 && (fd2 = open("f", O_RDONLY)) > fd);
	CHECK(close(fd) == 0 && open("f", O_RDONLY) == fd);
	CHECK(close(fd) == 0 && close(fd2) == 0);

	/* openat: bad and non-directory dirfds. */
	CHECK_ERR(openat(999, "f", O_RDONLY), EBADF);
	CHECK_ERR(openat(-5, "f", O_RDONLY), EBADF);
	CHECK((fd = open("f", O_RDONLY)) >= 0);
	CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR);
	CHECK((fd2 = openat(999, "/dev/null", O_RDONLY)) >= 0);
	CHECK(close(fd2) == 0 && close(fd) == 0);
	CHECK((fd = open("d", O_RDONLY | O_DIRECTORY)) >= 0);
	CHECK((fd2 = openat(fd, "in", O_RDONLY)) >= 0 && close(fd2) == 0);
	CHECK(close(fd) == 0);
}

static void test_openat2(void)
{
	struct umka_open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY;
	CHECK((fd = sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&how,
			sizeof(how), 0)) >= 0 && close(fd) == 0);
	CHECK_ERR(sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&how, 8, 0),
		  EINVAL);
	CHECK_ERR(sys(SYS_openat2, AT_FDCWD, (long)"f", (long)BADP,
		      sizeof(how), 0), EFAULT);
	how.flags = 1ULL << 40;			/* not a flag at all */
	CHECK_ERR(sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&how,
		      sizeof(how), 0), EINVAL);
	how.flags = O_RDONLY;
	how.mode = 0644;			/* a mode without O_CREAT */
	CHECK_ERR(sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&how,
		      sizeof(how), 0), EINVAL);
	how.mode = 0;
	how.resolve = UMKA_RESOLVE_NO_SYMLINKS;
	CHECK_ERR(sys(SYS_openat2, AT_FDCWD, (long)"lnk", (long)&how,
		      sizeof(how), 0), ELOOP);
	how.resolve = 0x1000;			/* unknown RESOLVE_ bit */
	CHECK_ERR(sys(SYS_openat2, AT_FDCWD, (long)"f", (long)&how,
		      sizeof(how), 0), EINVAL);
}

static void test_read_write(void)
{
	char buf[64];
	int fd, ro, wo, d;

	CHECK((fd = open("rw", O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	CHECK(write(fd, "0123456789", 10) == 10);
	CHECK(write(fd, buf, 0) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(read(fd, buf, 0) == 0);
	CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "0123", 4) == 0);
	CHECK(read(fd, buf, sizeof(buf)) == 6);
	CHECK(read(fd, buf, sizeof(buf)) == 0);		/* EOF */
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK_ERR(read(fd, BADP, 4), EFAULT);
	CHECK_ERR(read(fd, KERNP, 4), EFAULT);
	CHECK_ERR(write(fd, BADP, 4), EFAULT);
	CHECK_ERR(write(fd, KERNP, 4), EFAULT);
	/* A count beyond the address space is a bad buffer, not a short read. */
	CHECK_ERR(read(fd, buf, SIZE_MAX), EFAULT);
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK_ERR(read(-1, buf, 1), EBADF);
	CHECK_ERR(read(4095, buf, 1), EBADF);
	CHECK_ERR(write(INT_MAX, buf, 1), EBADF);

	CHECK((ro = open("rw", O_RDONLY)) >= 0 && (wo = open("rw", O_WRONLY)) >= 0);
	CHECK_ERR(write(ro, "x", 1), EBADF);
	CHECK_ERR(read(wo, buf, 1), EBADF);
	CHECK_ERR(pread(wo, buf, 1, 0), EBADF);
	CHECK_ERR(pwrite(ro, "x", 1, 0), EBADF);
	CHECK(close(ro) == 0 && close(wo) == 0);
	CHECK((d = open("d", O_RDONLY)) >= 0);
	CHECK_ERR(read(d, buf, 1), EISDIR);
	CHECK(close(d) == 0);

	/* pread/pwrite leave the offset alone and refuse negative ones. */
	CHECK(lseek(fd, 3, SEEK_SET) == 3);
	CHECK(pread(fd, buf, 3, 7) == 3 && memcmp(buf, "789", 3) == 0);
	CHECK(pread(fd, buf, 3, 100) == 0);
	CHECK(pwrite(fd, "AB", 2, 1) == 2);
	CHECK(lseek(fd, 0, SEEK_CUR) == 3);
	CHECK(pread(fd, buf, 4, 0) == 4 && memcmp(buf, "0AB3", 4) == 0);
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_ERR(pwrite(fd, buf, 1, -4096), EINVAL);
	CHECK_ERR(pread(fd, BADP, 1, 0), EFAULT);

	/* lseek. */
	CHECK(lseek(fd, 0, SEEK_END) == 10);
	CHECK(lseek(fd, -4, SEEK_END) == 6);
	CHECK(lseek(fd, 2, SEEK_CUR) == 8);
	CHECK_ERR(lseek(fd, -20, SEEK_CUR), EINVAL);
	CHECK(lseek(fd, 0, SEEK_CUR) == 8);		/* unchanged */
	CHECK_ERR(lseek(fd, 0, 7), EINVAL);
	CHECK_ERR(lseek(99, 0, SEEK_SET), EBADF);
	/* Past the end: a write there leaves a hole that reads as zeros. */
	CHECK(lseek(fd, 4096, SEEK_SET) == 4096);
	CHECK(write(fd, "z", 1) == 1);
	CHECK(pread(fd, buf, 4, 10) == 4 && memcmp(buf, "\0\0\0\0", 4) == 0);
	CHECK(lseek(fd, 0, SEEK_END) == 4097);
	/* SEEK_DATA/SEEK_HOLE: with no hole tracking, data to the end. */
	CHECK(lseek(fd, 0, SEEK_DATA) == 0);
	CHECK(lseek(fd, 0, SEEK_HOLE) == 4097);
	CHECK_ERR(lseek(fd, 5000, SEEK_DATA), ENXIO);
	CHECK_ERR(lseek(fd, 5000, SEEK_HOLE), ENXIO);
	CHECK(close(fd) == 0);
}

static void test_vectors(void)
{
	char a[4], b[8];
	struct iovec iov[3] = {
		{ "ab", 2 }, { NULL, 0 }, { "cdefg", 5 },
	};
	static struct iovec many[1025];
	int fd;

	CHECK((fd = open("vec", O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	CHECK(writev(fd, iov, 3) == 7);
	CHECK(writev(fd, iov, 0) == 0);
	CHECK_ERR(writev(fd, iov, -1), EINVAL);
	for (int i = 0; i < 1025; i++)
		many[i] = (struct iovec){ "x", 1 };
	CHECK(writev(fd, many, 1024) == 1024);		/* IOV_MAX */
	CHECK_ERR(writev(fd, many, 1025), EINVAL);
	CHECK_ERR(writev(fd, BADP, 1), EFAULT);
	iov[1] = (struct iovec){ BADP, 1 };
	CHECK(writev(fd, iov, 3) == 2);		/* stops at the bad segment */
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	struct iovec rd[2] = { { a, 4 }, { b, 8 } };
	CHECK(readv(fd, rd, 2) == 12);
	CHECK(memcmp(a, "abcd", 4) == 0 && memcmp(b, "efgxxxxx", 8) == 0);
	CHECK(preadv(fd, rd, 1, 2) == 4 && memcmp(a, "cdef", 4) == 0);
	CHECK_ERR(preadv(fd, rd, 1, -1), EINVAL);
	CHECK(pwritev(fd, rd, 1, 0) == 4);
	CHECK(pread(fd, b, 4, 0) == 4 && memcmp(b, "cdef", 4) == 0);
	CHECK_ERR(readv(-1, rd, 1), EBADF);
	CHECK(close(fd) == 0);
}

static void test_dup_fcntl(void)
{
	int fd, fd2;

	CHECK((fd = open("f", O_RDWR)) >= 0);
	CHECK_ERR(dup(-1), EBADF);
	CHECK_ERR(dup(777), EBADF);
	CHECK((fd2 = dup(fd)) > fd && fcntl(fd2, F_GETFD) == 0);
	CHECK(close(fd2) == 0);
	CHECK(dup2(fd, fd) == fd);
	CHECK_ERR(dup2(777, 40), EBADF);
	CHECK_ERR(dup2(fd, -1), EBADF);
	CHECK_ERR(dup2(fd, 1 << 20), EBADF);		/* beyond RLIMIT_NOFILE */
	CHECK(dup2(fd, 40) == 40 && fcntl(40, F_GETFD) == 0);
	CHECK_ERR(sys(SYS_dup3, fd, fd, 0, 0, 0), EINVAL);
	CHECK_ERR(sys(SYS_dup3, fd, 41, O_NONBLOCK, 0, 0), EINVAL);
	CHECK(dup3(fd, 41, O_CLOEXEC) == 41 && fcntl(41, F_GETFD) == FD_CLOEXEC);
	/* dup2 onto an open descriptor closes it first, atomically. */
	CHECK(dup2(41, 40) == 40 && fcntl(40, F_GETFD) == 0);
	/* The duplicates share the file offset. */
	CHECK(lseek(40, 2, SEEK_SET) == 2 && lseek(fd, 0, SEEK_CUR) == 2);
	CHECK(close(40) == 0 && close(41) == 0);
	CHECK_ERR(close(40), EBADF);
	CHECK_ERR(close(-1), EBADF);

	CHECK(fcntl(fd, F_GETFD) == 0);
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_SETFD, 0) == 0 && fcntl(fd, F_GETFD) == 0);
	CHECK((fd2 = fcntl(fd, F_DUPFD, 100)) == 100 && fcntl(100, F_GETFD) == 0);
	CHECK(fcntl(fd, F_DUPFD, 100) == 101);
	CHECK(fcntl(fd, F_DUPFD_CLOEXEC, 100) == 102 &&
	      fcntl(102, F_GETFD) == FD_CLOEXEC);
	CHECK(close(100) == 0 && close(101) == 0 && close(102) == 0);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(fcntl(fd, F_DUPFD, 1 << 20), EINVAL);
	CHECK_ERR(fcntl(fd, 9999), EINVAL);
	CHECK_ERR(fcntl(-1, F_GETFD), EBADF);
	CHECK_ERR(fcntl(fd, F_GETPIPE_SZ), EBADF);
	CHECK_ERR(fcntl(500, F_GETFL), EBADF);
	CHECK((fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND)) == O_RDWR);
	CHECK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK) == 0);
	CHECK((fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK)) ==
	      (O_APPEND | O_NONBLOCK));
	/* F_SETFL cannot change the access mode. */
	CHECK(fcntl(fd, F_SETFL, O_RDONLY) == 0);
	CHECK((fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND)) == O_RDWR);
	CHECK(close(fd) == 0);

	/* close_range. */
	CHECK((fd = open("f", O_RDONLY)) >= 0);
	CHECK(dup2(fd, 60) == 60 && dup2(fd, 61) == 61 && dup2(fd, 63) == 63);
	CHECK_ERR(sys(SYS_close_range, 61, 60, 0, 0, 0), EINVAL);
	CHECK_ERR(sys(SYS_close_range, 60, 63, 0x40, 0, 0), EINVAL);
	CHECK(sys(SYS_close_range, 61, 61, 4 /* CLOEXEC */, 0, 0) == 0);
	CHECK(fcntl(61, F_GETFD) == FD_CLOEXEC && fcntl(60, F_GETFD) == 0);
	CHECK(sys(SYS_close_range, 60, ~0U, 0, 0, 0) == 0);
	CHECK_ERR(fcntl(60, F_GETFD), EBADF);
	CHECK_ERR(fcntl(63, F_GETFD), EBADF);
	CHECK(fcntl(fd, F_GETFD) == 0 && close(fd) == 0);
}

static void test_stat(void)
{
	struct stat st, st2;
	struct umka_statx sx;
	int fd;

	CHECK_ERR(stat("missing", &st), ENOENT);
	CHECK_ERR(stat("", &st), ENOENT);
	CHECK_ERR(sys(SYS_stat, 0, (long)&st, 0, 0, 0), EFAULT);
	CHECK_ERR(sys(SYS_stat, (long)"f", (long)BADP, 0, 0, 0), EFAULT);
	CHECK_ERR(stat("f/x", &st), ENOTDIR);
	CHECK_ERR(fstat(-1, &st), EBADF);
	CHECK_ERR(fstat(333, &st), EBADF);
	CHECK(stat("f", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 6 &&
	      st.st_nlink == 1 && st.st_ino != 0 && st.st_blksize > 0);
	CHECK(lstat("lnk", &st2) == 0 && S_ISLNK(st2.st_mode) && st2.st_size == 1);
	CHECK(stat("lnk", &st2) == 0 && st2.st_ino == st.st_ino &&
	      st2.st_dev == st.st_dev);
	CHECK(stat("d", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 2);
	CHECK(mkdir("d/sub", 0700) == 0);
	CHECK(stat("d", &st) == 0 && st.st_nlink == 3);	/* sub's ".." */
	CHECK(rmdir("d/sub") == 0 && stat("d", &st) == 0 && st.st_nlink == 2);

	/* fstatat flags. */
	CHECK((fd = open("f", O_RDONLY)) >= 0);
	CHECK(fstatat(fd, "", &st, AT_EMPTY_PATH) == 0 && st.st_size == 6);
	CHECK_ERR(fstatat(fd, "", &st, 0), ENOENT);
	CHECK_ERR(fstatat(AT_FDCWD, "f", &st, 0x1234), EINVAL);
	CHECK(fstatat(AT_FDCWD, "lnk", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	      S_ISLNK(st.st_mode));
	CHECK_ERR(fstatat(fd, "x", &st, 0), ENOTDIR);

	/* statx. */
	memset(&sx, 0xa5, sizeof(sx));
	CHECK(statx(AT_FDCWD, "f", 0, UMKA_STATX_BASIC_STATS, &sx) == 0);
	CHECK((sx.stx_mask & UMKA_STATX_BASIC_STATS) == UMKA_STATX_BASIC_STATS);
	CHECK(sx.stx_size == 6 && S_ISREG(sx.stx_mode) && sx.stx_nlink == 1);
	CHECK(statx(fd, "", AT_EMPTY_PATH, UMKA_STATX_SIZE, &sx) == 0 &&
	      sx.stx_size == 6);
	CHECK(statx(AT_FDCWD, "lnk", AT_SYMLINK_NOFOLLOW, UMKA_STATX_MODE, &sx) == 0 &&
	      S_ISLNK(sx.stx_mode));
	CHECK_ERR(statx(AT_FDCWD, "f", 0x40000000, UMKA_STATX_BASIC_STATS, &sx),
		  EINVAL);
	CHECK_ERR(statx(AT_FDCWD, "f", UMKA_AT_STATX_FORCE_SYNC |
			UMKA_AT_STATX_DONT_SYNC, UMKA_STATX_BASIC_STATS, &sx), EINVAL);
	CHECK_ERR(statx(AT_FDCWD, "f", 0, 0x80000000U, &sx), EINVAL);
	CHECK_ERR(statx(AT_FDCWD, "f", 0, UMKA_STATX_BASIC_STATS, BADP), EFAULT);
	CHECK_ERR(statx(AT_FDCWD, "missing", 0, UMKA_STATX_BASIC_STATS, &sx), ENOENT);
	CHECK(close(fd) == 0);

	/* umask applies to the mode given at creation. */
	mode_t old = umask(027);
	CHECK(umask(old) == 027);
	umask(022);
	CHECK((fd = open("m", O_CREAT | O_WRONLY, 0666)) >= 0 && close(fd) == 0);
	CHECK(stat("m", &st) == 0 && (st.st_mode & 07777) == 0644);
	CHECK(mkdir("md", 0777) == 0 && stat("md", &st) == 0 &&
	      (st.st_mode & 07777) == 0755);
	umask(old);
	CHECK(unlink("m") == 0 && rmdir("md") == 0);
}

static void test_ioctl_devices(void)
{
	char buf[16];
	int fd, n = -1, z;

	CHECK((fd = open("f", O_RDWR)) >= 0);
	CHECK(ioctl(fd, FIONREAD, &n) == 0 && n == 6);
	CHECK(read(fd, buf, 2) == 2 && ioctl(fd, FIONREAD, &n) == 0 && n == 4);
	CHECK_ERR(ioctl(fd, FIONREAD, BADP), EFAULT);
	z = 1;
	CHECK(ioctl(fd, FIONBIO, &z) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK));
	z = 0;
	CHECK(ioctl(fd, FIONBIO, &z) == 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK));
	CHECK(ioctl(fd, FIOCLEX) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(ioctl(fd, FIONCLEX) == 0 && fcntl(fd, F_GETFD) == 0);
	struct termios t;
	CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY);
	CHECK_ERR(ioctl(fd, 0x5401ff), ENOTTY);
	CHECK_ERR(ioctl(-1, FIONREAD, &n), EBADF);
	CHECK(close(fd) == 0);

	CHECK((fd = open("/dev/null", O_RDWR)) >= 0);
	CHECK(read(fd, buf, sizeof(buf)) == 0 && write(fd, buf, 16) == 16);
	CHECK(close(fd) == 0);
	CHECK((fd = open("/dev/zero", O_RDONLY)) >= 0);
	memset(buf, 1, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 16 && buf[0] == 0 && buf[15] == 0);
	CHECK_ERR(read(fd, BADP, 16), EFAULT);
	CHECK(close(fd) == 0);
	CHECK((fd = open("/dev/full", O_WRONLY)) >= 0);
	CHECK_ERR(write(fd, "x", 1), ENOSPC);
	CHECK(close(fd) == 0);
	CHECK((fd = open("/dev/urandom", O_RDONLY)) >= 0);
	CHECK(read(fd, buf, sizeof(buf)) == 16 && close(fd) == 0);
}

static volatile sig_atomic_t sigpipes;

static void on_pipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void test_pipes(void)
{
	static char big[70000];
	int p[2], n;
	char c;

	CHECK_ERR(sys(SYS_pipe, (long)BADP, 0, 0, 0, 0), EFAULT);
	CHECK_ERR(pipe2(p, 0x1234), EINVAL);
	CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);
	CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK((fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(pread(p[0], &c, 1, 0), ESPIPE);
	CHECK_ERR(pwrite(p[1], &c, 1, 0), ESPIPE);
	CHECK_ERR(write(p[0], "x", 1), EBADF);
	CHECK_ERR(read(p[1], &c, 1), EBADF);
	CHECK(write(p[1], "xyz", 3) == 3);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 3);
	CHECK(fcntl(p[0], F_GETPIPE_SZ) == 65536);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 5000) == 8192);
	CHECK(fcntl(p[0], F_GETPIPE_SZ) == 8192);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 0) == 4096);
	CHECK(read(p[0], &c, 1) == 1 && c == 'x');	/* contents kept */
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 65536) == 65536);
	CHECK(write(p[1], "x", 1) == 1);
	/* A non-blocking writer fills the pipe, partly, then gets EAGAIN. */
	ssize_t w = write(p[1], big, sizeof(big));
	CHECK(w > 60000 && w <= 65536 - 3);
	CHECK_ERR(write(p[1], "x", 1), EAGAIN);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == w + 3);
	CHECK_ERR(ftruncate(p[1], 0), EINVAL);
	CHECK_ERR(fsync(p[1]), EINVAL);
	CHECK(close(p[1]) == 0);
	CHECK(read(p[0], big, sizeof(big)) == w + 3);
	CHECK(read(p[0], &c, 1) == 0);		/* EOF: no writer left */
	CHECK(close(p[0]) == 0);
	CHECK(pipe(p) == 0 && write(p[1], big, 5000) == 5000);
	CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, 4096), EBUSY);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);

	/* No reader: SIGPIPE, and EPIPE when it is ignored or handled. */
	signal(SIGPIPE, on_pipe);
	CHECK(pipe(p) == 0 && close(p[0]) == 0);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK(sigpipes == 1);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK(sigpipes == 1);
	signal(SIGPIPE, SIG_DFL);
	CHECK(close(p[1]) == 0);

	/* poll on a pipe. */
	struct pollfd pf[2];
	CHECK(pipe(p) == 0);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	CHECK(poll(pf, 2, 0) == 1 && pf[0].revents == 0 && pf[1].revents == POLLOUT);
	CHECK(write(p[1], "a", 1) == 1);
	CHECK(poll(pf, 2, 0) == 2 && pf[0].revents == POLLIN);
	CHECK(close(p[1]) == 0);
	CHECK(poll(pf, 1, 0) == 1 && pf[0].revents == (POLLIN | POLLHUP));
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(poll(pf, 1, 0) == 1 && pf[0].revents == POLLHUP);
	CHECK(close(p[0]) == 0);

	/* mkfifo: a named pipe; non-blocking write open with no reader. */
	CHECK(mkfifo("fifo", 0600) == 0);
	struct stat st;
	CHECK(stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK_ERR(open("fifo", O_WRONLY | O_NONBLOCK), ENXIO);
	CHECK((p[0] = open("fifo", O_RDONLY | O_NONBLOCK)) >= 0);
	CHECK((p[1] = open("fifo", O_WRONLY | O_NONBLOCK)) >= 0);
	CHECK(write(p[1], "q", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'q');
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
	CHECK_ERR(mkfifo("fifo", 0600), EEXIST);
	CHECK(unlink("fifo") == 0);
}

/*
 * Extended attributes on tmpfs: Linux 6.1 keeps no user.* ones there
 * (UmkaOS none at all), so the calls fail cleanly and lists are empty.
 */
static void test_xattr(void)
{
	char longname[300], buf[64];
	int fd = open("xa", O_CREAT | O_RDWR, 0644);

	memset(longname, 'u', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK(fd >= 0 && symlink("missing", "xa_dangling") == 0);
	CHECK(getxattr("xa", "user.x", buf, sizeof(buf)) == -1 &&
	      (errno == EOPNOTSUPP || errno == ENODATA));
	CHECK(fgetxattr(fd, "user.x", buf, sizeof(buf)) == -1 &&
	      (errno == EOPNOTSUPP || errno == ENODATA));
	CHECK(listxattr("xa", buf, sizeof(buf)) == 0);
	CHECK(flistxattr(fd, NULL, 0) == 0);
	CHECK(llistxattr("xa_dangling", buf, sizeof(buf)) == 0);
	CHECK_ERR(listxattr("xa_dangling", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(getxattr("nothere", "user.x", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(getxattr((char *)BADP, "user.x", buf, sizeof(buf)), EFAULT);
	CHECK_ERR(getxattr("xa", (char *)BADP, buf, sizeof(buf)), EFAULT);
	CHECK_ERR(getxattr("xa", "", buf, sizeof(buf)), ERANGE);
	CHECK_ERR(getxattr("xa", longname, buf, sizeof(buf)), ERANGE);
	CHECK_ERR(fgetxattr(999, "user.x", buf, sizeof(buf)), EBADF);
	CHECK_ERR(setxattr("xa", "user.x", "v", 1, 4), EINVAL);
	CHECK_ERR(setxattr("xa", "user.x", "v", 65537, 0), E2BIG);
	CHECK_ERR(setxattr("xa", "user.x", "v", 1, 0), EOPNOTSUPP);
	CHECK_ERR(fsetxattr(fd, "user.x", "v", 1, XATTR_CREATE), EOPNOTSUPP);
	CHECK(removexattr("xa", "user.x") == -1 &&
	      (errno == EOPNOTSUPP || errno == ENODATA));
	CHECK_ERR(flistxattr(999, buf, sizeof(buf)), EBADF);
	CHECK(close(fd) == 0 && unlink("xa") == 0 &&
	      unlink("xa_dangling") == 0);
}

/*
 * /proc/self/fd/N leads to the open file itself: a pipe reopens as that
 * pipe (bash's <(...) relies on it), even with its writer gone, and an
 * unlinked file can still be opened.
 */
static void test_proc_fd_reopen(void)
{
	int mounted = access("/proc/self", F_OK) &&
		      mount("proc", "/proc", "proc", 0, NULL) == 0;
	char name[64], buf[16];
	int p[2], r, fd, fd2;

	CHECK(pipe(p) == 0 && write(p[1], "through", 7) == 7);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", p[0]);
	CHECK(readlink(name, buf, sizeof(buf)) > 6 && !memcmp(buf, "pipe:[", 6));
	CHECK(close(p[1]) == 0);
	r = open(name, O_RDONLY);
	CHECK(r >= 0 && r != p[0]);
	CHECK(read(r, buf, sizeof(buf)) == 7 && !memcmp(buf, "through", 7));
	CHECK(read(r, buf, sizeof(buf)) == 0);	/* no writer left: EOF */
	CHECK(close(r) == 0 && close(p[0]) == 0);

	fd = open("gone", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0 && write(fd, "kept", 4) == 4 && unlink("gone") == 0);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	fd2 = open(name, O_RDONLY);
	CHECK(fd2 >= 0 && read(fd2, buf, sizeof(buf)) == 4 &&
	      !memcmp(buf, "kept", 4));
	CHECK(close(fd2) == 0 && close(fd) == 0);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	CHECK_ERR(open(name, O_RDONLY), ENOENT);
	if (mounted)
		CHECK(umount("/proc") == 0);
}

/* memfd_create: an unlinked tmpfs file that mmap can share. */
static void test_memfd(void)
{
	char longname[260], buf[8];
	struct stat st;
	char *m;
	int fd = memfd_create("umka", MFD_CLOEXEC);

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 0 &&
	      st.st_size == 0);
	CHECK(ftruncate(fd, 8192) == 0 && pwrite(fd, "memfd", 5, 4096) == 5);
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED && !memcmp(m + 4096, "memfd", 5));
	memcpy(m, "shared", 6);
	CHECK(pread(fd, buf, 6, 0) == 6 && !memcmp(buf, "shared", 6));
	CHECK(munmap(m, 8192) == 0 && close(fd) == 0);
	fd = memfd_create("", 0);
	CHECK(fd >= 0 && !(fcntl(fd, F_GETFD) & FD_CLOEXEC) && close(fd) == 0);
	CHECK_ERR(memfd_create("x", 0x100), EINVAL);
	CHECK_ERR(memfd_create(longname, 0), EINVAL);
	CHECK_ERR(memfd_create((char *)BADP, 0), EFAULT);
}

/* copy_file_range: at offsets or file positions, with Linux's errors. */
static void test_copy_file_range(void)
{
	char data[10000], back[10000];
	int src = open("cfr_src", O_CREAT | O_RDWR | O_TRUNC, 0600);
	int dst = open("cfr_dst", O_CREAT | O_RDWR | O_TRUNC, 0600);
	int app = open("cfr_dst", O_WRONLY | O_APPEND), wo, p[2];
	loff_t in = 100, out = 20000;
	struct stat st;

	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7 + 3);
	CHECK(src >= 0 && dst >= 0 && app >= 0);
	CHECK(write(src, data, sizeof(data)) == sizeof(data) &&
	      lseek(src, 0, SEEK_SET) == 0);
	CHECK(copy_file_range(src, NULL, dst, NULL, sizeof(data), 0) ==
	      sizeof(data));
	CHECK(lseek(src, 0, SEEK_CUR) == sizeof(data) &&
	      lseek(dst, 0, SEEK_CUR) == sizeof(data));
	CHECK(pread(dst, back, sizeof(back), 0) == sizeof(back) &&
	      !memcmp(data, back, sizeof(data)));
	CHECK(copy_file_range(src, &in, dst, &out, 50, 0) == 50 && in == 150 &&
	      out == 20050 && lseek(src, 0, SEEK_CUR) == sizeof(data));
	CHECK(fstat(dst, &st) == 0 && st.st_size == 20050);
	CHECK(pread(dst, back, 50, 20000) == 50 && !memcmp(back, data + 100, 50));
	in = sizeof(data);
	CHECK(copy_file_range(src, &in, dst, NULL, 10, 0) == 0);	/* EOF */
	CHECK_ERR(copy_file_range(src, NULL, dst, NULL, 10, 1), EINVAL);
	CHECK_ERR(copy_file_range(src, NULL, app, NULL, 10, 0), EBADF);
	wo = open("cfr_src", O_WRONLY);
	CHECK(wo >= 0);
	CHECK_ERR(copy_file_range(wo, NULL, dst, NULL, 10, 0), EBADF);
	CHECK(pipe(p) == 0);
	CHECK_ERR(copy_file_range(src, NULL, p[1], NULL, 10, 0), EINVAL);
	in = 0, out = 10;
	CHECK_ERR(copy_file_range(src, &in, src, &out, 100, 0), EINVAL);
	CHECK_ERR(copy_file_range(src, (loff_t *)BADP, dst, NULL, 10, 0),
		  EFAULT);
	CHECK_ERR(copy_file_range(999, NULL, dst, NULL, 10, 0), EBADF);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0 && close(wo) == 0);
	CHECK(close(app) == 0 && close(src) == 0 && close(dst) == 0);
	CHECK(unlink("cfr_src") == 0 && unlink("cfr_dst") == 0);
}

/* fallocate: space allocated now, the size kept or grown. */
static void test_fallocate(void)
{
	int fd = open("fa", O_CREAT | O_RDWR | O_TRUNC, 0600);
	int ro = open("fa", O_RDONLY), p[2];
	char buf[100], zero[100] = { 0 };
	struct stat st;

	CHECK(fd >= 0 && ro >= 0 && pipe(p) == 0);
	CHECK(fallocate(fd, 0, 0, 10000) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 10000 &&
	      st.st_blocks >= 10000 / 512);
	CHECK(pread(fd, buf, sizeof(buf), 5000) == sizeof(buf) &&
	      !memcmp(buf, zero, sizeof(buf)));
	CHECK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 10000, 20000) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 10000 &&
	      st.st_blocks >= 30000 / 512);
	CHECK(pwrite(fd, "x", 1, 20000) == 1 && fstat(fd, &st) == 0 &&
	      st.st_size == 20001);
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL);
	CHECK_ERR(fallocate(fd, 0, -1, 10), EINVAL);
	CHECK_ERR(fallocate(fd, 0x100, 0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(ro, 0, 0, 10), EBADF);
	CHECK_ERR(fallocate(p[1], 0, 0, 10), ESPIPE);
	CHECK_ERR(fallocate(999, 0, 0, 10), EBADF);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0 && close(ro) == 0);
	CHECK(close(fd) == 0 && unlink("fa") == 0);
}

/* sync_file_range: flags and ranges checked; writeback of memory is done. */
static void test_sync_file_range(void)
{
	int fd = open("sfr", O_CREAT | O_RDWR, 0600), p[2];

	CHECK(fd >= 0 && write(fd, "data", 4) == 4 && pipe(p) == 0);
	CHECK(sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) == 0);
	CHECK(sync_file_range(fd, 0, 4, SYNC_FILE_RANGE_WAIT_BEFORE |
			      SYNC_FILE_RANGE_WRITE |
			      SYNC_FILE_RANGE_WAIT_AFTER) == 0);
	CHECK_ERR(sync_file_range(fd, 0, 0, 8), EINVAL);
	CHECK_ERR(sync_file_range(fd, -1, 0, 0), EINVAL);
	CHECK_ERR(sync_file_range(p[0], 0, 0, 0), ESPIPE);
	CHECK_ERR(sync_file_range(999, 0, 0, 0), EBADF);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
	CHECK(close(fd) == 0 && unlink("sfr") == 0);
}

/* Access hints: checked, then accepted (nothing to prefetch on tmpfs). */
static void test_fadvise(void)
{
	int fd = open("adv", O_CREAT | O_RDWR, 0600);
	int wo = open("adv", O_WRONLY), p[2];

	CHECK(fd >= 0 && wo >= 0 && pipe(p) == 0);
	CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0);
	CHECK(posix_fadvise(fd, 4096, 100, POSIX_FADV_DONTNEED) == 0);
	CHECK(posix_fadvise(fd, 0, 0, 99) == EINVAL);
	CHECK(posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL) == EINVAL);
	CHECK(posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL) == ESPIPE);
	CHECK(posix_fadvise(999, 0, 0, POSIX_FADV_NORMAL) == EBADF);
	CHECK(readahead(fd, 0, 65536) == 0);
	CHECK_ERR(readahead(wo, 0, 4096), EBADF);
	CHECK_ERR(readahead(p[0], 0, 4096), EINVAL);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0 && close(wo) == 0);
	CHECK(close(fd) == 0 && unlink("adv") == 0);
}

static void flock_alarm(int sig)
{
	(void)sig;
}

/* flock: locks belong to open file descriptions, not to processes. */
static void test_flock(void)
{
	int a = open("lk", O_CREAT | O_RDWR, 0600), b = open("lk", O_RDWR);
	int c = open("lk", O_RDONLY), d, status;
	struct sigaction sa = { .sa_handler = flock_alarm };	/* no restart */
	pid_t pid;

	CHECK(a >= 0 && b >= 0 && c >= 0);
	CHECK(flock(a, LOCK_EX) == 0 && flock(a, LOCK_EX | LOCK_NB) == 0);
	CHECK_ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	d = dup(a);	/* the same description: the same lock */
	CHECK(d >= 0 && flock(d, LOCK_EX | LOCK_NB) == 0);
	CHECK(flock(a, LOCK_UN) == 0 && flock(b, LOCK_SH | LOCK_NB) == 0);
	CHECK(flock(c, LOCK_SH | LOCK_NB) == 0);
	/* A failed conversion has already dropped the old lock. */
	CHECK_ERR(flock(c, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK(flock(b, LOCK_UN) == 0 && flock(a, LOCK_EX | LOCK_NB) == 0);
	CHECK(close(a) == 0);	/* d still holds the description */
	CHECK_ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK(close(d) == 0 && flock(b, LOCK_EX | LOCK_NB) == 0);
	/* A child waits for the lock; our unlock lets it through. */
	pid = fork();
	if (pid == 0) {
		int e = open("lk", O_RDWR);

		_exit(flock(e, LOCK_EX) == 0 && flock(b, LOCK_UN) == 0 ? 0 : 1);
	}
	usleep(50000);
	CHECK(flock(b, LOCK_UN) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	/* A signal interrupts a blocked flock (no SA_RESTART): EINTR. */
	CHECK(flock(b, LOCK_EX) == 0 && sigaction(SIGALRM, &sa, NULL) == 0);
	alarm(1);
	CHECK_ERR(flock(c, LOCK_SH), EINTR);
	CHECK_ERR(flock(c, 0), EINVAL);
	CHECK_ERR(flock(c, LOCK_SH | LOCK_EX), EINVAL);
	CHECK_ERR(flock(999, LOCK_SH), EBADF);
	CHECK(close(b) == 0 && flock(c, LOCK_EX | LOCK_NB) == 0);
	CHECK(close(c) == 0 && unlink("lk") == 0);
	signal(SIGALRM, SIG_DFL);
}

static void test_sendfile_sync(void)
{
	char buf[16];
	off_t off;
	int in, out, ro;

	CHECK((in = open("f", O_RDONLY)) >= 0);
	CHECK((out = open("copy", O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	CHECK(sendfile(out, in, NULL, 100) == 6);
	CHECK(lseek(in, 0, SEEK_CUR) == 6);
	CHECK(sendfile(out, in, NULL, 100) == 0);
	off = 3;
	CHECK(sendfile(out, in, &off, 2) == 2 && off == 5);
	CHECK(lseek(in, 0, SEEK_CUR) == 6);		/* untouched */
	CHECK(sendfile(out, in, &off, 0) == 0);
	CHECK(pread(out, buf, 8, 0) == 8 && memcmp(buf, "abcdefde", 8) == 0);
	CHECK_ERR(sendfile(out, 999, NULL, 1), EBADF);
	CHECK_ERR(sendfile(999, in, NULL, 1), EBADF);
	CHECK((ro = open("copy", O_RDONLY)) >= 0);
	CHECK_ERR(sendfile(ro, in, NULL, 1), EBADF);
	CHECK_ERR(sendfile(out, in, BADP, 1), EFAULT);
	off = -1;
	CHECK_ERR(sendfile(out, in, &off, 1), EINVAL);

	CHECK(fsync(out) == 0 && fdatasync(out) == 0);
	CHECK_ERR(fsync(-1), EBADF);
	CHECK_ERR(fdatasync(444), EBADF);
	sync();
	CHECK(syncfs(out) == 0);

	/* truncate and ftruncate. */
	CHECK(ftruncate(out, 3) == 0 && lseek(out, 0, SEEK_END) == 3);
	CHECK(ftruncate(out, 8192) == 0 && pread(out, buf, 4, 4000) == 4 &&
	      buf[0] == 0 && buf[3] == 0);
	CHECK_ERR(ftruncate(out, -1), EINVAL);
	CHECK_ERR(ftruncate(ro, 0), EINVAL);		/* not open for writing */
	CHECK_ERR(ftruncate(-1, 0), EBADF);
	CHECK(truncate("copy", 1) == 0 && lseek(out, 0, SEEK_END) == 1);
	CHECK_ERR(truncate("copy", -5), EINVAL);
	CHECK_ERR(truncate("d", 0), EISDIR);
	CHECK_ERR(truncate("missing", 0), ENOENT);
	CHECK_ERR(truncate(BADP, 0), EFAULT);
	CHECK(close(in) == 0 && close(out) == 0 && close(ro) == 0);
}

static void cleanup(const char *d)
{
	static const char *const names[] = {
		"f", "lnk", "dangling", "dlnk", "d/in", "rw", "vec", "copy",
	};
	char p[128];

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", d, names[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/d", d);
	CHECK(rmdir(p) == 0);
	CHECK(chdir("/") == 0 && rmdir(d) == 0);
}

int main(void)
{
	strcpy(dir, "/tmp/files.XXXXXX");
	CHECK(mkdtemp(dir) != NULL && chdir(dir) == 0);
	test_open_errors();
	test_open_flags();
	test_openat2();
	test_read_write();
	test_vectors();
	test_dup_fcntl();
	test_stat();
	test_ioctl_devices();
	test_pipes();
	test_sendfile_sync();
	test_xattr();
	test_proc_fd_reopen();
	test_flock();
	test_memfd();
	test_fadvise();
	test_copy_file_range();
	test_fallocate();
	test_sync_file_range();
	cleanup(dir);
	return 0;
}
