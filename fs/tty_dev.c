// SPDX-License-Identifier: MIT
/*
 * The VFS side of terminals: /dev/console (5,1), /dev/ttyS0 (4,64) and
 * /dev/tty (5,0) as character devices over the tty layer
 * (<umka/tty.h>, docs/tty.md).  The tty layer works on kernel buffers;
 * this adapter does the user copies, in page-sized chunks, and marshals
 * ioctl arguments as tty_ioctl_arg() says.
 *
 * Errors beyond the tty layer's own:
 *   ENXIO    no console yet, or /dev/tty without a controlling terminal
 *   EFAULT   a bad buffer or ioctl argument
 *   ESPIPE   seeking
 */
#include <umka/poll.h>
#include "internal.h"
#include <umka/chrdev.h>
#include <umka/slab.h>
#include <umka/sched.h>
#include <umka/tty.h>
#include <umka/mm.h>
#include <uapi/ioctls.h>

static void fill_caller(struct tty_caller *who, struct tty *t)
{
	struct task *me = current;

	who->pid = me->tgid;
	who->pgrp = me->pgid;
	who->sid = me->sid;
	who->ctty_is_this = me->ctty == t;
	who->has_ctty = me->ctty != NULL;
	who->privileged = me->cred.euid == 0;
}

static int tty_dev_open(struct inode *inode, struct file *f)
{
	struct tty_caller who;
	struct tty *t;

	if (inode->i_rdev == MKDEV(TTYAUX_MAJOR, 0))
		t = current->ctty;	/* /dev/tty: the caller's own */
	else
		t = console_tty();
	if (!t)
		return -ENXIO;
	f->private_data = t;
	f->f_mode &= ~FMODE_LSEEK;
	/*
	 * As on Linux: a session leader without a controlling terminal that
	 * opens a free tty without O_NOCTTY acquires it (not /dev/console).
	 */
	if (!(f->f_flags & O_NOCTTY) && !current->ctty &&
	    current->tgid == current->sid && !tty_get_session(t) &&
	    inode->i_rdev != MKDEV(TTYAUX_MAJOR, 1)) {
		fill_caller(&who, t);
		if (!tty_ioctl(t, TIOCSCTTY, 0, NULL, &who))
			current->ctty = t;
	}
	return 0;
}

static ssize_t tty_dev_read(struct file *f, struct uio *u, loff_t *pos)
{
	size_t n = min(u->len, PAGE_SIZE);
	char *kbuf = kmalloc(n);
	ssize_t r, c;

	if (!kbuf)
		return -ENOMEM;
	/* One read: a tty returns what a line (or VMIN) gives, then stops. */
	r = tty_read(f->private_data, kbuf, n, f->f_flags & O_NONBLOCK);
	if (r > 0) {
		c = uio_copy_out(u, kbuf, r);
		if (c < 0)
			r = c;
	}
	kfree(kbuf);
	return r;
}

static ssize_t tty_dev_write(struct file *f, struct uio *u, loff_t *pos)
{
	char *kbuf = kmalloc(PAGE_SIZE);
	ssize_t done = 0;

	if (!kbuf)
		return -ENOMEM;
	while (u->len) {
		size_t want = min(u->len, PAGE_SIZE);
		ssize_t n = uio_copy_in(kbuf, u, want), w;

		if (n < 0) {
			done = done ? done : n;
			break;
		}
		w = tty_write(f->private_data, kbuf, n,
			      f->f_flags & O_NONBLOCK);
		if (w < 0) {
			done = done ? done : w;
			break;
		}
		done += w;
		if (w < n)
			break;
	}
	kfree(kbuf);
	return done;
}

static long tty_dev_ioctl(struct file *f, unsigned int cmd,
			  unsigned long arg)
{
	struct tty *t = f->private_data;
	struct task *me = current;
	struct tty_caller who;
	char kbuf[256];
	size_t size = 0;
	int how = tty_ioctl_arg(cmd, &size);
	long r;

	if (how < 0)
		return how;
	fill_caller(&who, t);
	if (size > sizeof(kbuf))
		return -EINVAL;
	if ((how & TTY_IOC_IN) &&
	    copy_from_user(kbuf, (const void __user *)arg, size))
		return -EFAULT;
	r = tty_ioctl(t, cmd, arg, kbuf, &who);
	if (r < 0)
		return r;
	if ((how & TTY_IOC_OUT) &&
	    copy_to_user((void __user *)arg, kbuf, size))
		return -EFAULT;
	/* The process code owns session-wide ctty changes; this is ours. */
	if (cmd == TIOCSCTTY)
		me->ctty = t;
	else if (cmd == TIOCNOTTY)
		me->ctty = NULL;
	return r;
}

static u64 tty_dev_poll_gen(struct file *f, unsigned int events)
{
	return tty_poll_gen(f->private_data);
}

static unsigned int tty_dev_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(pt, tty_wait_queue(f->private_data));
	return tty_poll(f->private_data);
}

static const struct file_operations tty_dev_fops = {
	.open = tty_dev_open,
	.read = tty_dev_read,
	.write = tty_dev_write,
	.llseek = no_llseek,
	.ioctl = tty_dev_ioctl,
	.poll = tty_dev_poll,
	.poll_gen = tty_dev_poll_gen,
};

int tty_dev_init(void)
{
	int err = register_chrdev(TTYAUX_MAJOR, 0, 2, "tty/console",
				  &tty_dev_fops);

	return err ? err : register_chrdev(TTY_MAJOR, 64, 1, "ttyS0",
					   &tty_dev_fops);
}
