/* SPDX-License-Identifier: MIT */
/* Linux file modes, x86-64 struct stat and struct statx (uapi/linux/stat.h). */
#ifndef UAPI_STAT_H
#define UAPI_STAT_H

#include <umka/types.h>

#define S_IFMT		00170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000

#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001
#define S_IALLUGO (S_ISUID | S_ISGID | S_ISVTX | 0777)

/* x86-64 struct stat: 144 bytes (arch/x86/include/uapi/asm/stat.h). */
struct stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks;		/* 512-byte units */
	unsigned long st_atime;
	unsigned long st_atime_nsec;
	unsigned long st_mtime;
	unsigned long st_mtime_nsec;
	unsigned long st_ctime;
	unsigned long st_ctime_nsec;
	long __reserved[3];
};
_Static_assert(sizeof(struct stat) == 144, "x86-64 struct stat");

struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

/* struct statx: 256 bytes. */
struct statx {
	u32 stx_mask;
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0[1];
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime;
	struct statx_timestamp stx_btime;
	struct statx_timestamp stx_ctime;
	struct statx_timestamp stx_mtime;
	u32 stx_rdev_major;
	u32 stx_rdev_minor;
	u32 stx_dev_major;
	u32 stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align;
	u32 stx_dio_offset_align;
	u64 __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx");
_Static_assert(__builtin_offsetof(struct statx, stx_rdev_major) == 128,
	       "statx rdev");

#define STATX_TYPE		0x0001U
#define STATX_MODE		0x0002U
#define STATX_NLINK		0x0004U
#define STATX_UID		0x0008U
#define STATX_GID		0x0010U
#define STATX_ATIME		0x0020U
#define STATX_MTIME		0x0040U
#define STATX_CTIME		0x0080U
#define STATX_INO		0x0100U
#define STATX_SIZE		0x0200U
#define STATX_BLOCKS		0x0400U
#define STATX_BASIC_STATS	0x07ffU
#define STATX_BTIME		0x0800U
#define STATX_MNT_ID		0x1000U
#define STATX__RESERVED		0x80000000U

#endif
