/* SPDX-License-Identifier: MIT */
/*
 * Terminals.  Two layers, documented in docs/tty.md:
 *
 *  - n_tty, the line discipline: termios input and output processing,
 *    canonical line editing, echo, signal characters, VMIN/VTIME.  It is
 *    portable (types and string functions only, no locks, no sleeping) so
 *    the host unit tests run it as is; whoever owns a struct n_tty
 *    serialises calls on it.
 *
 *  - struct tty, the kernel object that wraps an n_tty with a lock,
 *    a wait queue, a driver, the window size and the job-control state
 *    (session, foreground process group).  The VFS adapter for
 *    /dev/console, /dev/tty and /dev/ttyS0 calls tty_read, tty_write,
 *    tty_ioctl and tty_poll with kernel buffers and does the user copies.
 *
 * This header deliberately includes nothing from the kernel proper, so
 * that the host tests can use the n_tty half.
 */
#ifndef UMKA_TTY_H
#define UMKA_TTY_H

#include <umka/types.h>
#include <umka/cred.h>
#include <uapi/termios.h>

/* ----------------------------- n_tty ------------------------------- */

/* Input buffer size, as Linux's N_TTY_BUF_SIZE; must be a power of two. */
#define N_TTY_BUF_SIZE 4096

/* Signal numbers the discipline raises (Linux x86-64 values). */
#define TTY_SIGINT 2
#define TTY_SIGQUIT 3
#define TTY_SIGTSTP 20

struct n_tty_ops {
	/* Emit echo output, already OPOST-processed, to the device. */
	void (*write)(void *ctx, const char *buf, size_t n);
	/* VINTR/VQUIT/VSUSP was typed: signal the foreground group. */
	void (*signal)(void *ctx, int sig);
	/* Monotonic nanoseconds, for VTIME.  May be NULL if unused. */
	u64 (*now_ns)(void *ctx);
};

/*
 * Per-position flags in the input ring.  An EOF marker is a slot that
 * ends a line but is never returned to the reader: VEOF is stored as one
 * so that "abc^D" reads as "abc" and a lone ^D reads as 0 bytes.
 */
#define N_TTY_F_EOL 0x01
#define N_TTY_F_EOF 0x02

struct n_tty {
	struct termios termios;
	const struct n_tty_ops *ops;
	void *ctx;
	/*
	 * The input ring.  Indexes count up forever and are masked on use:
	 * [read_tail, canon_head) holds finished lines (canonical mode),
	 * [canon_head, read_head) the line being edited.  In raw mode all
	 * of [read_tail, read_head) is readable.
	 */
	size_t read_tail;
	size_t canon_head;
	size_t read_head;
	unsigned int column;	   /* output column, to erase a tab */
	unsigned int canon_column; /* column where the edited line began */
	bool lnext;		   /* the last byte was VLNEXT */
	bool stopped;		   /* output stopped by VSTOP or TCOOFF */
	u64 dropped;		   /* input lost to a full buffer */
	char buf[N_TTY_BUF_SIZE];
	u8 flags[N_TTY_BUF_SIZE];
};

/*
 * A read in progress.  Zero it before the first n_tty_read() of a read
 * call and pass it back on every retry of that call.
 */
struct n_tty_reader {
	size_t copied; /* bytes already in the caller's buffer */
	u64 deadline;  /* VTIME expiry (ns), valid while timing */
	bool timing;   /* a VTIME deadline is armed */
};

enum n_tty_read_status {
	N_TTY_READ_DONE, /* return reader->copied (0: EOF or timeout) */
	N_TTY_READ_WAIT, /* sleep until input or the deadline, retry */
};

/* Linux's defaults ("stty sane"): canonical, echo, ^C ^\ ^Z ^D ^U ^W. */
void n_tty_default_termios(struct termios *t);
void n_tty_init(struct n_tty *nt, const struct n_tty_ops *ops, void *ctx);
/* New settings take effect for the next byte; see docs/tty.md. */
void n_tty_set_termios(struct n_tty *nt, const struct termios *t);
/* Process received bytes: editing, echo, signals. */
void n_tty_receive(struct n_tty *nt, const char *buf, size_t n);
/* Copy input to @buf, at most @n bytes in all; see n_tty_reader. */
enum n_tty_read_status n_tty_read(struct n_tty *nt, char *buf, size_t n,
				  struct n_tty_reader *r);
/* FIONREAD: bytes a read could return now (finished lines if canonical). */
size_t n_tty_inq(const struct n_tty *nt);
/* poll: would a read return without waiting for more input? */
bool n_tty_readable(const struct n_tty *nt);
void n_tty_flush_input(struct n_tty *nt);
/*
 * Output processing (OPOST, ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS).
 * Consumes bytes from @in while at least 8 bytes of @out are free (the
 * most one input byte can become); returns bytes written to @out and
 * sets *consumed.
 */
size_t n_tty_output(struct n_tty *nt, const char *in, size_t n, char *out,
		    size_t outsz, size_t *consumed);

/* ------------------------- struct tty -------------------------------- */

struct tty;
struct wait_queue_head;

/* The device underneath a tty. */
struct tty_driver_ops {
	/*
	 * Transmit raw bytes.  Called in task context, in order, one call
	 * at a time (under the tty's transmit mutex); may busy-wait or sleep.
	 */
	void (*write)(struct tty *t, const char *buf, size_t n);
};

/*
 * Hooks the process code installs once (tty_set_job_ops).  Until then
 * signals go nowhere and every access is allowed.
 */
struct tty_job_ops {
	/* Send @sig to every process in @pgrp. */
	int (*kill_pgrp)(pid_t pgrp, int sig);
	/*
	 * Job control for a read (@sig = SIGTTIN) or a write or settings
	 * change (@sig = SIGTTOU) on @t by current.  Return 0 to allow;
	 * else send @sig to current's group and return -EINTR (the syscall
	 * restarts once the job is foreground), or -EIO when the signal is
	 * ignored or blocked (SIGTTOU: allow) or the group is orphaned.
	 */
	int (*job_check)(struct tty *t, int sig);
	/* TIOCSPGRP: does process group @pgrp exist in session @sid? */
	bool (*pgrp_in_session)(pid_t pgrp, pid_t sid);
};

/* Who is calling tty_ioctl; the adapter fills it from current. */
struct tty_caller {
	pid_t pid, pgrp, sid;
	bool ctty_is_this; /* this tty is the caller's controlling tty */
	bool has_ctty;	   /* the caller has a controlling tty at all */
	bool privileged;   /* CAP_SYS_ADMIN: TIOCSCTTY may steal */
};

/* poll bits (Linux's POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM). */
#define TTY_POLLIN 0x0001
#define TTY_POLLOUT 0x0004
#define TTY_POLLRDNORM 0x0040
#define TTY_POLLWRNORM 0x0100

/* How the adapter marshals an ioctl argument (tty_ioctl_arg). */
#define TTY_IOC_NONE 0 /* arg is a value, or unused */
#define TTY_IOC_IN 1   /* copy *arg in before the call */
#define TTY_IOC_OUT 2  /* copy out after a successful call */

/* Signals sent by the tty layer itself (Linux x86-64 numbers). */
#define TTY_SIGHUP 1
#define TTY_SIGTTIN 21
#define TTY_SIGTTOU 22
#define TTY_SIGCONT 18
#define TTY_SIGWINCH 28

struct tty *tty_create(const char *name, const struct tty_driver_ops *ops,
		       void *driver_data);
void tty_destroy(struct tty *t);
void *tty_driver_data(struct tty *t);
const char *tty_name(struct tty *t);
/*
 * Give @t a kernel thread that finishes the work of input arriving in
 * interrupt context (echo output, signal delivery).  Without one, that
 * work waits for the next tty call made in task context.
 */
int tty_start_worker(struct tty *t);

/* Input from the device; any context, including hardirq. */
void tty_receive(struct tty *t, const char *buf, size_t n);

/*
 * read(2) and write(2) on kernel buffers.  Reads block (interruptibly)
 * unless @nonblock: -EAGAIN then when nothing is ready, -EINTR when a
 * signal is pending and nothing was read yet, or whatever the job-control
 * hook returns for a background reader.  Writes block only while output
 * is stopped (^S).
 */
ssize_t tty_read(struct tty *t, void *kbuf, size_t n, bool nonblock);
ssize_t tty_write(struct tty *t, const void *kbuf, size_t n, bool nonblock);

/*
 * For the adapter: whether and how big @cmd's pointed-to argument is.
 * Returns TTY_IOC_* and sets *size, or -ENOTTY for commands tty_ioctl
 * does not know.  The adapter copies in (TTY_IOC_IN) to a kernel buffer,
 * calls tty_ioctl with it, and copies out (TTY_IOC_OUT) on success.
 */
int tty_ioctl_arg(unsigned int cmd, size_t *size);
/*
 * @arg is the raw argument (for value ioctls such as TCFLSH), @kbuf the
 * kernel copy of what it points to.  @who may be NULL for kernel callers
 * (no job-control checks).  On TIOCSCTTY success (0) the adapter makes
 * @t the caller's controlling tty; on TIOCNOTTY success it clears the
 * caller's (and, for a session leader, the whole session's) ctty.
 */
long tty_ioctl(struct tty *t, unsigned int cmd, unsigned long arg, void *kbuf,
	       const struct tty_caller *who);
/* TTY_POLL* bits ready now; sleepers wait on tty_wait_queue(). */
unsigned int tty_poll(struct tty *t);
/* Counts the wake-ups of tty_wait_queue(): edges for EPOLLET. */
u64 tty_poll_gen(struct tty *t);
struct wait_queue_head *tty_wait_queue(struct tty *t);

/* Job control state.  Installing hooks returns the previous ones. */
const struct tty_job_ops *tty_set_job_ops(const struct tty_job_ops *ops);
pid_t tty_get_pgrp(struct tty *t);    /* foreground group, 0 if none */
pid_t tty_get_session(struct tty *t); /* 0 if no session owns it */
/*
 * The session leader of @sid exits (or gives up the tty): if @t is its
 * controlling tty, the foreground group gets SIGHUP and SIGCONT and @t
 * becomes free for another session.
 */
void tty_release_session(struct tty *t, pid_t sid);

/* The serial console, COM1: /dev/console and /dev/ttyS0. */
struct tty *console_tty(void);

/* kernel/tty/console_port.c: the console terminal's output path. */
struct kabi_console_ops;
struct kabi_console_core;
void console_port_write(const char *buf, size_t n);
int console_attach_kabi(const struct kabi_console_ops *ops, void *ctx,
			const struct kabi_console_core **core_ops,
			void **core_ctx);
void console_detach_kabi(void);
/* Create the console tty and take over serial input.  Task context. */
void tty_init(void);

#endif
