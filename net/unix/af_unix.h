/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX internals, shared by the files of net/unix/.
 *
 * One mutex, unix_lock, guards every socket's state and queues, the
 * bound-name table and the peer links.  A connection touches two sockets
 * (and a listener a third), so one lock avoids any ordering between
 * socket locks; local IPC is not contended enough yet to need more.  It
 * is never held across VFS calls (bind's mknod, connect's lookup), fput
 * or fd installation: those run before locking or after unlocking.
 *
 * Every message (struct unix_skb) sits on its receiver's queue and holds
 * a reference to its sender, whose wmem it is charged to: the sender's
 * SO_SNDBUF bounds what it has in flight, as on Linux.
 */
#ifndef NET_UNIX_AF_UNIX_H
#define NET_UNIX_AF_UNIX_H

#include <umka/cred.h>
#include <umka/fs.h>
#include <umka/list.h>
#include <umka/mutex.h>
#include <umka/socket.h>
#include <umka/wait.h>

#define UNIX_PATH_MAX 108
#define UNIX_ADDR_MAX (2 + UNIX_PATH_MAX)	/* sizeof(struct sockaddr_un) */
#define UNIX_BUF_DEFAULT 212992		/* Linux's wmem/rmem_default */
#define UNIX_BUF_MIN 4608		/* Linux's SOCK_MIN_SNDBUF */
#define UNIX_DGRAM_QLEN 10		/* net.unix.max_dgram_qlen */
#define UNIX_SKB_OVERHEAD 256		/* charged per message, as truesize */
#define UNIX_STREAM_CHUNK 65536		/* bytes per stream message */
#define UNIX_SOMAXCONN 4096
#define UNIX_SCM_MAX_FD 253

#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

enum unix_state { UNIX_UNCONNECTED, UNIX_LISTENING, UNIX_CONNECTED };

/* A bound name, shared by a listener and the sockets it accepted. */
struct unix_address {
	int refs;			/* atomic */
	u32 len;			/* as getsockname reports it */
	u8 sun[UNIX_ADDR_MAX + 1];	/* sockaddr_un, NUL after a path */
};

struct unix_cred {
	s32 pid;
	u32 uid, gid;
};

struct unix_sock {
	struct socket sock;		/* first: it is file->private_data */
	int refs;			/* atomic: file, peer, queued messages */
	int type;
	u64 ino;			/* its file's inode, for /proc/net/unix */
	/* Everything below is under unix_lock. */
	enum unix_state state;
	struct unix_sock *peer;		/* reference held */
	struct unix_address *addr;	/* NULL: unbound */
	struct path path;		/* a filesystem name's inode */
	struct list_head all;		/* on unix_all until closed */
	struct list_head bound;		/* on the name table, if we bound;
					 * on the graveyard once unreferenced */
	struct list_head rcvq;		/* struct unix_skb */
	unsigned int rcvq_len;
	size_t rcvq_bytes;
	size_t wmem;			/* our bytes still queued somewhere */
	struct list_head acceptq;	/* listener: connected, not accepted */
	struct list_head accept_node;
	unsigned int backlog, nr_pending;
	u8 shutdown;			/* RCV_SHUTDOWN, SEND_SHUTDOWN */
	bool dead;			/* its file was closed */
	bool passcred;
	bool has_peercred;
	int err;			/* pending SO_ERROR */
	u32 sndbuf, rcvbuf;
	u64 sndtimeo, rcvtimeo;		/* ns; 0 waits forever */
	struct unix_cred peercred;	/* SO_PEERCRED */
	struct unix_cred listencred;	/* given to clients that connect */
	u64 gen;			/* wake-ups, for EPOLLET */
	struct wait_queue_head wq;	/* readers, writers, acceptors */
};

/* Descriptors in flight: references to the files. */
struct unix_fds {
	unsigned int nr;
	struct file *files[UNIX_SCM_MAX_FD];
};

struct unix_skb {
	struct list_head node;
	struct unix_sock *sender;	/* reference held */
	struct unix_address *from;	/* reference held, or NULL */
	struct unix_cred cred;
	struct unix_fds *fds;		/* NULL: none */
	size_t len, off;
	size_t charge;			/* still counted in sender->wmem */
	u8 data[];
};

/* What a send carries besides bytes, parsed from the control buffer. */
struct unix_scm {
	struct unix_fds *fds;
	struct unix_cred cred;
	bool has_cred;
};

extern struct mutex unix_lock;
extern const struct sock_ops unix_ops;

/* sock.c */
struct unix_sock *unix_sk(struct file *f);
struct unix_sock *unix_sock_alloc(int type);
void unix_sock_get(struct unix_sock *u);
void unix_sock_put(struct unix_sock *u);
/*
 * Under unix_lock, what would free a socket or a message (fput, path_put)
 * is deferred to unix_unlock(), which does it after unlocking.
 */
void unix_sock_put_locked(struct unix_sock *u);
void unix_skb_discard(struct unix_skb *skb);
void unix_unlock(void);
struct file *unix_sock_file(struct unix_sock *u, int flags);
void unix_wake(struct unix_sock *u);
int unix_sleep(struct wait_queue_head *wq, u64 deadline);
u64 unix_deadline(u64 timeo);
bool unix_nonblock(struct file *f, int flags);
void unix_cred_current(struct unix_cred *c);
bool unix_connection(const struct unix_sock *u);

extern struct list_head unix_all;

/* addr.c */
int unix_check_addr(const void *addr, u32 len);
int unix_bind(struct file *f, const void *addr, u32 len);
struct unix_sock *unix_find(const void *addr, u32 len, int type);
int unix_getname(struct file *f, void *addr, u32 *len, bool peer);
void unix_copy_addr(struct unix_address *a, void *addr, u32 *len);
void unix_addr_put(struct unix_address *a);
struct unix_address *unix_addr_get(struct unix_address *a);
void unix_unbind(struct unix_sock *u);

/* stream.c: connections */
int unix_connect(struct file *f, const void *addr, u32 len);
int unix_listen(struct file *f, int backlog);
struct file *unix_accept(struct file *f, int flags, void *addr,
			 u32 *addr_len);
int unix_shutdown(struct file *f, int how);
void unix_pair(struct unix_sock *a, struct unix_sock *b);
void unix_release(struct unix_sock *u);

/* msg.c: the message queues */
long unix_sendmsg(struct file *f, struct kmsghdr *m, int flags);
long unix_recvmsg(struct file *f, struct kmsghdr *m, int flags);
void unix_skb_free(struct unix_skb *skb);
void unix_purge(struct unix_sock *u);

/* scm.c: ancillary data */
int unix_scm_parse(struct kmsghdr *m, struct unix_scm *scm);
void unix_fds_put(struct unix_fds *fds);
struct unix_fds *unix_fds_dup(const struct unix_fds *fds);
void unix_scm_deliver(struct kmsghdr *m, int flags, struct unix_fds *fds,
		      const struct unix_cred *cred);

/* sockopt.c */
int unix_getsockopt(struct file *f, int level, int name, void *val,
		    u32 *len);
int unix_setsockopt(struct file *f, int level, int name, const void *val,
		    u32 len);

#endif
