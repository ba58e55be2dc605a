/* SPDX-License-Identifier: MIT */
/* getdents(2)/getdents64(2) records and d_type values. */
#ifndef UAPI_DIRENT_H
#define UAPI_DIRENT_H

#include <umka/types.h>

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

/* Records are padded to 8 bytes; d_off is the position of the next one. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};

/* The old layout: d_type is the last byte of the record. */
struct linux_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};

#endif
