// SPDX-License-Identifier: MIT
/* Ticket spinlocks with lock-level checking in debug builds. */
#include <umka/spinlock.h>
#include <umka/lockdep.h>
#include <umka/preempt.h>
#include <umka/irqflags.h>
#include <asm/cpu.h>

void spin_lock_init(struct spinlock *l, const char *name, unsigned level)
{
	l->t.val = 0;
	l->level = level;
	l->name = name;
}

static void debug_acquired(struct spinlock *l, const char *site)
{
#ifdef CONFIG_LOCK_DEBUG
	l->site = site;
	l->holder_cpu = smp_processor_id();
#else
	(void)l;
	(void)site;
#endif
}

void _spin_lock(struct spinlock *l, unsigned subclass, const char *site)
{
	u16 ticket;

	preempt_disable();
	lockdep_acquire(l, l->name, l->level + subclass, site);
	ticket = __atomic_fetch_add(&l->t.next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->t.owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
	debug_acquired(l, site);
}

bool _spin_trylock(struct spinlock *l, const char *site)
{
	u32 old = __atomic_load_n(&l->t.val, __ATOMIC_RELAXED);
	u32 want;

	/* Free means owner == next; take it by bumping next. */
	if ((u16)old != (u16)(old >> 16))
		return false;
	want = old + (1u << 16);
	preempt_disable();
	if (!__atomic_compare_exchange_n(&l->t.val, &old, want, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		preempt_enable();
		return false;
	}
	/* A trylock cannot deadlock, but it still counts as held. */
	lockdep_acquire(l, l->name, l->level, site);
	debug_acquired(l, site);
	return true;
}

void spin_unlock(struct spinlock *l)
{
	lockdep_release(l);
	__atomic_store_n(&l->t.owner, l->t.owner + 1, __ATOMIC_RELEASE);
	preempt_enable();
}

unsigned long _spin_lock_irqsave(struct spinlock *l, const char *site)
{
	unsigned long flags = local_irq_save();

	_spin_lock(l, 0, site);
	return flags;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

bool spin_is_locked(struct spinlock *l)
{
	u32 v = __atomic_load_n(&l->t.val, __ATOMIC_RELAXED);

	return (u16)v != (u16)(v >> 16);
}
