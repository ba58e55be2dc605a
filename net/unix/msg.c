// SPDX-License-Identifier: MIT
/*
 * AF_UNIX data: send and receive on the message queues.
 *
 * Streams split a send into messages of at most UNIX_STREAM_CHUNK bytes
 * and a receive joins them (stopping after one that carried
 * descriptors, so they arrive with their own bytes).  Datagrams and
 * seqpackets are one message a send; a receive takes one, dropping what
 * does not fit (MSG_TRUNC).  A sender waits while its in-flight bytes
 * reach its SO_SNDBUF; a datagram sender also while an unconnected
 * receiver holds more than UNIX_DGRAM_QLEN datagrams.
 *
 * Errors:
 *   EPIPE       the peer closed or shut down reading, or we shut down
 *               writing; on a stream SIGPIPE too, unless MSG_NOSIGNAL
 *   ENOTCONN    send without a peer (or seqpacket receive unconnected)
 *   EINVAL      stream receive on an unconnected socket
 *   EISCONN     stream send with an address while connected (EOPNOTSUPP
 *               when not)
 *   ECONNREFUSED  datagram to a peer that closed (we disconnect)
 *   EMSGSIZE    a datagram bigger than SO_SNDBUF allows
 *   EAGAIN      would wait, with MSG_DONTWAIT or O_NONBLOCK
 *   EFAULT      a bad buffer; nothing is consumed
 */
#include "af_unix.h"
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/sched.h>
#include <umka/signal.h>
#include <umka/sigtypes.h>
#include <umka/slab.h>
#include <umka/string.h>

static struct unix_skb *skb_alloc(size_t len)
{
	struct unix_skb *skb = kmalloc(sizeof(*skb) + len);

	if (skb)
		memset(skb, 0, sizeof(*skb));
	if (skb)
		skb->len = len;
	return skb;
}

/* Not under unix_lock: drops descriptors and the sender. */
void unix_skb_free(struct unix_skb *skb)
{
	unix_fds_put(skb->fds);
	unix_addr_put(skb->from);
	unix_sock_put(skb->sender);
	kfree(skb);
}

/* Under unix_lock: @skb from @sender joins @rcv's queue. */
static void enqueue(struct unix_sock *sender, struct unix_sock *rcv,
		    struct unix_skb *skb)
{
	unix_sock_get(sender);
	skb->sender = sender;
	skb->from = unix_addr_get(sender->addr);
	unix_cred_current(&skb->cred);
	skb->charge = skb->len + UNIX_SKB_OVERHEAD;
	sender->wmem += skb->charge;
	list_add_tail(&skb->node, &rcv->rcvq);
	rcv->rcvq_len++;
	rcv->rcvq_bytes += skb->len;
	unix_wake(rcv);
}

/* Under unix_lock: @n bytes of @skb were read; its sender gets room. */
static void consumed(struct unix_sock *u, struct unix_skb *skb, size_t n)
{
	size_t give = n < skb->charge ? n : skb->charge;

	skb->off += n;
	u->rcvq_bytes -= n;
	if (skb->off == skb->len) {
		give = skb->charge;
		list_del(&skb->node);
		u->rcvq_len--;
		unix_skb_discard(skb);
		/* Senders held back by a full datagram queue wait on ours. */
		if (u->type == SOCK_DGRAM && u->rcvq_len == UNIX_DGRAM_QLEN)
			unix_wake(u);
	}
	skb->charge -= give;
	skb->sender->wmem -= give;
	unix_wake(skb->sender);
}

/* Under unix_lock: drop everything queued at @u. */
void unix_purge(struct unix_sock *u)
{
	struct unix_skb *skb, *n;

	list_for_each_entry_safe(skb, n, &u->rcvq, node)
		consumed(u, skb, skb->len - skb->off);
}

/* Under unix_lock: why @u cannot send to its stream peer now, or 0. */
static int stream_check(struct unix_sock *u)
{
	if (u->state != UNIX_CONNECTED || !u->peer)
		return -ENOTCONN;
	if (u->shutdown & SEND_SHUTDOWN)
		return -EPIPE;
	if (u->peer->dead || (u->peer->shutdown & RCV_SHUTDOWN))
		return -EPIPE;
	return 0;
}

static size_t stream_room(struct unix_sock *u)
{
	return u->wmem < u->sndbuf ? u->sndbuf - u->wmem : 0;
}

static long stream_send(struct file *f, struct kmsghdr *m, int flags,
			struct unix_scm *scm)
{
	struct unix_sock *u = unix_sk(f);
	u64 deadline = unix_deadline(READ_ONCE(u->sndtimeo));
	size_t sent = 0;
	int err = 0;

	if (m->name)
		return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	mutex_lock(&unix_lock);
	while (!(err = stream_check(u)) && m->iter.left) {
		size_t n = stream_room(u);
		struct unix_skb *skb;

		if (!n) {
			err = unix_nonblock(f, flags) ?
				      -EAGAIN : unix_sleep(&u->wq, deadline);
			if (err)
				break;
			continue;
		}
		n = min(min(n, m->iter.left), (size_t)UNIX_STREAM_CHUNK);
		skb = skb_alloc(n);
		if (!skb) {
			err = -ENOBUFS;
			break;
		}
		if (msg_iter_copy_in(skb->data, &m->iter, n)) {
			unix_skb_discard(skb);
			err = -EFAULT;
			break;
		}
		skb->fds = scm->fds;	/* with the first bytes */
		scm->fds = NULL;
		enqueue(u, u->peer, skb);
		sent += n;
	}
	unix_unlock();
	return sent ? (long)sent : err;
}

/* Under unix_lock: the receiver of a datagram, or an error. */
static struct unix_sock *dgram_target(struct unix_sock *u,
				      struct unix_sock *named)
{
	struct unix_sock *other = named ? named : u->peer;

	if (!other)
		return ERR_PTR(-ENOTCONN);
	if (u->type == SOCK_SEQPACKET) {
		int err = stream_check(u);

		return err ? ERR_PTR(err) : other;
	}
	if (other->dead) {
		if (!named) {		/* our peer is gone: forget it */
			u->peer = NULL;
			u->state = UNIX_UNCONNECTED;
			unix_sock_put_locked(other);
		}
		return ERR_PTR(-ECONNREFUSED);
	}
	if ((u->shutdown & SEND_SHUTDOWN) || (other->shutdown & RCV_SHUTDOWN))
		return ERR_PTR(-EPIPE);
	if (other->peer && other->peer != u && other != u)
		return ERR_PTR(-EPERM);
	return other;
}

/* Under unix_lock: whether sending @skb to @other must wait. */
static struct wait_queue_head *dgram_full(struct unix_sock *u,
					  struct unix_sock *other, size_t len)
{
	if (u->wmem && u->wmem + len + UNIX_SKB_OVERHEAD > u->sndbuf)
		return &u->wq;
	if (u->type == SOCK_DGRAM && other->peer != u &&
	    other->rcvq_len > UNIX_DGRAM_QLEN)
		return &other->wq;
	return NULL;
}

static long dgram_queue(struct file *f, struct unix_sock *named, int flags,
			struct unix_skb *skb)
{
	struct unix_sock *u = unix_sk(f), *other;
	struct wait_queue_head *wq;
	long len = (long)skb->len;	/* once queued, skb is the reader's */
	u64 deadline = unix_deadline(READ_ONCE(u->sndtimeo));
	long err;

	mutex_lock(&unix_lock);
	for (;;) {
		other = dgram_target(u, named);
		err = IS_ERR(other) ? PTR_ERR(other) : 0;
		if (err)
			break;
		wq = dgram_full(u, other, skb->len);
		if (!wq) {
			enqueue(u, other, skb);
			break;
		}
		if (unix_nonblock(f, flags)) {
			err = -EAGAIN;
			break;
		}
		unix_sock_get(other);	/* we sleep on its queue */
		err = unix_sleep(wq, deadline);
		unix_sock_put_locked(other);
		if (err)
			break;
	}
	if (err)
		unix_skb_discard(skb);
	unix_unlock();
	return err ? err : len;
}

static long dgram_send(struct file *f, struct kmsghdr *m, int flags,
		       struct unix_scm *scm)
{
	struct unix_sock *u = unix_sk(f), *named = NULL;
	size_t len = m->iter.left;
	struct unix_skb *skb;
	long ret;

	if (u->type == SOCK_SEQPACKET)
		m->name = NULL;		/* Linux ignores it */
	if (len + 32 > READ_ONCE(u->sndbuf))
		return -EMSGSIZE;
	if (m->name) {
		named = unix_find(m->name, m->namelen, u->type);
		if (IS_ERR(named))
			return PTR_ERR(named);
	}
	skb = skb_alloc(len);
	ret = skb ? 0 : -ENOBUFS;
	if (skb && msg_iter_copy_in(skb->data, &m->iter, len)) {
		kfree(skb);
		ret = -EFAULT;
	}
	if (!ret) {
		skb->fds = scm->fds;
		scm->fds = NULL;
		ret = dgram_queue(f, named, flags, skb);
	}
	unix_sock_put(named);
	return ret;
}

long unix_sendmsg(struct file *f, struct kmsghdr *m, int flags)
{
	struct unix_sock *u = unix_sk(f);
	struct unix_scm scm;
	long ret;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	ret = unix_scm_parse(m, &scm);
	if (ret)
		return ret;
	if (u->type == SOCK_STREAM)
		ret = stream_send(f, m, flags, &scm);
	else
		ret = dgram_send(f, m, flags, &scm);
	unix_fds_put(scm.fds);
	/* Only streams raise SIGPIPE on Linux; packets just fail. */
	if (ret == -EPIPE && u->type == SOCK_STREAM && !(flags & MSG_NOSIGNAL))
		send_sigpipe();
	return ret;
}

/* What a receive hands over once unix_lock is dropped. */
struct recv_out {
	struct unix_fds *fds;
	struct unix_cred cred;
	bool has_cred;
};

/* Under unix_lock: note @skb's sender and descriptors for the caller. */
static void take_meta(struct kmsghdr *m, struct unix_skb *skb, bool peek,
		      struct recv_out *out)
{
	if (!out->has_cred) {
		out->cred = skb->cred;
		out->has_cred = true;
		if (m->name)
			unix_copy_addr(skb->from, m->name, &m->namelen);
		if (m->name && !skb->from)
			m->namelen = 0;	/* unnamed sender: no address */
	}
	if (skb->fds && peek)
		out->fds = unix_fds_dup(skb->fds);
	else if (skb->fds)
		out->fds = skb->fds, skb->fds = NULL;
}

/* Under unix_lock: wait for a message; 1 = end of file. */
static int recv_wait(struct file *f, struct unix_sock *u, int flags,
		     u64 deadline)
{
	int err;

	while (list_empty(&u->rcvq)) {
		if (u->err) {
			err = u->err;
			u->err = 0;
			return -err;
		}
		if (u->shutdown & RCV_SHUTDOWN)
			return 1;
		if (unix_nonblock(f, flags))
			return -EAGAIN;
		err = unix_sleep(&u->wq, deadline);
		if (err)
			return err;
	}
	return 0;
}

static long dgram_recv(struct file *f, struct kmsghdr *m, int flags,
		       struct recv_out *out)
{
	struct unix_sock *u = unix_sk(f);
	struct unix_skb *skb;
	size_t n;
	long ret;

	if (u->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	mutex_lock(&unix_lock);
	ret = recv_wait(f, u, flags, unix_deadline(u->rcvtimeo));
	if (ret) {
		unix_unlock();
		return ret > 0 ? 0 : ret;
	}
	skb = list_first_entry(&u->rcvq, struct unix_skb, node);
	n = min(skb->len, m->iter.left);
	if (msg_iter_copy_out(&m->iter, skb->data, n)) {
		unix_unlock();
		return -EFAULT;
	}
	if (n < skb->len)
		m->flags |= MSG_TRUNC;
	ret = (flags & MSG_TRUNC) ? (long)skb->len : (long)n;
	take_meta(m, skb, flags & MSG_PEEK, out);
	if (!(flags & MSG_PEEK))
		consumed(u, skb, skb->len);
	unix_unlock();
	return ret;
}

/* Under unix_lock: copy queued bytes without taking them. */
static long stream_peek(struct unix_sock *u, struct kmsghdr *m,
			struct recv_out *out)
{
	struct unix_skb *skb;
	size_t copied = 0;

	list_for_each_entry(skb, &u->rcvq, node) {
		size_t n = min(skb->len - skb->off, m->iter.left);

		if (msg_iter_copy_out(&m->iter, skb->data + skb->off, n))
			return copied ? (long)copied : -EFAULT;
		take_meta(m, skb, true, out);
		copied += n;
		if (!m->iter.left || out->fds)
			break;
	}
	return (long)copied;
}

/* Under unix_lock: take queued bytes, up to a message with descriptors. */
static long stream_take(struct unix_sock *u, struct kmsghdr *m,
			struct recv_out *out)
{
	size_t copied = 0;

	while (!list_empty(&u->rcvq) && m->iter.left && !out->fds) {
		struct unix_skb *skb = list_first_entry(&u->rcvq,
							struct unix_skb, node);
		size_t n = min(skb->len - skb->off, m->iter.left);

		if (msg_iter_copy_out(&m->iter, skb->data + skb->off, n))
			return copied ? (long)copied : -EFAULT;
		take_meta(m, skb, false, out);
		consumed(u, skb, n);
		copied += n;
	}
	return (long)copied;
}

static long stream_recv(struct file *f, struct kmsghdr *m, int flags,
			struct recv_out *out)
{
	struct unix_sock *u = unix_sk(f);
	u64 deadline = unix_deadline(READ_ONCE(u->rcvtimeo));
	size_t want = m->iter.left;
	long copied = 0, ret;

	mutex_lock(&unix_lock);
	if (u->state != UNIX_CONNECTED) {
		unix_unlock();
		return -EINVAL;
	}
	for (;;) {
		ret = recv_wait(f, u, flags, deadline);
		if (ret)
			break;
		ret = (flags & MSG_PEEK) ? stream_peek(u, m, out) :
					   stream_take(u, m, out);
		if (ret < 0)
			break;
		copied += ret;
		/* MSG_WAITALL waits for the whole request, or EOF. */
		if (!(flags & MSG_WAITALL) || (flags & MSG_PEEK) ||
		    (size_t)copied == want || out->fds)
			break;
	}
	unix_unlock();
	if (copied)
		return copied;
	return ret > 0 ? 0 : ret;
}

long unix_recvmsg(struct file *f, struct kmsghdr *m, int flags)
{
	struct unix_sock *u = unix_sk(f);
	struct recv_out out = { 0 };
	long ret;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	m->namelen = 0;
	if (u->type == SOCK_STREAM)
		ret = stream_recv(f, m, flags, &out);
	else
		ret = dgram_recv(f, m, flags, &out);
	if (ret < 0) {
		unix_fds_put(out.fds);
		return ret;
	}
	unix_scm_deliver(m, flags, out.fds,
			 READ_ONCE(u->passcred) && out.has_cred ? &out.cred :
								 NULL);
	return ret;
}
