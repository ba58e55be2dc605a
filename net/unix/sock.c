// SPDX-License-Identifier: MIT
/*
 * AF_UNIX sockets: creation, socketpair, the socket file (read, write,
 * poll, ioctl, close) and the reference counts that keep a socket alive
 * while a peer or a queued message still points at it.
 *
 * Errors of socket() and socketpair():
 *   EPROTONOSUPPORT  protocol other than 0 (or PF_UNIX)
 *   ESOCKTNOSUPPORT  a type other than STREAM, DGRAM, SEQPACKET (RAW is
 *                    taken as DGRAM, as on Linux)
 */
#include "af_unix.h"
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/poll.h>
#include <umka/sched.h>
#include <umka/signal.h>
#include <umka/sigtypes.h>
#include <umka/slab.h>
#include <umka/stat.h>
#include <umka/time.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>

#define SIOCOUTQ 0x5411		/* TIOCOUTQ */

DEFINE_MUTEX(unix_lock, LOCK_LEVEL_UNIX);

static const struct file_operations unix_fops;
static unsigned long unix_live;	/* allocated, not yet freed */
LIST_HEAD(unix_all);		/* open sockets, for /proc/net/unix */

unsigned long unix_live_count(void)
{
	return __atomic_load_n(&unix_live, __ATOMIC_RELAXED);
}

struct unix_sock *unix_sk(struct file *f)
{
	return f->private_data;
}

bool unix_file_is(struct file *f)
{
	return f->f_op == &unix_fops;
}

bool unix_connection(const struct unix_sock *u)
{
	return u->type != SOCK_DGRAM;
}

bool unix_nonblock(struct file *f, int flags)
{
	return (flags & MSG_DONTWAIT) || (READ_ONCE(f->f_flags) & O_NONBLOCK);
}

void unix_cred_current(struct unix_cred *c)
{
	c->pid = current->tgid;
	c->uid = current->cred.euid;
	c->gid = current->cred.egid;
}

struct unix_sock *unix_sock_alloc(int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));

	if (!u)
		return NULL;
	u->sock.ops = &unix_ops;
	u->refs = 1;
	u->type = type;
	u->sndbuf = u->rcvbuf = UNIX_BUF_DEFAULT;
	list_init(&u->bound);
	list_init(&u->all);
	list_init(&u->rcvq);
	list_init(&u->acceptq);
	list_init(&u->accept_node);
	init_waitqueue_head(&u->wq);
	__atomic_add_fetch(&unix_live, 1, __ATOMIC_RELAXED);
	mutex_lock(&unix_lock);
	list_add_tail(&u->all, &unix_all);
	mutex_unlock(&unix_lock);
	return u;
}

void unix_sock_get(struct unix_sock *u)
{
	__atomic_add_fetch(&u->refs, 1, __ATOMIC_RELAXED);
}

/* Never under unix_lock: the last put lets go of a path. */
void unix_sock_put(struct unix_sock *u)
{
	if (!u || __atomic_sub_fetch(&u->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (!list_empty(&u->all)) {	/* never released: never had a file */
		mutex_lock(&unix_lock);
		list_del(&u->all);
		mutex_unlock(&unix_lock);
	}
	if (u->path.dentry)
		path_put(&u->path);
	unix_addr_put(u->addr);
	kfree(u);
	__atomic_sub_fetch(&unix_live, 1, __ATOMIC_RELAXED);
}

static LIST_HEAD(sock_graveyard);
static LIST_HEAD(skb_graveyard);

void unix_sock_put_locked(struct unix_sock *u)
{
	if (u && !__atomic_sub_fetch(&u->refs, 1, __ATOMIC_ACQ_REL))
		list_add_tail(&u->bound, &sock_graveyard);	/* unbound by now */
}

void unix_skb_discard(struct unix_skb *skb)
{
	list_add_tail(&skb->node, &skb_graveyard);
}

static void move_all(struct list_head *from, struct list_head *to)
{
	while (!list_empty(from))
		list_move_tail(from->next, to);
}

void unix_unlock(void)
{
	LIST_HEAD(socks);
	LIST_HEAD(skbs);
	struct unix_skb *skb, *sn;
	struct unix_sock *u, *un;

	move_all(&sock_graveyard, &socks);
	move_all(&skb_graveyard, &skbs);
	mutex_unlock(&unix_lock);
	list_for_each_entry_safe(skb, sn, &skbs, node)
		unix_skb_free(skb);
	list_for_each_entry_safe(u, un, &socks, bound) {
		u->refs = 1;
		unix_sock_put(u);
	}
}

/* Wake everyone waiting on @u: a state change, data, or room. */
void unix_wake(struct unix_sock *u)
{
	__atomic_add_fetch(&u->gen, 1, __ATOMIC_RELEASE);
	wake_up_all(&u->wq);
}

/* The deadline of a wait bounded by SO_RCVTIMEO/SO_SNDTIMEO (0: none). */
u64 unix_deadline(u64 timeo)
{
	return timeo ? ktime_get_ns() + timeo : 0;
}

/*
 * Sleep on @wq until woken, with unix_lock held on entry and on return.
 * The caller rechecks its condition under the lock, and wakers wake
 * after changing state under it, so no wake-up is lost between the
 * check and the sleep.  A signal gives -ERESTARTSYS, or -EINTR in a
 * wait with a timeout (as Linux: such calls do not restart); a passed
 * @deadline gives -EAGAIN.
 */
int unix_sleep(struct wait_queue_head *wq, u64 deadline)
{
	struct wait_entry we = { .task = current };
	u64 now = 0;

	prepare_to_wait(wq, &we, TASK_INTERRUPTIBLE);
	mutex_unlock(&unix_lock);
	if (!signal_pending(current) && !deadline)
		schedule();
	else if (!signal_pending(current) && (now = ktime_get_ns()) < deadline)
		schedule_timeout(deadline - now);
	finish_wait(wq, &we);
	mutex_lock(&unix_lock);
	if (signal_pending(current))
		return deadline ? -EINTR : -ERESTARTSYS;
	if (deadline && ktime_get_ns() >= deadline)
		return -EAGAIN;
	return 0;
}

/* A file for @u, taking over the caller's reference. */
struct file *unix_sock_file(struct unix_sock *u, int flags)
{
	struct file *f = anon_inode_getfile("[unix]", &unix_fops, u,
					    O_RDWR | (flags & O_NONBLOCK));

	if (IS_ERR(f))
		return f;
	/* fstat sees a socket, as on Linux; /proc shows its inode number. */
	f->f_inode->i_mode = S_IFSOCK | 0777;
	WRITE_ONCE(u->ino, f->f_inode->i_ino);
	return f;
}

static int check_type(int *type, int protocol)
{
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	if (*type == SOCK_RAW)
		*type = SOCK_DGRAM;
	if (*type != SOCK_STREAM && *type != SOCK_DGRAM &&
	    *type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	return 0;
}

struct file *unix_create(int type, int protocol, int flags)
{
	int err = check_type(&type, protocol);
	struct unix_sock *u;
	struct file *f;

	if (err)
		return ERR_PTR(err);
	u = unix_sock_alloc(type);
	if (!u)
		return ERR_PTR(-ENOMEM);
	f = unix_sock_file(u, flags);
	if (IS_ERR(f))
		unix_sock_put(u);
	return f;
}

/* Close a socket that never got its file. */
static void release_unfiled(struct unix_sock *u)
{
	mutex_lock(&unix_lock);
	unix_release(u);
	unix_unlock();
	unix_sock_put(u);
}

int unix_socketpair(int type, int protocol, int flags, struct file *res[2])
{
	int err = check_type(&type, protocol);
	struct unix_sock *a, *b;

	if (err)
		return err;
	a = unix_sock_alloc(type);
	b = a ? unix_sock_alloc(type) : NULL;
	if (!b) {
		unix_sock_put(a);
		return -ENOMEM;
	}
	unix_cred_current(&a->peercred);
	b->peercred = a->peercred;
	a->has_peercred = b->has_peercred = true;
	mutex_lock(&unix_lock);
	unix_pair(a, b);
	unix_sock_put_locked(b);	/* a's peer link keeps b */
	unix_unlock();
	/* b's own reference came from a's link; take one for b's file. */
	unix_sock_get(b);
	res[0] = unix_sock_file(a, flags);
	if (IS_ERR(res[0])) {
		release_unfiled(a);
		release_unfiled(b);
		return PTR_ERR(res[0]);
	}
	res[1] = unix_sock_file(b, flags);
	if (IS_ERR(res[1])) {
		fput(res[0]);
		release_unfiled(b);
		return PTR_ERR(res[1]);
	}
	return 0;
}

/* read() and write() are recv() and send() with no flags and one buffer. */
static ssize_t unix_rw(struct file *f, struct uio *u, bool write)
{
	struct iovec iov = { (void __user *)u->base, u->len };
	struct kmsghdr m = { .iter = { &iov, 1, u->len, u->kernel } };
	ssize_t n;

	n = write ? unix_sendmsg(f, &m, 0) : unix_recvmsg(f, &m, 0);
	if (n > 0) {
		u->base += n;
		u->len -= (size_t)n;
	}
	return n;
}

static ssize_t unix_read(struct file *f, struct uio *u, loff_t *pos)
{
	return unix_rw(f, u, false);
}

static ssize_t unix_write(struct file *f, struct uio *u, loff_t *pos)
{
	return unix_rw(f, u, true);
}

/* readv/writev: one message across all the segments. */
static ssize_t unix_rw_vec(struct file *f, struct iovec *vec,
			   unsigned long n, bool write)
{
	struct kmsghdr m = { .iter = { vec, n, 0, false } };

	for (unsigned long i = 0; i < n; i++)
		m.iter.left += vec[i].iov_len;
	if (!write && !m.iter.left)
		return 0;	/* takes no datagram, as on Linux */
	return write ? unix_sendmsg(f, &m, 0) : unix_recvmsg(f, &m, 0);
}

static bool unix_writable(struct unix_sock *u)
{
	return u->wmem < u->sndbuf;
}

static unsigned int poll_mask(struct unix_sock *u)
{
	unsigned int mask = 0;

	if (u->err)
		mask |= POLLERR;
	if (u->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (u->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!list_empty(&u->rcvq) || !list_empty(&u->acceptq))
		mask |= POLLIN | POLLRDNORM;
	if (unix_connection(u) && u->state == UNIX_UNCONNECTED)
		mask |= POLLHUP;	/* never connected, as Linux says */
	if (u->state == UNIX_LISTENING)
		return mask;
	if (unix_writable(u) && !(u->shutdown & SEND_SHUTDOWN))
		mask |= POLLOUT | POLLWRNORM;
	else if (unix_writable(u) && u->type == SOCK_STREAM)
		mask |= POLLOUT | POLLWRNORM;	/* the write says EPIPE */
	return mask;
}

static unsigned int unix_poll(struct file *f, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(f);
	unsigned int mask;

	poll_wait(pt, &u->wq);
	mutex_lock(&unix_lock);
	mask = poll_mask(u);
	unix_unlock();
	return mask;
}

/* One wake-up count serves every event: any of them may be an edge. */
static u64 unix_poll_gen(struct file *f, unsigned int events)
{
	return __atomic_load_n(&unix_sk(f)->gen, __ATOMIC_ACQUIRE);
}

static int inq(struct unix_sock *u)
{
	struct unix_skb *skb;

	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	if (u->type == SOCK_STREAM)
		return (int)u->rcvq_bytes;
	if (list_empty(&u->rcvq))
		return 0;
	skb = list_first_entry(&u->rcvq, struct unix_skb, node);
	return (int)skb->len;	/* the next datagram's size */
}

static long unix_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct unix_sock *u = unix_sk(f);
	int n;

	if (cmd != FIONREAD && cmd != SIOCOUTQ)
		return -ENOTTY;
	mutex_lock(&unix_lock);
	n = cmd == FIONREAD ? inq(u) : (int)u->wmem;
	unix_unlock();
	if (n < 0)
		return n;
	return put_user(n, (int __user *)arg) ? -EFAULT : 0;
}

static int unix_file_release(struct inode *inode, struct file *f)
{
	struct unix_sock *u = unix_sk(f);
	mutex_lock(&unix_lock);
	unix_release(u);
	unix_unlock();
	unix_sock_put(u);
	return 0;
}

static const struct file_operations unix_fops = {
	.read = unix_read,
	.write = unix_write,
	.rw_vec = unix_rw_vec,
	.llseek = no_llseek,
	.ioctl = unix_ioctl,
	.poll = unix_poll,
	.poll_gen = unix_poll_gen,
	.release = unix_file_release,
};

const struct sock_ops unix_ops = {
	.family = AF_UNIX,
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.getname = unix_getname,
	.shutdown = unix_shutdown,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.getsockopt = unix_getsockopt,
	.setsockopt = unix_setsockopt,
};
