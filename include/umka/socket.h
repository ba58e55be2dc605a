/* SPDX-License-Identifier: MIT */
/*
 * Sockets: the Linux socket calls dispatch to a family's operations.
 * Only AF_PACKET exists so far (raw Ethernet frames); other families
 * are refused with EAFNOSUPPORT.
 */
#ifndef UMKA_SOCKET_H
#define UMKA_SOCKET_H

#include <umka/file.h>
#include <umka/types.h>

#define AF_UNIX 1
#define AF_INET 2
#define AF_PACKET 17
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_TYPE_MASK 0xf
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40

struct sock_ops {
	int (*bind)(struct file *f, const void *addr, u32 len);
	long (*sendto)(struct file *f, const void __user *buf, size_t len,
		       int flags, const void *addr, u32 addr_len);
	/* *addr_len: in, the room at addr; out, the address's real size. */
	long (*recvfrom)(struct file *f, void __user *buf, size_t len,
			 int flags, void *addr, u32 *addr_len);
};

/* What sockets keep in file->private_data: the ops come first. */
struct socket {
	const struct sock_ops *ops;
};

/* Creates an AF_PACKET socket file; net/packet/af_packet.c. */
struct file *packet_create(int type, int protocol, int flags);
bool file_is_socket(struct file *f);

#endif
