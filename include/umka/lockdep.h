/* SPDX-License-Identifier: MIT */
/*
 * Lock-order checking by level (debug builds).  Each CPU keeps a stack of
 * the locks it holds; acquiring a lock whose level is not above the top
 * of that stack is an inversion, reported with both acquisition sites.
 */
#ifndef UMKA_LOCKDEP_H
#define UMKA_LOCKDEP_H

#include <umka/types.h>

struct lockdep_map {
	const char *name;
	unsigned level;
};

#define LOCKDEP_MAX_HELD 32

struct held_lock {
	const void *lock;
	const char *name;
	const char *site;
	unsigned level;
};

/*
 * Held locks are tracked per task, not per CPU: a mutex stays held while
 * its owner sleeps or migrates.  Interrupt handlers push onto the stack of
 * the task they interrupted and pop before returning.
 */
struct lockdep_violation;
struct lockdep_task {
	int depth;
	struct held_lock held[LOCKDEP_MAX_HELD];
	struct lockdep_violation *catch;
	int caught;
};

struct lockdep_violation {
	const char *held_name, *held_site;
	unsigned held_level;
	const char *new_name, *new_site;
	unsigned new_level;
};

#ifdef CONFIG_LOCK_DEBUG
void lockdep_acquire(const void *lock, const char *name, unsigned level,
		     const char *site);
void lockdep_release(const void *lock);
/*
 * For the self-test: while armed, an inversion on this CPU is recorded in
 * *v instead of panicking, and the acquisition goes ahead.
 */
void lockdep_catch_begin(struct lockdep_violation *v);
int lockdep_catch_end(void);
int lockdep_depth(void);
#else
static inline void lockdep_acquire(const void *lock, const char *name,
				   unsigned level, const char *site)
{
}
static inline void lockdep_release(const void *lock)
{
}
static inline int lockdep_depth(void)
{
	return 0;
}
#endif

#endif
