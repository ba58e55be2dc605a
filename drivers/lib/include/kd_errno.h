/* SPDX-License-Identifier: MIT */
/*
 * Error numbers for drivers.  KABI methods return negative Linux errno
 * values, and a driver cannot include the kernel's <umka/errno.h>, so
 * the ones drivers use are repeated here with Linux's x86-64 numbers.
 */
#ifndef KD_ERRNO_H
#define KD_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define EROFS 30
#define ERANGE 34
#define ENOSYS 38
#define EMSGSIZE 90
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

#endif
