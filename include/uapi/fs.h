/* SPDX-License-Identifier: MIT */
/*
 * Block device ioctls, Linux values (<linux/fs.h>, group 0x12, and
 * HDIO_GETGEO from <linux/hdreg.h>).  The _IO(0x12, n) ones are
 * 0x1200 | n; those declared _IOR(0x12, n, size_t) also encode the
 * direction (2 = read) and an 8-byte size, although the kernel writes an
 * int for BLKBSZGET, as Linux does.
 */
#ifndef UAPI_FS_H
#define UAPI_FS_H

#define BLKROSET	0x125d	/* _IO(0x12, 93) */
#define BLKROGET	0x125e	/* _IO(0x12, 94): int */
#define BLKRRPART	0x125f	/* _IO(0x12, 95): re-read partitions */
#define BLKGETSIZE	0x1260	/* _IO(0x12, 96): unsigned long */
#define BLKFLSBUF	0x1261	/* _IO(0x12, 97) */
#define BLKSECTGET	0x1267	/* _IO(0x12, 103): unsigned short */
#define BLKSSZGET	0x1268	/* _IO(0x12, 104): int, logical block */
#define BLKBSZGET	0x80081270	/* _IOR(0x12, 112, size_t): int */
#define BLKGETSIZE64	0x80081272	/* _IOR(0x12, 114, size_t): u64 */
#define BLKIOMIN	0x1278	/* _IO(0x12, 120): unsigned int */
#define BLKIOOPT	0x1279	/* _IO(0x12, 121): unsigned int */
#define BLKALIGNOFF	0x127a	/* _IO(0x12, 122): int */
#define BLKPBSZGET	0x127b	/* _IO(0x12, 123): unsigned int */

#define HDIO_GETGEO	0x0301

/* HDIO_GETGEO's argument. */
struct hd_geometry {
	unsigned char heads;
	unsigned char sectors;
	unsigned short cylinders;
	unsigned long start;
};

#endif
