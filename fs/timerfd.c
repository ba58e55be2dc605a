// SPDX-License-Identifier: MIT
/*
 * timerfd_create, timerfd_settime, timerfd_gettime: a timer behind a
 * file descriptor.  read(8 bytes) waits for an expiry and returns how
 * many expiries happened since the last read (periodic timers count the
 * periods they missed); poll is readable while that count is non-zero.
 *
 * Every timer runs on the monotonic clock underneath.  A CLOCK_REALTIME
 * absolute deadline is converted when it is set, so a later change of
 * the wall clock does not move it, and TFD_TIMER_CANCEL_ON_SET is taken
 * but never fires (documented gap).  The *_ALARM clocks are their plain
 * clocks: nothing here suspends.
 *
 * Errors: EINVAL (clock, flags, timespec, buffer under 8 bytes), EBADF,
 * EAGAIN (O_NONBLOCK, no expiry yet), EINTR, EFAULT, EMFILE, ENOMEM.
 */
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/fdtable.h>
#include <umka/itimerspec.h>
#include <umka/poll.h>
#include <umka/sigtypes.h>
#include <umka/signal.h>
#include <umka/slab.h>
#include <umka/spinlock.h>
#include <umka/syscall.h>
#include <umka/time.h>
#include <umka/timer.h>
#include <umka/uaccess.h>
#include <uapi/fcntl.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2
#define TFD_CLOEXEC O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK

struct timerfd_ctx {
	struct spinlock lock;		/* everything below */
	struct timer timer;
	bool realtime;
	u64 expires;			/* monotonic ns; 0: disarmed */
	u64 interval;
	u64 ticks;			/* expiries not read yet */
	u64 gen;			/* EPOLLET: one per expiry batch */
	struct wait_queue_head wq;
};

static void timerfd_fire(void *data)
{
	struct timerfd_ctx *ctx = data;
	unsigned long flags = spin_lock_irqsave(&ctx->lock);
	u64 n = 1;

	if (ctx->interval) {
		/* Late by whole periods: they count as expiries too. */
		n += itimer_forward(&ctx->expires, ctx->interval,
				    ktime_get_ns());
		timer_arm(&ctx->timer, ctx->expires);
	} else {
		ctx->expires = 0;
	}
	ctx->ticks += n;
	ctx->gen++;
	spin_unlock_irqrestore(&ctx->lock, flags);
	wake_up_all(&ctx->wq);
}

static bool take_ticks(struct timerfd_ctx *ctx, u64 *val)
{
	unsigned long flags = spin_lock_irqsave(&ctx->lock);

	*val = ctx->ticks;
	ctx->ticks = 0;
	spin_unlock_irqrestore(&ctx->lock, flags);
	return *val != 0;
}

static ssize_t timerfd_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct timerfd_ctx *ctx = f->private_data;
	struct wait_entry we = { .task = current };
	int err = 0;
	u64 val;

	if (u->len < sizeof(val))
		return -EINVAL;
	for (;;) {
		prepare_to_wait(&ctx->wq, &we, TASK_INTERRUPTIBLE);
		if (take_ticks(ctx, &val))
			break;
		if (READ_ONCE(f->f_flags) & O_NONBLOCK)
			err = -EAGAIN;
		else if (signal_pending(current))
			err = -ERESTARTSYS;
		if (err)
			break;
		schedule();
	}
	finish_wait(&ctx->wq, &we);
	return err ? err : uio_copy_out(u, &val, sizeof(val));
}

static unsigned int timerfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd_ctx *ctx = f->private_data;

	poll_wait(pt, &ctx->wq);
	return READ_ONCE(ctx->ticks) ? POLLIN | POLLRDNORM : 0;
}

static u64 timerfd_poll_gen(struct file *f, unsigned int events)
{
	struct timerfd_ctx *ctx = f->private_data;

	return events & (POLLIN | POLLRDNORM) ? READ_ONCE(ctx->gen) : 0;
}

static int timerfd_release(struct inode *inode, struct file *f)
{
	struct timerfd_ctx *ctx = f->private_data;

	(void)inode;
	timer_cancel_sync(&ctx->timer);
	kfree(ctx);
	return 0;
}

static const struct file_operations timerfd_fops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.poll_gen = timerfd_poll_gen,
	.llseek = no_llseek,
	.release = timerfd_release,
};

SYSCALL_DEFINE2(timerfd_create, int, clockid, int, flags)
{
	struct timerfd_ctx *ctx;
	struct file *f;
	int fd;

	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC &&
	    clockid != CLOCK_BOOTTIME && clockid != CLOCK_REALTIME_ALARM &&
	    clockid != CLOCK_BOOTTIME_ALARM)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	spin_lock_init(&ctx->lock, "timerfd", LOCK_LEVEL_TIMERFD);
	init_waitqueue_head(&ctx->wq);
	timer_setup(&ctx->timer, timerfd_fire, ctx);
	ctx->realtime = clockid == CLOCK_REALTIME ||
			clockid == CLOCK_REALTIME_ALARM;
	f = anon_inode_getfile("[timerfd]", &timerfd_fops, ctx,
			       O_RDWR | (flags & TFD_NONBLOCK));
	if (IS_ERR(f)) {
		kfree(ctx);
		return PTR_ERR(f);
	}
	fd = fd_install_new(f, flags & TFD_CLOEXEC);
	if (fd < 0)
		fput(f);	/* frees ctx through ->release */
	return fd;
}

static struct file *timerfd_fget(int fd)
{
	struct file *f = fget(fd);

	if (f && f->f_op != &timerfd_fops) {
		fput(f);
		return ERR_PTR(-EINVAL);
	}
	return f ? f : ERR_PTR(-EBADF);
}

SYSCALL_DEFINE4(timerfd_settime, int, fd, int, flags,
		const struct kernel_itimerspec __user *, unew,
		struct kernel_itimerspec __user *, uold)
{
	struct kernel_itimerspec v, old;
	struct timerfd_ctx *ctx;
	unsigned long irq;
	struct file *f;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if (copy_from_user(&v, unew, sizeof(v)))
		return -EFAULT;
	if (!itimerspec_valid(&v))
		return -EINVAL;
	f = timerfd_fget(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	ctx = f->private_data;
	timer_cancel_sync(&ctx->timer);
	irq = spin_lock_irqsave(&ctx->lock);
	itimerspec_current(&old, ctx->expires, ctx->interval);
	ctx->ticks = 0;
	ctx->interval = itimerspec_interval_ns(&v);
	ctx->expires = itimerspec_deadline(&v, flags & TFD_TIMER_ABSTIME,
					   ctx->realtime);
	if (ctx->expires)
		timer_arm(&ctx->timer, ctx->expires);
	spin_unlock_irqrestore(&ctx->lock, irq);
	fput(f);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(timerfd_gettime, int, fd, struct kernel_itimerspec __user *,
		ucur)
{
	struct kernel_itimerspec v;
	struct timerfd_ctx *ctx;
	unsigned long irq;
	struct file *f = timerfd_fget(fd);

	if (IS_ERR(f))
		return PTR_ERR(f);
	ctx = f->private_data;
	irq = spin_lock_irqsave(&ctx->lock);
	itimerspec_current(&v, ctx->expires, ctx->interval);
	spin_unlock_irqrestore(&ctx->lock, irq);
	fput(f);
	return copy_to_user(ucur, &v, sizeof(v)) ? -EFAULT : 0;
}
