// SPDX-License-Identifier: MIT
/*
 * flock(2): advisory whole-file locks, shared or exclusive.  A lock
 * belongs to an open file description: dup'ed and inherited descriptors
 * share it, and it goes away with the description's last close (fput).
 * Converting a lock drops the old one first, as on Linux, so a waiter
 * may get in between.
 *
 * Locks are few and short-lived, so all of them sit on one list under
 * one spinlock, with one wait queue for everyone waiting.
 *
 * Errors: EBADF (not open, or O_PATH), EINVAL (bad operation),
 * EWOULDBLOCK (EAGAIN) with LOCK_NB, EINTR (or a restart) on a signal.
 */
#include <umka/file.h>
#include <umka/fdtable.h>
#include <umka/fs.h>
#include <umka/list.h>
#include <umka/slab.h>
#include <umka/spinlock.h>
#include <umka/sched.h>
#include <umka/syscall.h>
#include <umka/wait.h>
#include <umka/errno.h>
#include <umka/sigtypes.h>

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

struct flock_entry {
	struct list_head node;
	struct inode *inode;
	struct file *owner;
	bool exclusive;
};

static DEFINE_SPINLOCK(flock_lock, LOCK_LEVEL_FLOCK);
static LIST_HEAD(flocks);
static DEFINE_WAIT_QUEUE_HEAD(flock_wait);

static struct flock_entry *find_own(struct file *f)
{
	struct flock_entry *e;

	list_for_each_entry(e, &flocks, node)
		if (e->owner == f)
			return e;
	return NULL;
}

static bool conflicts(struct file *f, bool exclusive)
{
	struct flock_entry *e;

	list_for_each_entry(e, &flocks, node)
		if (e->inode == f->f_inode && e->owner != f &&
		    (e->exclusive || exclusive))
			return true;
	return false;
}

/* Take @f's lock off the list; the caller frees it and wakes waiters. */
static struct flock_entry *unlink_own(struct file *f)
{
	struct flock_entry *e = find_own(f);

	if (e) {
		list_del(&e->node);
		WRITE_ONCE(f->f_flocked, false);
	}
	return e;
}

static void unlock(struct file *f)
{
	unsigned long flags = spin_lock_irqsave(&flock_lock);
	struct flock_entry *e = unlink_own(f);

	spin_unlock_irqrestore(&flock_lock, flags);
	if (e) {
		kfree(e);
		wake_up_all(&flock_wait);
	}
}

void flock_release(struct file *f)
{
	unlock(f);
}

/* One attempt: 0 (locked), -EAGAIN (held elsewhere). */
static int try_lock(struct file *f, bool exclusive, struct flock_entry **spare)
{
	unsigned long flags = spin_lock_irqsave(&flock_lock);
	int err = 0;

	if (conflicts(f, exclusive)) {
		err = -EAGAIN;
	} else {
		(*spare)->inode = f->f_inode;
		(*spare)->owner = f;
		(*spare)->exclusive = exclusive;
		list_add_tail(&(*spare)->node, &flocks);
		WRITE_ONCE(f->f_flocked, true);
		*spare = NULL;
	}
	spin_unlock_irqrestore(&flock_lock, flags);
	return err;
}

static int lock(struct file *f, bool exclusive, bool nonblock)
{
	struct flock_entry *e = kmalloc(sizeof(*e));
	struct wait_entry we = { .task = current };
	int err;

	if (!e)
		return -ENOMEM;
	for (;;) {
		prepare_to_wait(&flock_wait, &we, TASK_INTERRUPTIBLE);
		err = try_lock(f, exclusive, &e);
		if (err != -EAGAIN || nonblock)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&flock_wait, &we);
	kfree(e);
	return err;
}

static bool holds(struct file *f, bool exclusive)
{
	unsigned long flags = spin_lock_irqsave(&flock_lock);
	struct flock_entry *e = find_own(f);
	bool same = e && e->exclusive == exclusive;

	spin_unlock_irqrestore(&flock_lock, flags);
	return same;
}

static int do_flock(struct file *f, unsigned int op)
{
	bool nonblock = op & LOCK_NB;

	switch (op & ~LOCK_NB) {
	case LOCK_UN:
		unlock(f);
		return 0;
	case LOCK_SH:
	case LOCK_EX:
		break;
	default:
		return -EINVAL;
	}
	if (holds(f, (op & ~LOCK_NB) == LOCK_EX))
		return 0;
	unlock(f);	/* a conversion: the old lock goes first */
	return lock(f, (op & ~LOCK_NB) == LOCK_EX, nonblock);
}

SYSCALL_DEFINE2(flock, unsigned int, fd, unsigned int, op)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = do_flock(f, op);
	fput(f);
	return err;
}
