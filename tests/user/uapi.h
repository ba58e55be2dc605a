/*
 * Linux UAPI definitions that musl 1.2.3's headers lack (the values are
 * the kernel ABI's).  Guarded so glibc builds, which have some, work too.
 */
#ifndef UMKA_TEST_UAPI_H
#define UMKA_TEST_UAPI_H

#include <stdint.h>

/* openat2(2) */
struct umka_open_how {
	uint64_t flags, mode, resolve;
};
#define UMKA_RESOLVE_NO_XDEV 0x01
#define UMKA_RESOLVE_NO_MAGICLINKS 0x02
#define UMKA_RESOLVE_NO_SYMLINKS 0x04
#define UMKA_RESOLVE_BENEATH 0x08
#define UMKA_RESOLVE_IN_ROOT 0x10

/* statx(2) */
struct umka_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct umka_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct umka_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};
#define UMKA_STATX_TYPE 0x1U
#define UMKA_STATX_MODE 0x2U
#define UMKA_STATX_NLINK 0x4U
#define UMKA_STATX_SIZE 0x200U
#define UMKA_STATX_BASIC_STATS 0x7ffU
#define UMKA_STATX_RESERVED 0x80000000U
#define UMKA_AT_STATX_FORCE_SYNC 0x2000
#define UMKA_AT_STATX_DONT_SYNC 0x4000

/* statfs(2) magic numbers */
#define UMKA_TMPFS_MAGIC 0x01021994
#define UMKA_PROC_SUPER_MAGIC 0x9fa0
#define UMKA_SYSFS_MAGIC 0x62656572

/* futex(2) */
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg)                                    \
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) |                     \
	 (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))
#endif

#endif
