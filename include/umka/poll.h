/* SPDX-License-Identifier: MIT */
/*
 * poll support for file operations.  A file's ->poll(f, pt) returns its
 * ready mask and calls poll_wait() for each wait queue whose wake-up
 * could change that mask; pt is NULL on re-checks.
 */
#ifndef UMKA_POLL_H
#define UMKA_POLL_H

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

#endif
