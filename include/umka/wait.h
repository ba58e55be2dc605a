/* SPDX-License-Identifier: MIT */
/*
 * Wait queues.  The sleeper sets its state before testing the condition
 * and the waker changes the condition before waking, so a wake-up between
 * the test and schedule() is never lost:
 *
 *	wait_event(wq, READ_ONCE(flag));	...	flag = 1; wake_up(&wq);
 */
#ifndef UMKA_WAIT_H
#define UMKA_WAIT_H

#include <umka/list.h>
#include <umka/spinlock.h>
#include <umka/sched.h>

struct wait_queue_head {
	struct spinlock lock;
	struct list_head waiters;
};

struct wait_entry {
	struct task *task;
	struct list_head list;
	bool exclusive;		/* wake_up() wakes one exclusive waiter */
};

/* A wait queue ready at compile time, for file-scope queues. */
#define DEFINE_WAIT_QUEUE_HEAD(n)                                           \
	struct wait_queue_head n = {                                        \
		.lock = SPINLOCK_INIT(n.lock, LOCK_LEVEL_WAITQUEUE),        \
		.waiters = LIST_HEAD_INIT(n.waiters),                       \
	}

void init_waitqueue_head(struct wait_queue_head *wq);
void prepare_to_wait(struct wait_queue_head *wq, struct wait_entry *e,
		     int state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_entry *e, int state);
void finish_wait(struct wait_queue_head *wq, struct wait_entry *e);
void wake_up(struct wait_queue_head *wq);	/* all plus one exclusive */
void wake_up_all(struct wait_queue_head *wq);
bool waitqueue_active(struct wait_queue_head *wq);

#define wait_event(wq, cond)                                                \
	do {                                                                \
		struct wait_entry __we = { .task = current };               \
		for (;;) {                                                  \
			prepare_to_wait(&(wq), &__we, TASK_UNINTERRUPTIBLE); \
			if (cond)                                           \
				break;                                      \
			schedule();                                         \
		}                                                           \
		finish_wait(&(wq), &__we);                                  \
	} while (0)

#endif
