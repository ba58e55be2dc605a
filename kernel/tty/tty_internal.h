/* SPDX-License-Identifier: MIT */
/*
 * The kernel tty object, private to kernel/tty/.  Everyone else holds an
 * opaque struct tty * and goes through <umka/tty.h>.
 */
#ifndef KERNEL_TTY_INTERNAL_H
#define KERNEL_TTY_INTERNAL_H

#include <umka/tty.h>
#include <umka/spinlock.h>
#include <umka/mutex.h>
#include <umka/wait.h>

/*
 * Lock levels, in free slots until the lead moves them into
 * <umka/lock_levels.h> (which this code may not edit):
 *  - tx_lock, a mutex, is outermost (mutex levels stay below 100) and is
 *    taken with no other lock held;
 *  - lock, the IRQ-safe state spinlock, nests inside it.  Nothing is
 *    taken while it is held: wake-ups, transmission and signals all
 *    happen after it is dropped.  Just below LOCK_LEVEL_SERIAL.
 */
#define TTY_TX_LOCK_LEVEL LOCK_LEVEL_TTY_TX
#define TTY_LOCK_LEVEL LOCK_LEVEL_TTY

/* Echo waiting to be transmitted; as big as the input ring. */
#define TTY_ECHO_SIZE 4096

struct tty {
	const char *name;
	const struct tty_driver_ops *drv;
	void *driver_data;
	/*
	 * Serialises transmission, so output and echo leave in order and
	 * no caller busy-waits on the device with interrupts off.
	 */
	struct mutex tx_lock;
	/*
	 * IRQ-safe; guards everything below.  Held only for memory work,
	 * never while transmitting, waking or signalling.
	 */
	struct spinlock lock;
	struct n_tty ld;
	struct winsize winsize;
	pid_t session;	   /* session owning this as ctty, or 0 */
	pid_t pgrp;	   /* foreground process group, or 0 */
	u32 pending_sigs;  /* bit n: send signal n to the foreground */
	bool work_pending; /* echo or signals wait for task context */
	bool dying;
	size_t echo_head, echo_len;
	char echo[TTY_ECHO_SIZE];
	/* Readers, writers held by ^S, and pollers all sleep here. */
	struct wait_queue_head wait;
	u64 wait_gen;	   /* atomic: wake-ups of wait, for EPOLLET */
	struct wait_queue_head work_wait;
	struct task *worker;
};

extern const struct tty_job_ops *tty_job_ops;

/* Transmit pending echo and deliver pending signals (task context). */
void tty_do_work(struct tty *t);
/* Send queued echo out; caller holds t->tx_lock. */
void tty_drain_echo(struct tty *t);
/* Signal the foreground group through the process code's hook. */
void tty_signal_pgrp(pid_t pgrp, int sig);
/* The job-control hook, or 0 when the process code set none. */
int tty_job_check(struct tty *t, int sig);

/* COM1 output with no newline translation; see serial_tx.c. */

/* Wake everyone on t->wait, counting an edge for EPOLLET pollers. */
void tty_wake(struct tty *t);

#endif
