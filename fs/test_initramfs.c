// SPDX-License-Identifier: MIT
/*
 * Self-tests: unpacking archives built here (plain), a committed gzip
 * vector (made with `cpio -o -H newc | gzip -9 -n` on the host), a
 * truncated archive, and — when booted with the system test's initrd —
 * the tree that arrived from the boot loader, checked against the
 * manifest inside it.
 */
#include <umka/ktest.h>
#include <umka/kprintf.h>
#include <umka/inflate.h>
#include <umka/slab.h>
#include <umka/vmalloc.h>
#include "test_util.h"

struct ar {
	char *buf;
	size_t len;
};

static void ar_put(struct ar *a, const char *name, u32 mode, u32 nlink,
		   u32 ino, const char *data, size_t size)
{
	size_t namesize = strlen(name) + 1;

	a->len += snprintf(a->buf + a->len, 200,
			   "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X"
			   "%08X%08zX%08X",
			   ino, mode, 0, 0, nlink, 1700000000, size, 0, 0, 0,
			   0, namesize, 0);
	memcpy(a->buf + a->len, name, namesize);
	a->len += namesize;
	while (a->len & 3)
		a->buf[a->len++] = 0;
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	while (a->len & 3)
		a->buf[a->len++] = 0;
}

static const u8 gz_vector[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x33, 0x30,
	0x37, 0x30, 0x37, 0x30, 0x34, 0x30, 0x70, 0x34, 0x37, 0x32, 0xb4, 0x30,
	0x31, 0x00, 0x02, 0x13, 0x43, 0x57, 0x17, 0x03, 0xec, 0xc0, 0xc8, 0xcc,
	0xc9, 0xc0, 0xcc, 0xd1, 0xd1, 0x0c, 0x4d, 0xde, 0xcd, 0xd5, 0x00, 0x3f,
	0x30, 0x83, 0x31, 0xb2, 0x4b, 0xe2, 0xd3, 0xab, 0x18, 0x0c, 0x90, 0xec,
	0x74, 0x34, 0x06, 0x89, 0x3b, 0x1a, 0xba, 0xb9, 0xe1, 0xd0, 0x6b, 0x88,
	0x66, 0xa7, 0x31, 0x91, 0x76, 0x3a, 0xa2, 0xd8, 0xa9, 0x9f, 0x93, 0x97,
	0xcd, 0x90, 0x5b, 0x9c, 0x8e, 0x62, 0xb7, 0xa5, 0x11, 0x48, 0xde, 0xc2,
	0xd0, 0xd1, 0x84, 0x48, 0xbb, 0x9d, 0xc8, 0xb3, 0x1b, 0x64, 0x6f, 0x72,
	0x7e, 0x6e, 0x41, 0x51, 0x6a, 0x71, 0x71, 0x6a, 0x0a, 0x17, 0xdc, 0x0d,
	0x44, 0x01, 0x62, 0xd5, 0xa1, 0x03, 0x27, 0x18, 0x23, 0x24, 0xc8, 0xd1,
	0xd3, 0xc7, 0x35, 0x48, 0x51, 0x51, 0x91, 0x01, 0x0b, 0x00, 0x00, 0x51,
	0x5a, 0x3c, 0x10, 0x00, 0x02, 0x00, 0x00,
};

KTEST(initramfs_unpack_small)
{
	struct ar a = { .buf = kzalloc(4096) };
	struct kstat st, st2;
	char buf[32];

	KT_ASSERT(a.buf);
	ar_put(&a, ".", S_IFDIR | 0755, 2, 1, "", 0);
	ar_put(&a, "kt_ird", S_IFDIR | 0750, 2, 2, "", 0);
	ar_put(&a, "./kt_ird/hosts", S_IFREG | 0640, 1, 3, "127.0.0.1\n", 10);
	ar_put(&a, "kt_ird/link", S_IFLNK | 0777, 1, 4, "hosts", 5);
	ar_put(&a, "kt_ird/h1", S_IFREG | 0755, 2, 5, "", 0);
	ar_put(&a, "kt_ird/h2", S_IFREG | 0755, 2, 5, "linked", 6);
	ar_put(&a, "kt_ird/fifo", S_IFIFO | 0600, 1, 6, "", 0);
	ar_put(&a, "kt_ird/missing/x", S_IFREG | 0644, 1, 7, "x", 1);
	ar_put(&a, "TRAILER!!!", 0, 1, 0, "", 0);
	KT_ASSERT_EQ(initramfs_unpack(a.buf, a.len), 0);
	KT_ASSERT_EQ(kt_stat("/kt_ird", 0, &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFDIR | 0750);
	KT_ASSERT_EQ(st.mtime.tv_sec, 1700000000);
	KT_ASSERT_EQ(kt_read_file("/kt_ird/hosts", buf, sizeof(buf)), 10);
	KT_ASSERT(!memcmp(buf, "127.0.0.1\n", 10));
	KT_ASSERT_EQ(kt_stat("/kt_ird/hosts", 0, &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFREG | 0640);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, "/kt_ird/link", buf, 32), 5);
	KT_ASSERT_EQ(kt_stat("/kt_ird/h1", 0, &st), 0);
	KT_ASSERT_EQ(kt_stat("/kt_ird/h2", 0, &st2), 0);
	KT_ASSERT_EQ(st.ino, st2.ino);
	KT_ASSERT_EQ(st.nlink, 2);
	KT_ASSERT_EQ(kt_read_file("/kt_ird/h1", buf, sizeof(buf)), 6);
	KT_ASSERT_EQ(kt_stat("/kt_ird/fifo", AT_SYMLINK_NOFOLLOW, &st), 0);
	KT_ASSERT(S_ISFIFO(st.mode));
	KT_ASSERT(!kt_exists("/kt_ird/missing"));
	/* Unpacking again replaces files and keeps directories. */
	KT_ASSERT_EQ(initramfs_unpack(a.buf, a.len), 0);
	KT_ASSERT_EQ(kt_read_file("/kt_ird/hosts", buf, sizeof(buf)), 10);
	/* Cut short: an error, and what came before stays. */
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/kt_ird/hosts"), 0);
	KT_ASSERT_EQ(initramfs_unpack(a.buf, 400), -EINVAL);
	KT_ASSERT(kt_exists("/kt_ird/hosts"));
	/* Junk is refused. */
	KT_ASSERT_EQ(initramfs_unpack("garbage!", 8), -EINVAL);
	kfree(a.buf);
}

KTEST(initramfs_unpack_gzip)
{
	char buf[32];

	KT_ASSERT_EQ(sizeof(gz_vector), 151);
	KT_ASSERT_EQ(initramfs_unpack(gz_vector, sizeof(gz_vector)), 0);
	KT_ASSERT_EQ(kt_read_file("/kt_gz/lnk", buf, sizeof(buf)), 11);
	KT_ASSERT(!memcmp(buf, "compressed\n", 11));
	/* Two members back to back, with padding: both are read. */
	{
		u8 *two = kzalloc(2 * sizeof(gz_vector) + 8);

		KT_ASSERT(two);
		memcpy(two, gz_vector, sizeof(gz_vector));
		memcpy(two + sizeof(gz_vector) + 8, gz_vector,
		       sizeof(gz_vector));
		KT_ASSERT_EQ(initramfs_unpack(two, 2 * sizeof(gz_vector) + 8),
			     0);
		kfree(two);
	}
	/* A flipped bit in the data: the CRC catches it. */
	{
		u8 *bad = kmalloc(sizeof(gz_vector));

		KT_ASSERT(bad);
		memcpy(bad, gz_vector, sizeof(gz_vector));
		bad[sizeof(gz_vector) / 2] ^= 0x10;
		KT_ASSERT(initramfs_unpack(bad, sizeof(gz_vector)) < 0);
		kfree(bad);
	}
}

/*
 * The boot initrd, when the system test made one: each manifest line is
 *   d <path> <mode>    f <path> <mode> <size> <crc32>
 *   l <path> <target>  h <path> <path-of-same-inode>
 */
#define MANIFEST "/umka-test/manifest"

static char *next_word(char **p)
{
	char *w = *p;

	while (**p && **p != ' ' && **p != '\n')
		(*p)++;
	if (**p)
		*(*p)++ = 0;
	return w;
}

static unsigned long parse_num(const char *s, int base)
{
	unsigned long v = 0;

	for (; *s; s++) {
		int d = *s >= 'a' ? *s - 'a' + 10 : *s - '0';

		v = v * base + d;
	}
	return v;
}

static int check_line(char *line, char *data, size_t cap)
{
	char *p = line, *kind = next_word(&p), *path = next_word(&p);
	struct kstat st, st2;
	long n;

	switch (kind[0]) {
	case 'd':
		if (kt_stat(path, AT_SYMLINK_NOFOLLOW, &st) || !S_ISDIR(st.mode))
			return -1;
		return (st.mode & 07777) == parse_num(next_word(&p), 8) ? 0 : -2;
	case 'f': {
		unsigned long mode = parse_num(next_word(&p), 8);
		unsigned long size = parse_num(next_word(&p), 10);
		unsigned long crc = parse_num(next_word(&p), 16);

		if (kt_stat(path, AT_SYMLINK_NOFOLLOW, &st) || !S_ISREG(st.mode))
			return -3;
		if ((st.mode & 07777) != mode || (unsigned long)st.size != size)
			return -4;
		n = kt_read_file(path, data, cap);
		if (n != (long)size || crc32_le(0, (u8 *)data, n) != crc)
			return -5;
		return 0;
	}
	case 'l': {
		char *target = next_word(&p);

		n = do_readlinkat(AT_FDCWD, path, data, cap);
		if (n != (long)strlen(target) || memcmp(data, target, n))
			return -6;
		return 0;
	}
	case 'h':
		if (kt_stat(path, 0, &st) || kt_stat(next_word(&p), 0, &st2))
			return -7;
		return st.ino == st2.ino && st.nlink >= 2 ? 0 : -8;
	}
	return -9;
}

KTEST(initramfs_boot_tree)
{
	size_t cap = 1 << 20;
	char *man = kmalloc(65536), *data = vmalloc(cap), *p, *line;
	long n;
	int count = 0;

	KT_ASSERT(man && data);
	n = kt_read_file(MANIFEST, man, 65535);
	if (n == -ENOENT) {
		printk("initramfs-check: no %s, nothing to check\n", MANIFEST);
		goto out;
	}
	KT_ASSERT(n > 0);
	man[n] = 0;
	for (p = man; *p; count++) {
		int r;

		line = p;
		while (*p && *p != '\n')
			p++;
		if (*p)
			*p++ = 0;
		r = check_line(line, data, cap);
		if (r)
			ktest_fail(__FILE__, __LINE__, "entry %d: %d", count, r);
		KT_ASSERT_EQ(r, 0);
	}
	printk("initramfs-check: verified %d entries\n", count);
out:
	kfree(man);
	vfree(data);
}

