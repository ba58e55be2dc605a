// SPDX-License-Identifier: MIT
/*
 * The kernel tty object: an n_tty plus locking, sleeping and a driver.
 *
 * Input may arrive in hardirq context.  The discipline's work there is
 * cheap memory work under an IRQ-safe spinlock; what is slow or needs
 * task context -- transmitting echo on a polled UART, sending signals --
 * is queued (echo ring, pending-signal mask) and done by tty_do_work(),
 * from the caller when it is a task, else by the tty's worker thread.
 * Linux splits the same way (flip buffers and a workqueue).
 */
#include <umka/sigtypes.h>
#include <umka/tty.h>
#include <umka/errno.h>
#include <umka/preempt.h>
#include <umka/printk.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/time.h>
#include "tty_internal.h"

/* Bounded so a long write never holds the state lock for long. */
#define TX_CHUNK 128

/* ---- n_tty callbacks, called with t->lock held ---- */

static void ld_write(void *ctx, const char *buf, size_t n)
{
	struct tty *t = ctx;

	/* Echo that does not fit is lost, as in Linux's echo buffer. */
	for (size_t i = 0; i < n && t->echo_len < TTY_ECHO_SIZE; i++) {
		t->echo[(t->echo_head + t->echo_len) % TTY_ECHO_SIZE] = buf[i];
		t->echo_len++;
	}
	t->work_pending = true;
}

static void ld_signal(void *ctx, int sig)
{
	struct tty *t = ctx;

	if (sig > 0 && sig < 32)
		t->pending_sigs |= 1u << sig;
	t->work_pending = true;
}

static u64 ld_now(void *ctx)
{
	(void)ctx;
	return ktime_get_ns();
}

static const struct n_tty_ops ld_ops = {
	.write = ld_write,
	.signal = ld_signal,
	.now_ns = ld_now,
};

/* ---- life cycle ---- */

struct tty *tty_create(const char *name, const struct tty_driver_ops *ops,
		       void *driver_data)
{
	struct tty *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->name = name;
	t->drv = ops;
	t->driver_data = driver_data;
	mutex_init(&t->tx_lock, "tty_tx", TTY_TX_LOCK_LEVEL);
	spin_lock_init(&t->lock, "tty", TTY_LOCK_LEVEL);
	n_tty_init(&t->ld, &ld_ops, t);
	init_waitqueue_head(&t->wait);
	init_waitqueue_head(&t->work_wait);
	return t;
}

void tty_destroy(struct tty *t)
{
	unsigned long flags;

	if (!t)
		return;
	if (t->worker) {
		flags = spin_lock_irqsave(&t->lock);
		t->dying = true;
		spin_unlock_irqrestore(&t->lock, flags);
		wake_up(&t->work_wait);
		kthread_join(t->worker);
	}
	kfree(t);
}

void *tty_driver_data(struct tty *t)
{
	return t->driver_data;
}

const char *tty_name(struct tty *t)
{
	return t->name;
}

static bool worker_has_work(struct tty *t)
{
	return READ_ONCE(t->work_pending) || READ_ONCE(t->dying);
}

static int tty_worker(void *arg)
{
	struct tty *t = arg;

	for (;;) {
		wait_event(t->work_wait, worker_has_work(t));
		if (READ_ONCE(t->dying))
			return 0;
		tty_do_work(t);
	}
}

int tty_start_worker(struct tty *t)
{
	struct task *w = kthread_run(tty_worker, t, t->name);

	if (!w)
		return -ENOMEM;
	t->worker = w;
	return 0;
}

/* ---- deferred work ---- */

void tty_drain_echo(struct tty *t)
{
	char chunk[TX_CHUNK];

	for (;;) {
		unsigned long flags = spin_lock_irqsave(&t->lock);
		size_t n = 0;

		t->work_pending = t->pending_sigs != 0;
		while (n < sizeof(chunk) && t->echo_len) {
			chunk[n++] = t->echo[t->echo_head];
			t->echo_head = (t->echo_head + 1) % TTY_ECHO_SIZE;
			t->echo_len--;
		}
		spin_unlock_irqrestore(&t->lock, flags);
		if (!n)
			return;
		t->drv->write(t, chunk, n);
	}
}

void tty_do_work(struct tty *t)
{
	unsigned long flags;
	u32 sigs;
	pid_t pgrp;

	/* Echo first: "^C" shows before the shell reacts to SIGINT. */
	mutex_lock(&t->tx_lock);
	tty_drain_echo(t);
	mutex_unlock(&t->tx_lock);

	flags = spin_lock_irqsave(&t->lock);
	sigs = t->pending_sigs;
	t->pending_sigs = 0;
	pgrp = t->pgrp;
	spin_unlock_irqrestore(&t->lock, flags);
	for (int sig = 1; sigs; sig++) {
		if (!(sigs & (1u << sig)))
			continue;
		sigs &= ~(1u << sig);
		tty_signal_pgrp(pgrp, sig);
	}
}

/* Run queued work now if we may sleep, else hand it to the worker. */
static void kick_work(struct tty *t)
{
	if (!in_atomic_context())
		tty_do_work(t);
	else if (t->worker)
		wake_up(&t->work_wait);
}

/* ---- the data path ---- */

void tty_wake(struct tty *t)
{
	__atomic_add_fetch(&t->wait_gen, 1, __ATOMIC_RELEASE);
	wake_up(&t->wait);
}

void tty_receive(struct tty *t, const char *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	bool work;

	n_tty_receive(&t->ld, buf, n);
	work = t->work_pending;
	spin_unlock_irqrestore(&t->lock, flags);
	tty_wake(t);
	if (work)
		kick_work(t);
}

ssize_t tty_read(struct tty *t, void *kbuf, size_t n, bool nonblock)
{
	struct wait_entry we = {.task = current};
	struct n_tty_reader r = {0};
	enum n_tty_read_status st;
	unsigned long flags;
	ssize_t ret;
	u64 now;

	if (!n)
		return 0;
	ret = tty_job_check(t, TTY_SIGTTIN);
	if (ret)
		return ret;
	if (READ_ONCE(t->work_pending))
		tty_do_work(t);
	for (;;) {
		prepare_to_wait(&t->wait, &we, TASK_INTERRUPTIBLE);
		flags = spin_lock_irqsave(&t->lock);
		st = n_tty_read(&t->ld, kbuf, n, &r);
		spin_unlock_irqrestore(&t->lock, flags);
		if (st == N_TTY_READ_DONE) {
			ret = (ssize_t)r.copied;
			break;
		}
		if (nonblock || signal_pending(current)) {
			ret = r.copied	 ? (ssize_t)r.copied
			      : nonblock ? -EAGAIN
					 : -ERESTARTSYS;
			break;
		}
		if (!r.timing) {
			schedule();
			continue;
		}
		now = ktime_get_ns();
		if (now < r.deadline)
			schedule_timeout(r.deadline - now);
	}
	finish_wait(&t->wait, &we);
	return ret;
}

/* Wait until ^S (or TCOOFF) is undone.  Called with tx_lock held. */
static int wait_output_started(struct tty *t, bool nonblock)
{
	struct wait_entry we = {.task = current};
	int ret = 0;

	for (;;) {
		prepare_to_wait(&t->wait, &we, TASK_INTERRUPTIBLE);
		if (!READ_ONCE(t->ld.stopped))
			break;
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&t->wait, &we);
	return ret;
}

ssize_t tty_write(struct tty *t, const void *kbuf, size_t n, bool nonblock)
{
	const char *src = kbuf;
	char chunk[TX_CHUNK];
	size_t done = 0;
	ssize_t ret = 0;

	if (!n)
		return 0;
	if (READ_ONCE(t->ld.termios.c_lflag) & TOSTOP) {
		ret = tty_job_check(t, TTY_SIGTTOU);
		if (ret)
			return ret;
	}
	mutex_lock(&t->tx_lock);
	/* Echo typed before this write goes out before it. */
	tty_drain_echo(t);
	while (done < n) {
		unsigned long flags;
		size_t used, len;

		ret = wait_output_started(t, nonblock);
		if (ret)
			break;
		flags = spin_lock_irqsave(&t->lock);
		len = n_tty_output(&t->ld, src + done, n - done, chunk,
				   sizeof(chunk), &used);
		spin_unlock_irqrestore(&t->lock, flags);
		if (len)
			t->drv->write(t, chunk, len);
		done += used;
	}
	mutex_unlock(&t->tx_lock);
	if (READ_ONCE(t->work_pending))
		tty_do_work(t);
	return done ? (ssize_t)done : ret;
}

unsigned int tty_poll(struct tty *t)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	unsigned int mask = 0;

	if (n_tty_readable(&t->ld))
		mask |= TTY_POLLIN | TTY_POLLRDNORM;
	if (!t->ld.stopped)
		mask |= TTY_POLLOUT | TTY_POLLWRNORM;
	spin_unlock_irqrestore(&t->lock, flags);
	return mask;
}

u64 tty_poll_gen(struct tty *t)
{
	return __atomic_load_n(&t->wait_gen, __ATOMIC_ACQUIRE);
}

struct wait_queue_head *tty_wait_queue(struct tty *t)
{
	return &t->wait;
}
