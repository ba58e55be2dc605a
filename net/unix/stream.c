// SPDX-License-Identifier: MIT
/*
 * AF_UNIX connections: connect, listen, accept, shutdown and close.
 *
 * A stream or seqpacket connect completes at once, as on Linux: it
 * makes the server's end (an "embryo" socket), links the two as peers
 * and queues the embryo on the listener, where accept() picks it up.
 * The listener admits backlog + 1 embryos; then connect waits (or
 * fails with EAGAIN when non-blocking).  A datagram connect just sets
 * the default destination.
 *
 * Errors:
 *   ECONNREFUSED  nobody listens at the name, or the listener closed
 *   EISCONN       connect on a connected stream socket
 *   EINVAL        connect on a listener; listen unbound or connected;
 *                 accept on a socket that does not listen; bad shutdown
 *   EOPNOTSUPP    listen or accept on a datagram socket
 *   EPERM         datagram connect to a socket connected elsewhere
 *   EAGAIN        non-blocking accept with none queued, or connect to a
 *                 full backlog
 */
#include "af_unix.h"
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/sched.h>
#include <umka/sigtypes.h>

/* Under unix_lock: make @a and @b each other's peer. */
void unix_pair(struct unix_sock *a, struct unix_sock *b)
{
	unix_sock_get(a);
	unix_sock_get(b);
	a->peer = b;
	b->peer = a;
	a->state = b->state = UNIX_CONNECTED;
}

static int dgram_disconnect(struct unix_sock *u)
{
	mutex_lock(&unix_lock);
	unix_sock_put_locked(u->peer);
	u->peer = NULL;
	u->state = UNIX_UNCONNECTED;
	unix_unlock();
	return 0;
}

static int dgram_connect(struct unix_sock *u, const void *addr, u32 len)
{
	struct unix_sock *other = unix_find(addr, len, u->type);
	int err = 0;

	if (IS_ERR(other))
		return PTR_ERR(other);
	mutex_lock(&unix_lock);
	if (other->dead)
		err = -ECONNREFUSED;
	else if (other->peer && other->peer != u && other != u)
		err = -EPERM;		/* it only hears its own peer */
	if (!err) {
		unix_sock_put_locked(u->peer);
		u->peer = other;	/* our reference moves to the link */
		u->state = UNIX_CONNECTED;
		other = NULL;
	}
	unix_sock_put_locked(other);
	unix_unlock();
	return err;
}

/* Under unix_lock: why @u may not connect to @other now, or 0. */
static int connect_check(struct unix_sock *u, struct unix_sock *other)
{
	if (u->state == UNIX_CONNECTED)
		return -EISCONN;
	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	if (other->dead || other->state != UNIX_LISTENING)
		return -ECONNREFUSED;
	return 0;
}

/* Under unix_lock: queue @embryo, @u's other end, on @listener. */
static void connect_embryo(struct unix_sock *u, struct unix_sock *listener,
			   struct unix_sock *embryo)
{
	embryo->addr = unix_addr_get(listener->addr);
	unix_cred_current(&embryo->peercred);
	u->peercred = listener->listencred;
	u->has_peercred = embryo->has_peercred = true;
	unix_pair(u, embryo);
	list_add_tail(&embryo->accept_node, &listener->acceptq);
	listener->nr_pending++;
	unix_wake(listener);
	unix_wake(u);
}

static int stream_connect(struct file *f, const void *addr, u32 len)
{
	struct unix_sock *u = unix_sk(f), *embryo, *other;
	u64 deadline = unix_deadline(READ_ONCE(u->sndtimeo));
	int err;

	other = unix_find(addr, len, u->type);
	if (IS_ERR(other))
		return PTR_ERR(other);
	embryo = unix_sock_alloc(u->type);
	if (!embryo) {
		unix_sock_put(other);
		return -ENOMEM;
	}
	mutex_lock(&unix_lock);
	for (;;) {
		err = connect_check(u, other);
		if (err || other->nr_pending <= other->backlog)
			break;
		if (unix_nonblock(f, 0)) {
			err = -EAGAIN;
			break;
		}
		err = unix_sleep(&other->wq, deadline);
		if (err)
			break;
	}
	if (!err) {
		connect_embryo(u, other, embryo);
		embryo = NULL;		/* its reference is the queue's now */
	}
	unix_sock_put_locked(embryo);
	unix_sock_put_locked(other);
	unix_unlock();
	return err;
}

int unix_connect(struct file *f, const void *addr, u32 len)
{
	struct unix_sock *u = unix_sk(f);

	if (len < 2)
		return -EINVAL;
	if (u->type == SOCK_DGRAM) {
		if (*(const u16 *)addr == AF_UNSPEC)
			return dgram_disconnect(u);
		return dgram_connect(u, addr, len);
	}
	return stream_connect(f, addr, len);
}

int unix_listen(struct file *f, int backlog)
{
	struct unix_sock *u = unix_sk(f);
	int err = 0;

	if (!unix_connection(u))
		return -EOPNOTSUPP;
	if ((unsigned int)backlog > UNIX_SOMAXCONN)
		backlog = UNIX_SOMAXCONN;
	mutex_lock(&unix_lock);
	if (!u->addr || u->state == UNIX_CONNECTED) {
		err = -EINVAL;
	} else {
		u->backlog = (unsigned int)backlog;
		u->state = UNIX_LISTENING;
		unix_cred_current(&u->listencred);
		unix_wake(u);	/* a bigger backlog may admit waiters */
	}
	unix_unlock();
	return err;
}

/* Under unix_lock: the next connected embryo, or an error. */
static struct unix_sock *accept_wait(struct file *f, struct unix_sock *u)
{
	u64 deadline = unix_deadline(u->rcvtimeo);
	struct unix_sock *child;
	int err;

	for (;;) {
		if (u->state != UNIX_LISTENING)
			return ERR_PTR(-EINVAL);
		if (!list_empty(&u->acceptq))
			break;
		if (unix_nonblock(f, 0))
			return ERR_PTR(-EAGAIN);
		err = unix_sleep(&u->wq, deadline);
		if (err)
			return ERR_PTR(err);
	}
	child = list_first_entry(&u->acceptq, struct unix_sock, accept_node);
	list_del(&child->accept_node);
	u->nr_pending--;
	unix_wake(u);		/* room in the backlog for a connector */
	return child;
}

struct file *unix_accept(struct file *f, int flags, void *addr,
			 u32 *addr_len)
{
	struct unix_sock *u = unix_sk(f), *child;
	struct file *nf;

	if (!unix_connection(u))
		return ERR_PTR(-EOPNOTSUPP);
	mutex_lock(&unix_lock);
	child = accept_wait(f, u);
	if (!IS_ERR(child))
		unix_copy_addr(child->peer ? child->peer->addr : NULL, addr,
			       addr_len);
	unix_unlock();
	if (IS_ERR(child))
		return ERR_PTR(PTR_ERR(child));
	nf = unix_sock_file(child, flags);
	if (IS_ERR(nf)) {
		mutex_lock(&unix_lock);
		unix_release(child);
		unix_unlock();
		unix_sock_put(child);
	}
	return nf;
}

int unix_shutdown(struct file *f, int how)
{
	struct unix_sock *u = unix_sk(f), *peer;
	u8 mode, peer_mode;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mode = (u8)(how + 1);	/* RCV_SHUTDOWN, SEND_SHUTDOWN or both */
	/* Our receive side closing stops the peer's sends, and vice versa. */
	peer_mode = (u8)(((mode & RCV_SHUTDOWN) ? SEND_SHUTDOWN : 0) |
			 ((mode & SEND_SHUTDOWN) ? RCV_SHUTDOWN : 0));
	mutex_lock(&unix_lock);
	u->shutdown |= mode;
	unix_wake(u);
	peer = u->peer;
	if (peer && unix_connection(u)) {
		peer->shutdown |= peer_mode;
		unix_wake(peer);
	}
	unix_unlock();
	return 0;
}

/*
 * Under unix_lock: the file of @u is closing (or never existed).  The
 * peer of a connection sees end of file (and ECONNRESET if we leave
 * unread data); embryos nobody accepted are closed too.
 */
void unix_release(struct unix_sock *u)
{
	struct unix_sock *peer = u->peer, *child, *cn;

	u->dead = true;
	u->shutdown = SHUTDOWN_MASK;
	list_del(&u->all);
	unix_unbind(u);
	if (peer) {
		if (unix_connection(u)) {
			peer->shutdown = SHUTDOWN_MASK;
			if (!list_empty(&u->rcvq))
				peer->err = ECONNRESET;
		}
		unix_wake(peer);
		u->peer = NULL;
		unix_sock_put_locked(peer);
	}
	list_for_each_entry_safe(child, cn, &u->acceptq, accept_node) {
		list_del(&child->accept_node);
		unix_release(child);
		unix_sock_put_locked(child);
	}
	u->nr_pending = 0;
	u->state = UNIX_UNCONNECTED;
	unix_purge(u);
	unix_wake(u);
}
