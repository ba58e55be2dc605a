/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks.  Ticket locks, so waiters are served in order.  Each lock
 * has a level from <umka/lock_levels.h>; with CONFIG_LOCK_DEBUG every
 * acquisition is checked against the locks the CPU already holds.
 *
 *	static DEFINE_SPINLOCK(foo_lock, LOCK_LEVEL_FOO);
 *	unsigned long flags = spin_lock_irqsave(&foo_lock);
 *	...
 *	spin_unlock_irqrestore(&foo_lock, flags);
 */
#ifndef UMKA_SPINLOCK_H
#define UMKA_SPINLOCK_H

#include <umka/types.h>
#include <umka/compiler.h>
#include <umka/lock_levels.h>

struct spinlock {
	union {
		u32 val;
		struct {
			u16 owner;	/* ticket being served */
			u16 next;	/* next ticket to hand out */
		};
	} t;
	u16 level;
	const char *name;
#ifdef CONFIG_LOCK_DEBUG
	const char *site;	/* where the current holder took it */
	int holder_cpu;
#endif
};

#define SPINLOCK_INIT(n, lvl) { .level = (lvl), .name = #n }
#define DEFINE_SPINLOCK(n, lvl) struct spinlock n = SPINLOCK_INIT(n, lvl)

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)
#define LOCK_SITE __FILE__ ":" __stringify(__LINE__)

void spin_lock_init(struct spinlock *l, const char *name, unsigned level);
void _spin_lock(struct spinlock *l, unsigned subclass, const char *site);
bool _spin_trylock(struct spinlock *l, const char *site);
void spin_unlock(struct spinlock *l);
unsigned long _spin_lock_irqsave(struct spinlock *l, const char *site);
void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags);
bool spin_is_locked(struct spinlock *l);

#define spin_lock(l) _spin_lock(l, 0, LOCK_SITE)
/* Two locks of one level (e.g. two run queues): order them by subclass. */
#define spin_lock_nested(l, sub) _spin_lock(l, sub, LOCK_SITE)
#define spin_trylock(l) _spin_trylock(l, LOCK_SITE)
#define spin_lock_irqsave(l) _spin_lock_irqsave(l, LOCK_SITE)

/* Scope guard: the lock is dropped when the variable goes out of scope. */
struct spin_guard {
	struct spinlock *lock;
	unsigned long flags;
};

static inline void spin_guard_release(struct spin_guard *g)
{
	spin_unlock_irqrestore(g->lock, g->flags);
}

#define spin_guard_irqsave(var, l)                                          \
	struct spin_guard var __attribute__((cleanup(spin_guard_release))) = \
		{ (l), spin_lock_irqsave(l) }

#endif
