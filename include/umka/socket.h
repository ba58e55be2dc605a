/* SPDX-License-Identifier: MIT */
/*
 * Sockets: the Linux socket calls dispatch to a family's operations.
 * Families: AF_UNIX (net/unix/) and AF_PACKET (raw Ethernet frames);
 * others are refused with EAFNOSUPPORT.
 */
#ifndef UMKA_SOCKET_H
#define UMKA_SOCKET_H

#include <umka/file.h>
#include <umka/types.h>

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_PACKET 17
#define AF_MAX 46
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_MAX 11
#define SOCK_TYPE_MASK 0xf

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_ACCEPTCONN 30
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2

/* Linux's user msghdr and cmsghdr layouts on x86-64. */
struct user_msghdr {
	void __user *msg_name;
	int msg_namelen;
	struct iovec __user *msg_iov;
	size_t msg_iovlen;
	void __user *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

struct cmsghdr {
	size_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};

#define CMSG_ALIGN(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_LEN(len) (sizeof(struct cmsghdr) + (len))
#define CMSG_SPACE(len) (sizeof(struct cmsghdr) + CMSG_ALIGN(len))

/*
 * Where a message's bytes come from or go: user iovecs (already checked
 * with access_ok) or, @kernel, kernel buffers.  @left counts what is
 * still to move; copies advance through the segments.
 */
struct msg_iter {
	struct iovec *iov;
	unsigned long nr;
	size_t left;
	bool kernel;
};

int msg_iter_copy_out(struct msg_iter *it, const void *src, size_t n);
int msg_iter_copy_in(void *dst, struct msg_iter *it, size_t n);

/* A message as families see it: the address is a kernel copy. */
struct kmsghdr {
	struct msg_iter iter;
	void *name;		/* NULL: none */
	u32 namelen;		/* send: its length; recv: in room, out size */
	void __user *control;	/* user control buffer or NULL */
	size_t controllen;	/* recv: in room, out bytes used */
	int flags;		/* recv: MSG_TRUNC, MSG_CTRUNC out */
};

#define SOCKADDR_MAX 128
#define SOCKOPT_MAX 64

/* Operations a family may leave NULL: the call then gets EOPNOTSUPP. */
struct sock_ops {
	int family;
	int (*bind)(struct file *f, const void *addr, u32 len);
	int (*connect)(struct file *f, const void *addr, u32 len);
	int (*listen)(struct file *f, int backlog);
	/* The accepted socket's file; its peer's address in @addr. */
	struct file *(*accept)(struct file *f, int flags, void *addr,
			       u32 *addr_len);
	int (*getname)(struct file *f, void *addr, u32 *len, bool peer);
	int (*shutdown)(struct file *f, int how);
	long (*sendmsg)(struct file *f, struct kmsghdr *m, int flags);
	long (*recvmsg)(struct file *f, struct kmsghdr *m, int flags);
	/* @val holds SOCKOPT_MAX bytes; *len is set to the value's size. */
	int (*getsockopt)(struct file *f, int level, int name, void *val,
			  u32 *len);
	int (*setsockopt)(struct file *f, int level, int name,
			  const void *val, u32 len);
	/* Single-buffer forms for families without sendmsg/recvmsg. */
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
bool packet_file_is(struct file *f);

/* AF_UNIX, net/unix/: @flags are O_NONBLOCK. */
struct file *unix_create(int type, int protocol, int flags);
int unix_socketpair(int type, int protocol, int flags, struct file *res[2]);
bool unix_file_is(struct file *f);
/* Sockets not yet freed: self-tests check nothing leaks. */
unsigned long unix_live_count(void);
struct seq_buf;
/* /proc/net/unix, in Linux's layout. */
void unix_proc_show(struct seq_buf *s);

bool file_is_socket(struct file *f);

#endif
