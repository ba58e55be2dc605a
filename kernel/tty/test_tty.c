// SPDX-License-Identifier: MIT
/*
 * Self-tests for the kernel tty object: the sleeping, locking and
 * deferred-work parts the host tests of n_tty cannot reach.  Each test
 * builds a private tty whose "device" records what it is sent.
 */
#include <umka/ktest.h>
#include <umka/errno.h>
#include <umka/irqflags.h>
#include <umka/sched.h>
#include <umka/string.h>
#include <umka/time.h>
#include <umka/tty.h>

struct capture {
	char buf[512];
	size_t len;
};

/* Called under the tty's transmit mutex, so one writer at a time. */
static void cap_write(struct tty *t, const char *buf, size_t n)
{
	struct capture *c = tty_driver_data(t);

	n = min(n, sizeof(c->buf) - 1 - c->len);
	memcpy(c->buf + c->len, buf, n);
	WRITE_ONCE(c->len, c->len + n);
	c->buf[c->len] = '\0';
}

static const struct tty_driver_ops cap_ops = {.write = cap_write};

static struct capture cap;

static struct tty *new_tty(void)
{
	memset(&cap, 0, sizeof(cap));
	return tty_create("ktest-tty", &cap_ops, &cap);
}

static void feed(struct tty *t, const char *s)
{
	tty_receive(t, s, strlen(s));
}

KTEST(tty_write_then_read)
{
	struct tty *t = new_tty();
	char buf[32];
	ssize_t n;

	KT_ASSERT(t);
	feed(t, "hello\r");
	KT_ASSERT(!strcmp(cap.buf, "hello\r\n")); /* echoed, ONLCR */
	n = tty_read(t, buf, sizeof(buf), true);
	KT_ASSERT_EQ(n, 6);
	KT_ASSERT(!memcmp(buf, "hello\n", 6));
	cap.len = 0;
	n = tty_write(t, "a\nb", 3, false);
	KT_ASSERT_EQ(n, 3);
	KT_ASSERT_EQ(cap.len, 4);
	KT_ASSERT(!memcmp(cap.buf, "a\r\nb", 4));
	tty_destroy(t);
}

KTEST(tty_nonblocking_read_empty)
{
	struct tty *t = new_tty();
	char buf[8];

	KT_ASSERT(t);
	KT_ASSERT_EQ(tty_read(t, buf, sizeof(buf), true), -EAGAIN);
	feed(t, "part"); /* no full line yet */
	KT_ASSERT_EQ(tty_read(t, buf, sizeof(buf), true), -EAGAIN);
	KT_ASSERT_EQ(tty_poll(t) & TTY_POLLIN, 0);
	KT_ASSERT(tty_poll(t) & TTY_POLLOUT);
	feed(t, "\n");
	KT_ASSERT(tty_poll(t) & TTY_POLLIN);
	KT_ASSERT_EQ(tty_read(t, buf, sizeof(buf), true), 5);
	tty_destroy(t);
}

static int feeder(void *arg)
{
	msleep(30);
	feed(arg, "ping\n");
	return 0;
}

KTEST(tty_blocking_read_woken_by_input)
{
	struct tty *t = new_tty();
	struct task *k;
	char buf[16];
	u64 t0;
	ssize_t n;

	KT_ASSERT(t);
	k = kthread_run(feeder, t, "tty-feeder");
	KT_ASSERT(k);
	t0 = ktime_get_ns();
	n = tty_read(t, buf, sizeof(buf), false);
	KT_ASSERT_EQ(kthread_join(k), 0);
	KT_ASSERT_EQ(n, 5);
	KT_ASSERT(!memcmp(buf, "ping\n", 5));
	KT_ASSERT(ktime_get_ns() - t0 >= 20 * NSEC_PER_MSEC);
	tty_destroy(t);
}

KTEST(tty_termios_round_trip)
{
	struct tty *t = new_tty();
	struct termios a, b;
	struct winsize ws = {24, 80, 0, 0}, ws2;
	size_t size;
	char buf[8];

	KT_ASSERT(t);
	KT_ASSERT_EQ(tty_ioctl_arg(TCGETS, &size), TTY_IOC_OUT);
	KT_ASSERT_EQ(size, 36);
	KT_ASSERT_EQ(tty_ioctl_arg(TCSETSW, &size), TTY_IOC_IN);
	KT_ASSERT_EQ(tty_ioctl_arg(0x1234, &size), -ENOTTY);
	KT_ASSERT_EQ(tty_ioctl(t, TCGETS, 0, &a, NULL), 0);
	KT_ASSERT(a.c_lflag & ICANON);
	a.c_lflag &= ~(ICANON | ECHO);
	a.c_cc[VMIN] = 2;
	a.c_cc[VTIME] = 0;
	KT_ASSERT_EQ(tty_ioctl(t, TCSETSF, 0, &a, NULL), 0);
	memset(&b, 0xff, sizeof(b));
	KT_ASSERT_EQ(tty_ioctl(t, TCGETS, 0, &b, NULL), 0);
	KT_ASSERT(!memcmp(&a, &b, sizeof(a)));
	/* The new settings rule: raw, no echo, two bytes at a time. */
	feed(t, "x");
	KT_ASSERT_EQ(cap.len, 0);
	KT_ASSERT_EQ(tty_read(t, buf, sizeof(buf), true), 1);
	KT_ASSERT_EQ(tty_ioctl(t, TIOCSWINSZ, 0, &ws, NULL), 0);
	KT_ASSERT_EQ(tty_ioctl(t, TIOCGWINSZ, 0, &ws2, NULL), 0);
	KT_ASSERT_EQ(ws2.ws_row, 24);
	KT_ASSERT_EQ(ws2.ws_col, 80);
	tty_destroy(t);
}

KTEST(tty_vtime_times_out)
{
	struct tty *t = new_tty();
	struct termios tio;
	char buf[8];
	u64 t0;

	KT_ASSERT(t);
	tty_ioctl(t, TCGETS, 0, &tio, NULL);
	tio.c_lflag &= ~ICANON;
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 1; /* 100 ms */
	tty_ioctl(t, TCSETS, 0, &tio, NULL);
	t0 = ktime_get_ns();
	KT_ASSERT_EQ(tty_read(t, buf, sizeof(buf), false), 0);
	KT_ASSERT(ktime_get_ns() - t0 >= 90 * NSEC_PER_MSEC);
	tty_destroy(t);
}

static int sent_sig, sent_pgrp;

static int fake_kill_pgrp(pid_t pgrp, int sig)
{
	WRITE_ONCE(sent_pgrp, pgrp);
	WRITE_ONCE(sent_sig, sig);
	return 0;
}

static bool fake_pgrp_in_session(pid_t pgrp, pid_t sid)
{
	return pgrp == 101 && sid == 100;
}

static const struct tty_job_ops fake_job_ops = {
	.kill_pgrp = fake_kill_pgrp,
	.pgrp_in_session = fake_pgrp_in_session,
};

KTEST(tty_job_control_and_ctrl_c)
{
	struct tty_caller leader = {.pid = 100, .pgrp = 100, .sid = 100};
	struct tty_caller other = {.pid = 200, .pgrp = 200, .sid = 200};
	const struct tty_job_ops *old = tty_set_job_ops(&fake_job_ops);
	struct tty *t = new_tty();
	pid_t id;
	char buf[8];

	KT_ASSERT(t);
	KT_ASSERT_EQ(tty_ioctl(t, TIOCSCTTY, 0, NULL, &leader), 0);
	KT_ASSERT_EQ(tty_ioctl(t, TIOCSCTTY, 0, NULL, &other), -EPERM);
	leader.ctty_is_this = true;
	leader.has_ctty = true;
	KT_ASSERT_EQ(tty_ioctl(t, TIOCGPGRP, 0, &id, &leader), 0);
	KT_ASSERT_EQ(id, 100);
	KT_ASSERT_EQ(tty_ioctl(t, TIOCGSID, 0, &id, &leader), 0);
	KT_ASSERT_EQ(id, 100);
	KT_ASSERT_EQ(tty_ioctl(t, TIOCGPGRP, 0, &id, &other), -ENOTTY);
	id = 101;
	KT_ASSERT_EQ(tty_ioctl(t, TIOCSPGRP, 0, &id, &leader), 0);
	id = 102;
	KT_ASSERT_EQ(tty_ioctl(t, TIOCSPGRP, 0, &id, &leader), -EPERM);
	KT_ASSERT_EQ(tty_get_pgrp(t), 101);
	/* ^C: echo, flushed input, SIGINT to the foreground group. */
	feed(t, "junk\003");
	KT_ASSERT_EQ(READ_ONCE(sent_sig), 2);
	KT_ASSERT_EQ(READ_ONCE(sent_pgrp), 101);
	KT_ASSERT(!strcmp(cap.buf, "junk^C"));
	KT_ASSERT_EQ(tty_read(t, buf, sizeof(buf), true), -EAGAIN);
	/* The leader lets go: the foreground group hears SIGHUP, SIGCONT. */
	KT_ASSERT_EQ(tty_ioctl(t, TIOCNOTTY, 0, NULL, &leader), 0);
	KT_ASSERT_EQ(READ_ONCE(sent_sig), 18);
	KT_ASSERT_EQ(tty_get_session(t), 0);
	tty_set_job_ops(old);
	tty_destroy(t);
}

KTEST(tty_irq_input_echoed_by_worker)
{
	struct tty *t = new_tty();
	unsigned long flags;
	u64 end;

	KT_ASSERT(t);
	KT_ASSERT_EQ(tty_start_worker(t), 0);
	/* As from the serial IRQ: no sleeping, so the worker transmits. */
	flags = local_irq_save();
	feed(t, "irq");
	local_irq_restore(flags);
	end = ktime_get_ns() + NSEC_PER_SEC;
	while (READ_ONCE(cap.len) < 3 && ktime_get_ns() < end)
		msleep(1);
	KT_ASSERT_EQ(READ_ONCE(cap.len), 3);
	KT_ASSERT(!memcmp(cap.buf, "irq", 3));
	tty_destroy(t);
}
