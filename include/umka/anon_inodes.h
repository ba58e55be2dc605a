/* SPDX-License-Identifier: MIT */
/*
 * Files with no name in any mounted tree (eventfd, epoll): each gets a
 * fresh inode on the internal anon_inodefs mount.
 */
#ifndef UMKA_ANON_INODES_H
#define UMKA_ANON_INODES_H

#include <umka/file.h>

/*
 * A new file named "anon_inode:[@name]"-like, with @fops and @priv as its
 * private_data; @flags: O_RDWR-style access plus O_NONBLOCK.  Returns the
 * file or an ERR_PTR.
 */
struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags);

#endif
