// SPDX-License-Identifier: MIT
/*
 * Lock-level checking.  Cheaper than Linux's lockdep (no dependency
 * graph): the levels in <umka/lock_levels.h> are the declared order, and
 * we only have to compare against the innermost lock held.
 */
#include <umka/lockdep.h>
#include <umka/percpu.h>
#include <umka/irqflags.h>
#include <umka/panic.h>
#include <umka/sched.h>

/* Until a CPU has a current task (early boot), its locks go here. */
static DEFINE_PER_CPU(struct lockdep_task, lockdep_early);

static struct lockdep_task *my_lockdep(void)
{
	struct task *t = current;

	return t ? &t->lockdep : this_cpu_ptr(lockdep_early);
}

static void report(struct lockdep_task *ld, const struct held_lock *top,
		   const char *name, unsigned level, const char *site)
{
	if (ld->catch) {
		struct lockdep_violation *v = ld->catch;

		v->held_name = top->name;
		v->held_site = top->site;
		v->held_level = top->level;
		v->new_name = name;
		v->new_site = site;
		v->new_level = level;
		ld->caught++;
		return;
	}
	panic("lock order violation: taking %s (level %u) at %s\n"
	      "  while holding %s (level %u) taken at %s",
	      name, level, site, top->name, top->level, top->site);
}

void lockdep_acquire(const void *lock, const char *name, unsigned level,
		     const char *site)
{
	unsigned long flags = local_irq_save();
	struct lockdep_task *ld = my_lockdep();
	struct held_lock *h;

	if (ld->depth > 0) {
		const struct held_lock *top = &ld->held[ld->depth - 1];

		if (level <= top->level)
			report(ld, top, name, level, site);
	}
	if (ld->depth == LOCKDEP_MAX_HELD)
		panic("lockdep: more than %d locks held", LOCKDEP_MAX_HELD);
	h = &ld->held[ld->depth++];
	h->lock = lock;
	h->name = name;
	h->site = site;
	h->level = level;
	local_irq_restore(flags);
}

void lockdep_release(const void *lock)
{
	unsigned long flags = local_irq_save();
	struct lockdep_task *ld = my_lockdep();
	int i;

	/* Usually the top; out-of-order release is legal, so search. */
	for (i = ld->depth - 1; i >= 0; i--)
		if (ld->held[i].lock == lock)
			break;
	if (i < 0)
		panic("lockdep: releasing %p, which this CPU does not hold",
		      lock);
	for (; i < ld->depth - 1; i++)
		ld->held[i] = ld->held[i + 1];
	ld->depth--;
	local_irq_restore(flags);
}

void lockdep_catch_begin(struct lockdep_violation *v)
{
	struct lockdep_task *ld = my_lockdep();

	ld->catch = v;
	ld->caught = 0;
}

int lockdep_catch_end(void)
{
	struct lockdep_task *ld = my_lockdep();

	ld->catch = NULL;
	return ld->caught;
}

int lockdep_depth(void)
{
	return my_lockdep()->depth;
}
