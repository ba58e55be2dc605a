/*
 * Block devices through the system calls, as Linux behaves: stat,
 * the size and geometry ioctls, lseek, unaligned pread/pwrite, reads
 * and writes at the end, fsync, a new MBR made visible with BLKRRPART,
 * /proc/partitions, and the permission checks.  Run by the block_user
 * self-test on an empty 4 MiB disk (512-byte sectors, 4 KiB physical
 * blocks, 16 sectors per request): blockdev /dev/vdX.
 * Exit N = check N failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BLKPBSZGET
#define BLKPBSZGET _IO(0x12, 123)
#endif
#define HDIO_GETGEO 0x0301

struct hd_geometry {
	unsigned char heads;
	unsigned char sectors;
	unsigned short cylinders;
	unsigned long start;
};

#define SIZE (4 << 20)

static int check_no;

#define CHECK(cond)                                                         \
	do {                                                                \
		check_no++;                                                 \
		if (!(cond)) {                                              \
			fprintf(stderr, "blockdev: check %d: %s (errno %d)\n", \
				check_no, #cond, errno);                    \
			_exit(check_no);                                    \
		}                                                           \
	} while (0)

static unsigned char pat(long x)
{
	return (unsigned char)(x * 13 + x / 509 + 5);
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static void mbr_entry(unsigned char *sec, int slot, unsigned char type,
		      uint32_t start, uint32_t nr)
{
	unsigned char *p = sec + 446 + slot * 16;

	p[4] = type;
	put32(p + 8, start);
	put32(p + 12, nr);
	sec[510] = 0x55;
	sec[511] = 0xaa;
}

static const char *dev;
static char dev1[64], dev2[64], dev3[64];
static unsigned int base_minor;

static void test_stat_and_ioctls(int fd)
{
	struct hd_geometry geo;
	struct stat st;
	uint64_t size = 0;
	unsigned long secs = 0;
	unsigned int pbs = 0;
	unsigned short ms = 0;
	int v = -1;

	CHECK(stat(dev, &st) == 0);
	CHECK(S_ISBLK(st.st_mode));
	CHECK(major(st.st_rdev) == 254);
	CHECK(minor(st.st_rdev) % 16 == 0);
	base_minor = minor(st.st_rdev);
	CHECK(fstat(fd, &st) == 0 && S_ISBLK(st.st_mode));
	CHECK(minor(st.st_rdev) == base_minor);

	CHECK(ioctl(fd, BLKGETSIZE64, &size) == 0 && size == SIZE);
	CHECK(ioctl(fd, BLKGETSIZE, &secs) == 0 && secs == SIZE / 512);
	CHECK(ioctl(fd, BLKSSZGET, &v) == 0 && v == 512);
	CHECK(ioctl(fd, BLKPBSZGET, &pbs) == 0 && pbs == 4096);
	CHECK(ioctl(fd, BLKBSZGET, &v) == 0 && v == 4096);
	CHECK(ioctl(fd, BLKROGET, &v) == 0 && v == 0);
	CHECK(ioctl(fd, BLKSECTGET, &ms) == 0 && ms == 16);
	CHECK(ioctl(fd, HDIO_GETGEO, &geo) == 0);
	CHECK(geo.heads == 64 && geo.sectors == 32 && geo.start == 0);
	CHECK(geo.cylinders == SIZE / 512 / 2048);
	errno = 0;
	CHECK(ioctl(fd, BLKGETSIZE64, (void *)8) == -1 && errno == EFAULT);
	CHECK(ioctl(fd, _IO(0x12, 0x7f), 0) == -1 && errno == ENOTTY);
}

static void test_io(int fd)
{
	static unsigned char a[70000], b[70000];

	CHECK(lseek(fd, 0, SEEK_END) == SIZE);
	CHECK(lseek(fd, 0, SEEK_CUR) == SIZE);
	CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL);
	for (long i = 0; i < (long)sizeof(a); i++)
		a[i] = pat(777 + i);
	CHECK(pwrite(fd, a, 3000, 777) == 3000);
	CHECK(pread(fd, b, 3000, 777) == 3000);
	CHECK(memcmp(a, b, 3000) == 0);
	memset(b, 0, sizeof(b));
	CHECK(lseek(fd, 777, SEEK_SET) == 777);
	CHECK(read(fd, b, 3000) == 3000 && memcmp(a, b, 3000) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 3777);
	/* Bigger than a request and than the driver's queue. */
	CHECK(pwrite(fd, a, sizeof(a), 777) == (ssize_t)sizeof(a));
	CHECK(pread(fd, b, sizeof(a), 777) == (ssize_t)sizeof(a));
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	/* Neighbours of an unaligned write are kept. */
	CHECK(pread(fd, b, 10, 767) == 10);
	for (int i = 0; i < 10; i++)
		CHECK(b[i] == 0);
	/* The end of the device. */
	CHECK(pwrite(fd, a, 10, SIZE) == -1 && errno == ENOSPC);
	CHECK(pread(fd, b, 10, SIZE) == 0);
	CHECK(pwrite(fd, a, 100, SIZE - 10) == 10);
	CHECK(pread(fd, b, 100, SIZE - 10) == 10 && memcmp(a, b, 10) == 0);
	CHECK(lseek(fd, SIZE - 4, SEEK_SET) == SIZE - 4);
	CHECK(read(fd, b, 100) == 4);
	CHECK(read(fd, b, 100) == 0);
	CHECK(fsync(fd) == 0);
	CHECK(fdatasync(fd) == 0);
	CHECK(ioctl(fd, BLKFLSBUF, 0) == 0);
}

static unsigned long long partitions_blocks(const char *name, unsigned *ma,
					    unsigned *mi)
{
	static char text[4096];
	char line[128], nm[64];
	unsigned long long blocks;
	unsigned a, b;
	FILE *f = fopen("/tmp/bdproc/partitions", "r");
	unsigned long long found = 0;

	if (!f)
		return 0;
	if (!fgets(text, sizeof(text), f) ||
	    strcmp(text, "major minor  #blocks  name\n")) {
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%u %u %llu %63s", &a, &b, &blocks, nm) == 4 &&
		    !strcmp(nm, name)) {
			found = blocks;
			*ma = a;
			*mi = b;
		}
	fclose(f);
	return found;
}

static void test_partitions(int fd)
{
	static unsigned char sec[512];
	const char *name = dev + 5;	/* after "/dev/" */
	struct hd_geometry geo;
	struct stat st;
	unsigned ma, mi;
	uint64_t size;
	char buf[8];
	int fd1;

	mbr_entry(sec, 0, 0x83, 2048, 2048);
	mbr_entry(sec, 1, 0x83, 4096, 2048);
	CHECK(pwrite(fd, sec, 512, 0) == 512);
	CHECK(ioctl(fd, BLKRRPART, 0) == 0);
	CHECK(stat(dev1, &st) == 0 && S_ISBLK(st.st_mode));
	CHECK(st.st_rdev == makedev(254, base_minor + 1));
	CHECK(stat(dev2, &st) == 0);
	CHECK(st.st_rdev == makedev(254, base_minor + 2));
	CHECK(stat(dev3, &st) == -1 && errno == ENOENT);

	fd1 = open(dev1, O_RDWR);
	CHECK(fd1 >= 0);
	CHECK(ioctl(fd1, BLKGETSIZE64, &size) == 0 && size == 1 << 20);
	CHECK(ioctl(fd1, HDIO_GETGEO, &geo) == 0 && geo.start == 2048);
	CHECK(ioctl(fd1, BLKRRPART, 0) == -1 && errno == EINVAL);
	CHECK(ioctl(fd, BLKRRPART, 0) == -1 && errno == EBUSY);
	CHECK(pwrite(fd1, "hello", 5, 10) == 5);
	CHECK(pread(fd, buf, 5, 2048 * 512 + 10) == 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	CHECK(lseek(fd1, 0, SEEK_END) == 1 << 20);
	CHECK(close(fd1) == 0);

	CHECK(mkdir("/tmp/bdproc", 0755) == 0);
	CHECK(mount("proc", "/tmp/bdproc", "proc", 0, NULL) == 0);
	CHECK(partitions_blocks(name, &ma, &mi) == SIZE / 1024);
	CHECK(ma == 254 && mi == base_minor);
	CHECK(partitions_blocks(dev1 + 5, &ma, &mi) == 1024);
	CHECK(ma == 254 && mi == base_minor + 1);
	CHECK(partitions_blocks(dev2 + 5, &ma, &mi) == 1024);
	CHECK(mi == base_minor + 2);

	/* Without the table the partitions go, from /dev and /proc. */
	memset(sec, 0, sizeof(sec));
	CHECK(pwrite(fd, sec, 512, 0) == 512);
	CHECK(ioctl(fd, BLKRRPART, 0) == 0);
	CHECK(stat(dev1, &st) == -1 && errno == ENOENT);
	CHECK(partitions_blocks(dev1 + 5, &ma, &mi) == 0);
	CHECK(partitions_blocks(name, &ma, &mi) == SIZE / 1024);
	CHECK(umount("/tmp/bdproc") == 0);
	CHECK(rmdir("/tmp/bdproc") == 0);
}

/* What an unprivileged user may not do. */
static void test_permissions(int fd)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(1);
		if (open(dev, O_RDONLY) != -1 || errno != EACCES)
			_exit(2);
		if (ioctl(fd, BLKRRPART, 0) != -1 || errno != EACCES)
			_exit(3);
		if (ioctl(fd, BLKFLSBUF, 0) != -1 || errno != EACCES)
			_exit(4);
		/* The open descriptor still works for I/O. */
		if (pread(fd, &status, 4, 0) != 4)
			_exit(5);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	if (WEXITSTATUS(status))	/* which of the child's checks */
		_exit(200 + WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	int fd, ro;

	if (argc < 2 || strncmp(argv[1], "/dev/", 5))
		return 100;
	dev = argv[1];
	snprintf(dev1, sizeof(dev1), "%s1", dev);
	snprintf(dev2, sizeof(dev2), "%s2", dev);
	snprintf(dev3, sizeof(dev3), "%s3", dev);
	fd = open(dev, O_RDWR);
	CHECK(fd >= 0);
	test_stat_and_ioctls(fd);
	test_io(fd);
	test_partitions(fd);
	test_permissions(fd);
	ro = open(dev, O_RDONLY);
	CHECK(ro >= 0);
	CHECK(write(ro, "x", 1) == -1 && errno == EBADF);
	CHECK(close(ro) == 0);
	CHECK(close(fd) == 0);
	CHECK(open("/dev/nonexistent-vd", O_RDWR) == -1 && errno == ENOENT);
	return 0;
}
