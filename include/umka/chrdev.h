/* SPDX-License-Identifier: MIT */
/*
 * Character devices by (major, minor).  A driver registers a range of
 * minors with its file_operations; opening a device node then hands the
 * file to those operations.  Opening a node nobody registered gives
 * -ENXIO, as on Linux.
 *
 * Known numbers: mem 1 (null 3, zero 5, full 7, random 8, urandom 9),
 * tty 4 (ttyS0 = 64), tty 5 (tty 0, console 1).
 */
#ifndef UMKA_CHRDEV_H
#define UMKA_CHRDEV_H

#include <umka/file.h>

#define MEM_MAJOR 1
#define TTY_MAJOR 4
#define TTYAUX_MAJOR 5

/* 0, -EBUSY if any minor of the range is taken, -EINVAL, -ENOMEM. */
int register_chrdev(unsigned int major, unsigned int minor_base,
		    unsigned int count, const char *name,
		    const struct file_operations *fops);
void unregister_chrdev(unsigned int major, unsigned int minor_base,
		       unsigned int count);

/* The inode's i_fop for character device nodes: dispatches on open. */
extern const struct file_operations def_chr_fops;

#endif
