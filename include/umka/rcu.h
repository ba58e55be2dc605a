/* SPDX-License-Identifier: MIT */
/*
 * Read-copy-update for read-mostly data.  Readers run with preemption
 * off and take no lock; writers publish new versions with
 * rcu_assign_pointer() and free old ones after synchronize_rcu() (or via
 * call_rcu()), when every CPU has passed through the scheduler since.
 */
#ifndef UMKA_RCU_H
#define UMKA_RCU_H

#include <umka/preempt.h>

static inline void rcu_read_lock(void)
{
	preempt_disable();
}

static inline void rcu_read_unlock(void)
{
	preempt_enable();
}

#define rcu_dereference(p) __atomic_load_n(&(p), __ATOMIC_CONSUME)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

struct rcu_head {
	struct rcu_head *next;
	void (*fn)(struct rcu_head *head);
};

/* Wait for every reader that might see the old version; may sleep. */
void synchronize_rcu(void);
/* Run fn(head) after a grace period, from the RCU thread. */
void call_rcu(struct rcu_head *head, void (*fn)(struct rcu_head *head));
void rcu_init(void);
u64 rcu_grace_periods(void);

#endif
