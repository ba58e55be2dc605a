/* SPDX-License-Identifier: MIT */
/* The kernel's form of stat results, converted to struct stat or statx. */
#ifndef UMKA_STAT_H
#define UMKA_STAT_H

#include <umka/fs.h>

struct kstat {
	u64 ino;
	dev_t dev, rdev;
	mode_t mode;
	unsigned int nlink;
	uid_t uid;
	gid_t gid;
	loff_t size;
	u64 blocks;
	u32 blksize;
	struct timespec64 atime, mtime, ctime, btime;
	int mnt_id;
};

void vfs_getattr(const struct path *p, struct kstat *st);
/* @flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
int vfs_statat(int dfd, const char *name, int flags, struct kstat *st);

#endif
