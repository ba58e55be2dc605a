// SPDX-License-Identifier: MIT
/*
 * inotify_init, inotify_init1, inotify_add_watch, inotify_rm_watch and
 * the instance's file: read() returns whole events (struct
 * inotify_event, then the name NUL-padded to a multiple of 16 bytes),
 * as many as fit; it waits for the first unless O_NONBLOCK.  poll and
 * epoll report POLLIN while events wait; FIONREAD gives their total
 * size; INOTIFY_IOC_SETNEXTWD sets the next watch descriptor.
 *
 * Errors:
 *   EINVAL   init1 flags other than IN_CLOEXEC, IN_NONBLOCK; a watch
 *            mask with no inotify bit, or IN_MASK_ADD with
 *            IN_MASK_CREATE; fd not an inotify instance; rm_watch of an
 *            unknown wd; read() buffer too small for the next event
 *   EEXIST   IN_MASK_CREATE on an inode already watched by the instance
 *   ENOTDIR  IN_ONLYDIR and the path is not a directory
 *   EACCES   no read permission on the watched inode (or a lookup)
 *   ENOSPC   max_user_watches (8192) reached
 *   EMFILE   max_user_instances (128) reached, or no descriptor left
 *   EAGAIN   O_NONBLOCK read with nothing queued
 *   EBADF, EFAULT, ENOENT, ELOOP, ENAMETOOLONG: the usual meanings
 */
#include "internal.h"
#include <umka/anon_inodes.h>
#include <umka/fdtable.h>
#include <umka/namei.h>
#include <umka/poll.h>
#include <umka/sched.h>
#include <umka/sigtypes.h>
#include <umka/signal.h>
#include <umka/slab.h>
#include <umka/syscall.h>
#include <uapi/ioctls.h>

#define ALL_INOTIFY_BITS                                                    \
	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED |          \
	 IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE |    \
	 IN_MASK_ADD | IN_ISDIR | IN_ONESHOT)

static const struct file_operations inotify_fops;

/*
 * Take the first event if it fits in @room: NULL with *@err 0 when the
 * queue is empty, -EINVAL when it does not fit.
 */
static struct inotify_kevent *take_event(struct inotify_group *g,
					 size_t room, int *err)
{
	unsigned long flags = spin_lock_irqsave(&g->lock);
	struct inotify_kevent *e = NULL;
	size_t size;

	*err = 0;
	if (!list_empty(&g->events)) {
		e = list_first_entry(&g->events, struct inotify_kevent, list);
		size = inotify_event_size(e);
		if (size > room) {
			e = NULL;
			*err = -EINVAL;
		} else {
			list_del(&e->list);
			g->q_len--;
			g->q_bytes -= size;
			if (e == g->overflow)
				g->overflow_queued = false;
		}
	}
	spin_unlock_irqrestore(&g->lock, flags);
	return e;
}

static ssize_t copy_event(struct uio *u, struct inotify_kevent *e)
{
	size_t size = inotify_event_size(e);
	struct inotify_event h = { .wd = e->wd, .mask = e->mask,
				   .cookie = e->cookie,
				   .len = size - sizeof(h) };
	ssize_t r = uio_copy_out(u, &h, sizeof(h));

	if (r >= 0 && e->name_len)
		r = uio_copy_out(u, e->name, e->name_len);
	if (r >= 0 && h.len)
		r = uio_zero(u, h.len - e->name_len);
	return r < 0 ? r : (ssize_t)size;
}

static void free_event(struct inotify_group *g, struct inotify_kevent *e)
{
	if (e != g->overflow)
		kfree(e);
}

/* Wait until an event is queued; -EAGAIN, -ERESTARTSYS. */
static int wait_event_queued(struct file *f, struct inotify_group *g)
{
	struct wait_entry we = { .task = current };
	int ret = 0;

	if (READ_ONCE(f->f_flags) & O_NONBLOCK)
		return -EAGAIN;
	for (;;) {
		prepare_to_wait(&g->wq, &we, TASK_INTERRUPTIBLE);
		if (READ_ONCE(g->q_len))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&g->wq, &we);
	return ret;
}

static ssize_t inotify_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct inotify_group *g = f->private_data;
	ssize_t done = 0;

	for (;;) {
		struct inotify_kevent *e;
		ssize_t r;
		int err;

		e = take_event(g, u->len, &err);
		if (err)
			return done ? done : err;
		if (!e) {
			if (done)
				return done;
			err = wait_event_queued(f, g);
			if (err)
				return err;
			continue;
		}
		/* Taken events are gone even if the copy faults, as Linux. */
		r = copy_event(u, e);
		free_event(g, e);
		if (r < 0)
			return r;
		done += r;
	}
}

static unsigned int inotify_poll(struct file *f, struct poll_table *pt)
{
	struct inotify_group *g = f->private_data;

	poll_wait(pt, &g->wq);
	return READ_ONCE(g->q_len) ? POLLIN | POLLRDNORM : 0;
}

static u64 inotify_poll_gen(struct file *f, unsigned int events)
{
	struct inotify_group *g = f->private_data;

	return __atomic_load_n(&g->poll_gen, __ATOMIC_ACQUIRE);
}

static long inotify_ioctl(struct file *f, unsigned int cmd,
			  unsigned long arg)
{
	struct inotify_group *g = f->private_data;
	unsigned long flags;
	int n;

	switch (cmd) {
	case FIONREAD:
		flags = spin_lock_irqsave(&g->lock);
		n = g->q_bytes;
		spin_unlock_irqrestore(&g->lock, flags);
		return put_user(n, (int __user *)arg) ? -EFAULT : 0;
	case INOTIFY_IOC_SETNEXTWD:
		if (arg < 1 || arg > 0x7fffffff)
			return -EINVAL;
		flags = spin_lock_irqsave(&fsnotify_lock);
		g->next_wd = arg;
		spin_unlock_irqrestore(&fsnotify_lock, flags);
		return 0;
	}
	return -ENOTTY;
}

/* Linux's noop_llseek: the position stays 0. */
static loff_t inotify_llseek(struct file *f, loff_t off, int whence)
{
	return f->f_pos;
}

static int inotify_release(struct inode *inode, struct file *f)
{
	struct inotify_group *g = f->private_data;
	unsigned long flags = spin_lock_irqsave(&fsnotify_lock);

	while (!list_empty(&g->marks))
		inotify_destroy_mark(list_first_entry(&g->marks,
						      struct inotify_mark,
						      g_list),
				     false);
	inotify_user_put(g->user);
	spin_unlock_irqrestore(&fsnotify_lock, flags);
	/* No watch points here any more: nothing can queue. */
	inotify_flush_events(g);
	kfree(g->overflow);
	kfree(g);
	return 0;
}

static const struct file_operations inotify_fops = {
	.read = inotify_read,
	.poll = inotify_poll,
	.poll_gen = inotify_poll_gen,
	.ioctl = inotify_ioctl,
	.llseek = inotify_llseek,
	.release = inotify_release,
};

SYSCALL_DEFINE1(inotify_init1, int, flags)
{
	struct inotify_group *g;
	struct file *f;
	int fd, err;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->overflow = kzalloc(sizeof(*g->overflow));
	err = g->overflow ? inotify_user_get(current->cred.euid, &g->user) :
			    -ENOMEM;
	if (err) {
		kfree(g->overflow);
		kfree(g);
		return err;
	}
	spin_lock_init(&g->lock, "inotify_queue", LOCK_LEVEL_INOTIFY_QUEUE);
	list_init(&g->events);
	list_init(&g->marks);
	init_waitqueue_head(&g->wq);
	g->next_wd = 1;
	g->overflow->wd = -1;
	g->overflow->mask = IN_Q_OVERFLOW;
	f = anon_inode_getfile("inotify", &inotify_fops, g,
			       O_RDONLY | (flags & IN_NONBLOCK));
	if (IS_ERR(f)) {
		unsigned long fl = spin_lock_irqsave(&fsnotify_lock);

		inotify_user_put(g->user);
		spin_unlock_irqrestore(&fsnotify_lock, fl);
		kfree(g->overflow);
		kfree(g);
		return PTR_ERR(f);
	}
	fd = fd_install_new(f, flags & IN_CLOEXEC);
	if (fd < 0)
		fput(f);	/* frees the group through ->release */
	return fd;
}

SYSCALL_DEFINE0(inotify_init)
{
	return __do_sys_inotify_init1(0);
}

/* The instance behind @fd (referenced), or NULL with *@err set. */
static struct file *inotify_fget(int fd, long *err)
{
	struct file *f = fget(fd);

	*err = -EBADF;
	if (f && f->f_op != &inotify_fops) {
		fput(f);
		f = NULL;
		*err = -EINVAL;
	}
	return f;
}

/* Directories: tell the children their events now go here too. */
static void mark_children(struct dentry *dir)
{
	struct dentry *c;

	list_for_each_entry(c, &dir->d_subdirs, d_child)
		WRITE_ONCE(c->d_notify_parent, true);
}

static long update_watch(struct inotify_group *g, struct path *p, u32 mask)
{
	struct inode *inode = p->dentry->d_inode;
	struct inotify_mark *fresh = kzalloc(sizeof(*fresh)), *m;
	u32 bits = mask & INOTIFY_MARK_BITS;
	unsigned long flags;
	long ret;

	if (!fresh)
		return -ENOMEM;
	/* Under vfs_ns_lock, as d_add() and d_move() read i_notify. */
	mutex_lock(&vfs_ns_lock);
	flags = spin_lock_irqsave(&fsnotify_lock);
	m = inotify_find_mark(g, inode);
	if (m && (mask & IN_MASK_CREATE)) {
		ret = -EEXIST;
	} else if (m) {
		m->mask = (mask & IN_MASK_ADD) ? m->mask | bits : bits;
		ret = m->wd;
	} else {
		ret = inotify_attach_mark(g, fresh, inode, bits);
		if (!ret) {
			ret = fresh->wd;
			fresh = NULL;
		}
	}
	spin_unlock_irqrestore(&fsnotify_lock, flags);
	if (ret > 0 && S_ISDIR(inode->i_mode))
		mark_children(p->dentry);
	mutex_unlock(&vfs_ns_lock);
	kfree(fresh);
	return ret;
}

SYSCALL_DEFINE3(inotify_add_watch, int, fd, const char __user *, name,
		u32, mask)
{
	unsigned int lf = 0;
	struct file *f;
	struct path p;
	long err;

	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	if (!(mask & ALL_INOTIFY_BITS))
		return -EINVAL;
	f = inotify_fget(fd, &err);
	if (!f)
		return err;
	if (!(mask & IN_DONT_FOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (mask & IN_ONLYDIR)
		lf |= LOOKUP_DIRECTORY;
	err = user_path_at(AT_FDCWD, name, lf, &p);
	if (!err) {
		err = inode_permission(p.dentry->d_inode, MAY_READ);
		if (!err)
			err = update_watch(f->private_data, &p, mask);
		path_put(&p);
	}
	fput(f);
	return err;
}

SYSCALL_DEFINE2(inotify_rm_watch, int, fd, s32, wd)
{
	struct inotify_group *g;
	struct inotify_mark *m;
	unsigned long flags;
	struct file *f;
	long err;

	f = inotify_fget(fd, &err);
	if (!f)
		return err;
	g = f->private_data;
	flags = spin_lock_irqsave(&fsnotify_lock);
	m = inotify_find_wd(g, wd);
	if (m)
		inotify_destroy_mark(m, true);
	spin_unlock_irqrestore(&fsnotify_lock, flags);
	fput(f);
	return m ? 0 : -EINVAL;
}
