/* SPDX-License-Identifier: MIT */
/*
 * poll support for file operations.  A file's ->poll(f, pt) returns its
 * ready mask and calls poll_wait() for each wait queue whose wake-up
 * could change that mask; pt is NULL on re-checks.
 */
#ifndef UMKA_POLL_H
#define UMKA_POLL_H

#include <umka/uaccess.h>
#include <umka/wait.h>

#define POLLIN 0x0001
#define POLLPRI 0x0002
#define POLLOUT 0x0004
#define POLLERR 0x0008
#define POLLHUP 0x0010
#define POLLNVAL 0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define POLLRDHUP 0x2000

#define POLL_MAX_WAITS 64

struct poll_table {
	unsigned int n;
	bool overflow;			/* too many queues: poll on a timer */
	struct wait_queue_head *wq[POLL_MAX_WAITS];
	struct wait_entry entry[POLL_MAX_WAITS];
};

void poll_wait(struct poll_table *pt, struct wait_queue_head *wq);

/*
 * fs/select.c: the sleep-and-recheck loop of poll, select and epoll_wait.
 * A pass returns the number of ready entries or a negative error.
 * deadline: 0 = forever, ~0 = do not wait, else ktime_get_ns() value.
 * Returns the pass's result, 0 on timeout, or -ERESTARTNOHAND on a signal.
 */
typedef int (*poll_pass_fn)(void *arg, struct poll_table *pt);
long poll_loop(poll_pass_fn pass, void *arg, u64 deadline);
/*
 * Dequeue the caller from every queue of @pt and empty it, so a pass
 * whose set of files changed can register again (epoll_wait).
 */
void poll_table_reset(struct poll_table *pt);
/* Deadline of a millisecond timeout (negative: forever). */
u64 poll_deadline_ms(int ms);
/*
 * ppoll-style temporary signal mask: install it (none if @umask is NULL),
 * and restore the old one afterwards, or once the handler ran if @ret
 * says a signal interrupted the wait.
 */
long poll_swap_sigmask(const u64 __user *umask, size_t size, u64 *old);
void poll_restore_sigmask(long ret, u64 old);

#endif
