/* SPDX-License-Identifier: MIT */
/*
 * Sleeping mutexes.  Only tasks may take them (not interrupt handlers),
 * and the owner must release them.  Like spinlocks they have a level and
 * are checked by lockdep in debug builds.
 */
#ifndef UMKA_MUTEX_H
#define UMKA_MUTEX_H

#include <umka/spinlock.h>
#include <umka/list.h>

struct task;

struct mutex {
	struct task *owner;		/* atomic; NULL when free */
	struct spinlock wait_lock;	/* guards waiters */
	struct list_head waiters;
	u16 level;
	const char *name;
};

#define MUTEX_INIT(n, lvl)                                                  \
	{ .wait_lock = SPINLOCK_INIT(n##_wait, LOCK_LEVEL_MUTEX_INTERNAL),  \
	  .waiters = LIST_HEAD_INIT((n).waiters), .level = (lvl),          \
	  .name = #n }
#define DEFINE_MUTEX(n, lvl) struct mutex n = MUTEX_INIT(n, lvl)

void mutex_init(struct mutex *m, const char *name, unsigned level);
void _mutex_lock(struct mutex *m, const char *site);
bool _mutex_trylock(struct mutex *m, const char *site);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

#define mutex_lock(m) _mutex_lock(m, LOCK_SITE)
#define mutex_trylock(m) _mutex_trylock(m, LOCK_SITE)

#endif
