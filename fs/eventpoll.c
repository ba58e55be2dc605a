// SPDX-License-Identifier: MIT
/*
 * epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait.
 *
 * An epoll file keeps an interest list of (file, fd) items.  There is no
 * ready list: epoll_wait asks every registered file's ->poll in each pass
 * of the same loop that poll(2) uses (poll_loop in fs/select.c), so the
 * caller sleeps on all the files' wait queues and re-checks on a wake-up.
 * That costs O(items) per wait instead of O(ready), in exchange for one
 * readiness path shared with poll and select.
 *
 * Supported: level-triggered reporting, EPOLLONESHOT (an item that
 * fired reports nothing until EPOLL_CTL_MOD re-arms it) and EPOLLET.  An
 * edge-triggered item is reported when its file is ready and something
 * happened on it since the item was last reported (or added, or
 * modified).  "Something happened" is the file's ->poll_gen count, which
 * moves with every wake-up of its wait queues for those events (new
 * input, new room, a hang-up), the moments Linux's wake-up callback
 * would queue the item; so data arriving on a file that never stopped
 * being readable is an edge too, as on Linux.  One edge goes to one
 * epoll_wait caller.  An epoll file's own count (for an edge-triggered
 * item on a nested epoll file) moves whenever the count of one of its
 * armed items moved since it was last looked at, or an item was added or
 * modified: the moments Linux wakes the nested epoll's pollers.  Files
 * without ->poll_gen are refused EPOLLET with EINVAL.
 * EPOLLEXCLUSIVE is accepted on ADD and behaves as a plain item (every
 * waiter is woken, which is allowed, only less efficient); EPOLLWAKEUP is
 * ignored as on Linux without CAP_BLOCK_SUSPEND.
 *
 * Simplification: an item holds a reference to its file, so it stays
 * registered (and is reported) until EPOLL_CTL_DEL or the epoll file's
 * last close, even after every descriptor of the file was closed; Linux
 * drops the item when the file's last reference goes.  epoll_wait keeps
 * the files it is queued on referenced until it returns, so a concurrent
 * EPOLL_CTL_DEL cannot free a queue under it; an epoll file polled from
 * poll(2) or from another epoll file does not (like poll(2) with a
 * concurrent close(), see fs/select.c).
 *
 * Errors: EBADF (bad epfd or fd), EINVAL (epfd not an epoll file, fd ==
 * epfd, bad op, flags or maxevents), EPERM (file without ->poll, like a
 * regular file), EEXIST, ENOENT, ELOOP (epoll nesting cycle or deeper
 * than 4), EFAULT, EINTR (signal while waiting), ENOMEM, EMFILE.
 */
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/fdtable.h>
#include <umka/list.h>
#include <umka/mutex.h>
#include <umka/poll.h>
#include <umka/sigtypes.h>
#include <umka/slab.h>
#include <umka/syscall.h>
#include <uapi/fcntl.h>

#define EPOLL_CLOEXEC		O_CLOEXEC
#define EPOLL_CTL_ADD		1
#define EPOLL_CTL_DEL		2
#define EPOLL_CTL_MOD		3

#define EPOLLEXCLUSIVE		(1U << 28)
#define EPOLLWAKEUP		(1U << 29)
#define EPOLLONESHOT		(1U << 30)
#define EPOLLET			(1U << 31)
/* Bits that select no event but change how the item behaves. */
#define EP_CTL_BITS (EPOLLEXCLUSIVE | EPOLLWAKEUP | EPOLLONESHOT | EPOLLET)
#define EP_MAX_NESTS		4	/* as Linux: epoll inside epoll */
#define EP_MAX_BATCH		256	/* events copied out per epoll_wait */

/* The x86-64 ABI packs it: 12 bytes, data at offset 4. */
struct epoll_event {
	u32 events;
	u64 data;
} __attribute__((packed));

struct epitem {
	struct list_head list;
	struct file *file;		/* a reference */
	int fd;
	u32 events;			/* interest; 0 after ONESHOT fired */
	u64 data;
	u64 id;				/* changes on every ADD/MOD */
	/* EPOLLET: the file's ->poll_gen when last reported; or pending. */
	u64 et_gen;
	bool et_pending;		/* added or modified since */
	u64 seen_gen;			/* its file's count, for ep->gen */
};

struct eventpoll {
	struct mutex lock;		/* guards the fields below */
	struct list_head items;
	unsigned int nitems;
	u64 next_id;
	u64 gen;			/* this file's ->poll_gen */
	/* Woken by ADD/MOD so waiters re-scan; nested pollers sleep here. */
	struct wait_queue_head wq;
};

/* Held to add or remove an epoll file inside another: cycle checks. */
static DEFINE_MUTEX(ep_nest_lock, LOCK_LEVEL_EPOLL_NEST);

static const struct file_operations eventpoll_fops;

static bool is_epoll(struct file *f)
{
	return f->f_op == &eventpoll_fops;
}

/* One registered file as seen by a scan, outside the epoll lock. */
struct ep_snap {
	struct file *file;
	u32 events;
	u64 data;
	u64 id;
	u64 et_gen;
	bool et_pending;
	int slot;			/* its event in the scan, or -1 */
};

/*
 * Copy the armed items with file references, so their ->poll can run
 * without the epoll lock (->poll takes the file's own locks, and a nested
 * epoll its own).  Returns the count, or -ENOMEM.
 */
static int ep_snapshot(struct eventpoll *ep, struct ep_snap **out)
{
	struct ep_snap *s;
	struct epitem *it;
	int n = 0;

	mutex_lock(&ep->lock);
	s = kmalloc((ep->nitems ? ep->nitems : 1) * sizeof(*s));
	if (!s) {
		mutex_unlock(&ep->lock);
		return -ENOMEM;
	}
	list_for_each_entry(it, &ep->items, list) {
		if (!(it->events & ~EP_CTL_BITS))
			continue;	/* a fired ONESHOT item */
		s[n++] = (struct ep_snap){ get_file(it->file), it->events,
					   it->data, it->id, it->et_gen,
					   it->et_pending, -1 };
	}
	mutex_unlock(&ep->lock);
	*out = s;
	return n;
}

static struct epitem *ep_find_id(struct eventpoll *ep, u64 id)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, list)
		if (it->id == id)
			return it;
	return NULL;
}

/*
 * The files of a registering pass, kept referenced while the caller is
 * queued on their wait queues: an EPOLL_CTL_DEL meanwhile must not free
 * a queue that the caller still has to leave.
 */
struct ep_hold {
	struct ep_snap *s;
	int n;
};

static void ep_hold_release(struct ep_hold *h)
{
	for (int i = 0; i < h->n; i++)
		fput(h->s[i].file);
	kfree(h->s);
	h->s = NULL;
	h->n = 0;
}

/*
 * Whether the reported item behind @e may still have its event: a
 * ONESHOT item is disarmed by the first caller, an edge is consumed by
 * the first; an item modified or removed since the snapshot is dropped.
 * ep->lock held.
 */
static bool ep_consume(struct eventpoll *ep, const struct ep_snap *e)
{
	struct epitem *it;

	if (!(e->events & (EPOLLONESHOT | EPOLLET)))
		return true;
	it = ep_find_id(ep, e->id);
	if (!it)
		return false;
	if (e->events & EPOLLONESHOT) {
		if (!(it->events & ~EP_CTL_BITS))
			return false;
		it->events &= EP_CTL_BITS;
	}
	if (e->events & EPOLLET) {
		if (!it->et_pending && it->et_gen == e->et_gen)
			return false;	/* another caller took this edge */
		it->et_gen = e->et_gen;
		it->et_pending = false;
	}
	return true;
}

/*
 * One pass: poll every armed item, filling up to @max events.  With
 * @consume, reported ONESHOT items are disarmed and reported edges taken
 * (ep_consume), so each goes to exactly one caller.
 */
static int ep_scan(struct eventpoll *ep, struct epoll_event *ev, int max,
		   struct poll_table *pt, bool consume, struct ep_hold *hold)
{
	struct ep_snap *s;
	bool check = false;
	int n, count = 0;

	poll_wait(pt, &ep->wq);
	n = ep_snapshot(ep, &s);
	if (n < 0)
		return n;
	for (int i = 0; i < n && count < max; i++) {
		struct ep_snap *e = &s[i];
		struct file *f = e->file;
		u64 gen = 0;
		unsigned int m;

		/* The count first: an edge during ->poll is not lost. */
		if (e->events & EPOLLET)
			gen = f->f_op->poll_gen(f, e->events);
		m = f->f_op->poll(f, pt);
		m &= (e->events & ~EP_CTL_BITS) | POLLERR | POLLHUP;
		if (!m)
			continue;
		if ((e->events & EPOLLET) && !e->et_pending && gen == e->et_gen)
			continue;	/* ready, but nothing new */
		e->et_gen = gen;
		e->slot = count;
		check |= (e->events & (EPOLLONESHOT | EPOLLET)) != 0;
		ev[count++] = (struct epoll_event){ m, e->data };
	}
	if (consume && check) {
		int kept = 0;

		mutex_lock(&ep->lock);
		for (int i = 0; i < n; i++)
			if (s[i].slot >= 0 && ep_consume(ep, &s[i]))
				ev[kept++] = ev[s[i].slot];
		mutex_unlock(&ep->lock);
		count = kept;
	}
	if (hold) {
		hold->s = s;
		hold->n = n;
		return count;
	}
	/* fput outside the lock: a last reference runs ->release. */
	for (int i = 0; i < n; i++)
		fput(s[i].file);
	kfree(s);
	return count;
}

/* An epoll file is readable while one of its items has events. */
static unsigned int ep_poll(struct file *f, struct poll_table *pt)
{
	struct epoll_event ev;

	return ep_scan(f->private_data, &ev, 1, pt, false, NULL) > 0 ?
		       POLLIN | POLLRDNORM : 0;
}

/*
 * Count what happened on the armed items: each one whose file's count
 * moved since the last look (by any caller) adds one.  Monotonic, so an
 * outer epoll's EPOLLET item never mistakes a later count for one it
 * already reported.
 */
static u64 ep_poll_gen(struct file *f, unsigned int events)
{
	struct eventpoll *ep = f->private_data;
	struct epitem *it;
	struct ep_snap *s;
	int n = ep_snapshot(ep, &s), j = 0;
	u64 gen;

	if (n < 0) {
		mutex_lock(&ep->lock);
		gen = ++ep->gen;	/* a spurious edge, never a lost one */
		mutex_unlock(&ep->lock);
		return gen;
	}
	for (int i = 0; i < n; i++) {
		struct file *g = s[i].file;

		s[i].et_gen = g->f_op->poll_gen ?
			g->f_op->poll_gen(g, s[i].events & ~EP_CTL_BITS) : 0;
	}
	mutex_lock(&ep->lock);
	/* The list keeps its order: the snapshot's items come in order. */
	list_for_each_entry(it, &ep->items, list) {
		int k = j;

		while (k < n && s[k].id != it->id)
			k++;
		if (k == n)
			continue;	/* added or modified since */
		j = k + 1;
		if (it->seen_gen != s[k].et_gen) {
			it->seen_gen = s[k].et_gen;
			ep->gen++;
		}
	}
	gen = ep->gen;
	mutex_unlock(&ep->lock);
	for (int i = 0; i < n; i++)
		fput(s[i].file);
	kfree(s);
	(void)events;
	return gen;
}

static int ep_release(struct inode *inode, struct file *f)
{
	struct eventpoll *ep = f->private_data;
	struct epitem *it, *tmp;

	/* Last reference: nobody else can reach the list any more. */
	list_for_each_entry_safe(it, tmp, &ep->items, list) {
		list_del(&it->list);
		fput(it->file);
		kfree(it);
	}
	kfree(ep);
	return 0;
}

static const struct file_operations eventpoll_fops = {
	.poll = ep_poll,
	.poll_gen = ep_poll_gen,
	.llseek = no_llseek,
	.release = ep_release,
};

static long do_epoll_create(int flags)
{
	struct eventpoll *ep;
	struct file *f;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	mutex_init(&ep->lock, "epoll", LOCK_LEVEL_EPOLL);
	list_init(&ep->items);
	init_waitqueue_head(&ep->wq);
	f = anon_inode_getfile("[eventpoll]", &eventpoll_fops, ep, O_RDWR);
	if (IS_ERR(f)) {
		kfree(ep);
		return PTR_ERR(f);
	}
	fd = fd_install_new(f, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	return do_epoll_create(flags);
}

SYSCALL_DEFINE1(epoll_create, int, size)
{
	/* @size is only a hint since Linux 2.6.8, but must be positive. */
	if (size <= 0)
		return -EINVAL;
	return __do_sys_epoll_create1(0);
}

/*
 * Can @from reach @target through nested epoll files within @depth more
 * levels?  Called with ep_nest_lock held, so no epoll item can be added
 * or removed in the walk and the nested files stay alive without extra
 * references.  -ELOOP for a cycle or too deep a nest, else 0 or -ENOMEM.
 */
static int ep_check_loop(struct eventpoll *from, struct eventpoll *target,
			 int depth)
{
	struct eventpoll **kids;
	struct epitem *it;
	int n = 0, err = 0;

	if (from == target || depth <= 0)
		return -ELOOP;
	mutex_lock(&from->lock);
	kids = kmalloc((from->nitems ? from->nitems : 1) * sizeof(*kids));
	if (kids) {
		list_for_each_entry(it, &from->items, list)
			if (is_epoll(it->file))
				kids[n++] = it->file->private_data;
	}
	mutex_unlock(&from->lock);
	if (!kids)
		return -ENOMEM;
	for (int i = 0; i < n && !err; i++)
		err = ep_check_loop(kids[i], target, depth - 1);
	kfree(kids);
	return err;
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, list)
		if (it->file == f && it->fd == fd)
			return it;
	return NULL;
}

static long ep_ctl(struct eventpoll *ep, int op, int fd, struct file *tf,
		   const struct epoll_event *ev)
{
	struct epitem *it, *new = NULL;
	struct file *drop = NULL;
	long ret = 0;

	if (op == EPOLL_CTL_ADD) {
		new = kzalloc(sizeof(*new));
		if (!new)
			return -ENOMEM;
	}
	mutex_lock(&ep->lock);
	it = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it) {
			ret = -EEXIST;
			break;
		}
		new->file = get_file(tf);
		new->fd = fd;
		new->events = ev->events;
		new->data = ev->data;
		new->id = ++ep->next_id;
		new->et_pending = true;
		ep->gen++;
		list_add_tail(&new->list, &ep->items);
		ep->nitems++;
		new = NULL;
		break;
	case EPOLL_CTL_MOD:
		if (!it) {
			ret = -ENOENT;
			break;
		}
		/* Linux refuses to modify an exclusive item. */
		if (it->events & EPOLLEXCLUSIVE) {
			ret = -EINVAL;
			break;
		}
		it->events = ev->events;
		it->data = ev->data;
		it->id = ++ep->next_id;
		it->et_pending = true;
		ep->gen++;
		break;
	case EPOLL_CTL_DEL:
		if (!it) {
			ret = -ENOENT;
			break;
		}
		list_del(&it->list);
		ep->nitems--;
		drop = it->file;
		kfree(it);
		break;
	}
	mutex_unlock(&ep->lock);
	kfree(new);
	if (drop)
		fput(drop);
	/* A sleeping epoll_wait re-scans, so the new interest takes effect. */
	if (!ret && op != EPOLL_CTL_DEL)
		wake_up_all(&ep->wq);
	return ret;
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd,
		struct epoll_event __user *, uev)
{
	struct epoll_event ev = { 0 };
	struct file *f, *tf;
	bool nest = false;
	long ret;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	f = fget(epfd);
	if (!f)
		return -EBADF;
	tf = fget(fd);
	ret = -EBADF;
	if (!tf)
		goto out_f;
	ret = -EPERM;
	if (!tf->f_op || !tf->f_op->poll)
		goto out;
	ret = -EINVAL;
	if (f == tf || !is_epoll(f))
		goto out;
	if (op != EPOLL_CTL_ADD && op != EPOLL_CTL_MOD && op != EPOLL_CTL_DEL)
		goto out;
	if (op != EPOLL_CTL_DEL) {
		if ((ev.events & EPOLLET) && !tf->f_op->poll_gen)
			goto out;
		if (ev.events & EPOLLEXCLUSIVE) {
			/* Linux: not with ONESHOT, not on epoll files, not MOD. */
			if (op == EPOLL_CTL_MOD || is_epoll(tf) ||
			    (ev.events & EPOLLONESHOT))
				goto out;
		}
		/* Linux reports these whether asked or not. */
		ev.events |= POLLERR | POLLHUP;
	}
	if (is_epoll(tf) && op != EPOLL_CTL_MOD) {
		mutex_lock(&ep_nest_lock);
		nest = true;
		if (op == EPOLL_CTL_ADD) {
			ret = ep_check_loop(tf->private_data, f->private_data,
					    EP_MAX_NESTS);
			if (ret)
				goto out;
		}
	}
	ret = ep_ctl(f->private_data, op, fd, tf, &ev);
out:
	if (nest)
		mutex_unlock(&ep_nest_lock);
	fput(tf);
out_f:
	fput(f);
	return ret;
}

struct ep_wait_arg {
	struct eventpoll *ep;
	struct epoll_event *ev;
	int max;
	struct poll_table *pt;		/* of the registering pass */
	u64 gen;			/* ep->next_id when it registered */
	struct ep_hold hold;
};

/*
 * Only the first pass of poll_loop registers on the files' queues.  An
 * ADD or MOD since (a new item, a re-armed ONESHOT) changes next_id; then
 * register afresh, or the new item's wake-ups would never reach us.
 */
static int ep_wait_pass(void *arg, struct poll_table *pt)
{
	struct ep_wait_arg *a = arg;
	u64 gen = READ_ONCE(a->ep->next_id);

	if (!pt && gen != a->gen) {
		poll_table_reset(a->pt);
		ep_hold_release(&a->hold);
		pt = a->pt;
	}
	if (!pt)
		return ep_scan(a->ep, a->ev, a->max, NULL, true, NULL);
	a->pt = pt;
	a->gen = gen;
	return ep_scan(a->ep, a->ev, a->max, pt, true, &a->hold);
}

static long do_epoll_wait(int epfd, struct epoll_event __user *uev,
			  int maxevents, int ms)
{
	struct ep_wait_arg a;
	struct file *f;
	long ret;

	if (maxevents <= 0 || maxevents > 0x7fffffff / (int)sizeof(*uev))
		return -EINVAL;
	f = fget(epfd);
	if (!f)
		return -EBADF;
	ret = -EINVAL;
	if (!is_epoll(f))
		goto out;
	/* Returning fewer than @maxevents is always allowed. */
	a.max = maxevents < EP_MAX_BATCH ? maxevents : EP_MAX_BATCH;
	a.ep = f->private_data;
	a.ev = kmalloc(a.max * sizeof(*a.ev));
	ret = -ENOMEM;
	if (!a.ev)
		goto out;
	a.hold = (struct ep_hold){ NULL, 0 };
	ret = poll_loop(ep_wait_pass, &a, poll_deadline_ms(ms));
	ep_hold_release(&a.hold);	/* poll_loop has left the queues */
	/*
	 * Events already taken (ONESHOT disarmed) are lost if the copy
	 * faults; Linux likewise returns EFAULT only when none was copied.
	 */
	if (ret > 0 && copy_to_user(uev, a.ev, ret * sizeof(*a.ev)))
		ret = -EFAULT;
	kfree(a.ev);
out:
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(epoll_wait, int, epfd, struct epoll_event __user *, uev,
		int, maxevents, int, ms)
{
	long ret = do_epoll_wait(epfd, uev, maxevents, ms);

	/* epoll_wait is never restarted after a signal handler. */
	return ret == -ERESTARTNOHAND ? -EINTR : ret;
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event __user *, uev,
		int, maxevents, int, ms, const u64 __user *, umask,
		size_t, size)
{
	u64 old;
	long ret = poll_swap_sigmask(umask, size, &old);

	if (ret)
		return ret;
	ret = do_epoll_wait(epfd, uev, maxevents, ms);
	poll_restore_sigmask(ret, old);
	return ret == -ERESTARTNOHAND ? -EINTR : ret;
}
