// SPDX-License-Identifier: MIT
/*
 * Lock contention from every CPU at once: a plain read-modify-write
 * under the lock must count exactly.  Rounds are modest because under
 * TCG a ticket lock can be handed to a vCPU the host has descheduled.
 */
#include <umka/ktest.h>
#include <umka/mutex.h>
#include <umka/percpu.h>
#include <umka/processor.h>
#include <umka/sched.h>
#include <umka/spinlock.h>

#define SPIN_ROUNDS 500
#define MUTEX_ROUNDS 1000

static DEFINE_SPINLOCK(contended_lock, LOCK_LEVEL_TEST_OUTER);
static DEFINE_MUTEX(contended_mutex, LOCK_LEVEL_MUTEX_TEST_A);
static unsigned long contended_count;

/* A plain read-modify-write: only the lock makes the count exact. */
static void bump(void)
{
	unsigned long v = READ_ONCE(contended_count);

	cpu_relax();
	WRITE_ONCE(contended_count, v + 1);
}

static int spin_worker(void *arg)
{
	for (int i = 0; i < SPIN_ROUNDS; i++) {
		if (i & 1) {
			unsigned long flags = spin_lock_irqsave(&contended_lock);

			bump();
			spin_unlock_irqrestore(&contended_lock, flags);
		} else {
			spin_lock(&contended_lock);
			bump();
			spin_unlock(&contended_lock);
		}
	}
	return 0;
}

KTEST(smp_spinlock_contention_counts_exactly)
{
	contended_count = 0;
	KT_ASSERT_EQ(ktest_on_each_cpu(spin_worker, NULL), 0);
	KT_ASSERT_EQ(contended_count, (unsigned long)SPIN_ROUNDS * nr_cpus);
	KT_ASSERT(!spin_is_locked(&contended_lock));
}

static int mutex_worker_all(void *arg)
{
	for (int i = 0; i < MUTEX_ROUNDS; i++) {
		mutex_lock(&contended_mutex);
		bump();
		if (i % 64 == 0)
			yield();	/* hold it across a switch now and then */
		mutex_unlock(&contended_mutex);
	}
	return 0;
}

KTEST(smp_mutex_contention_counts_exactly)
{
	contended_count = 0;
	KT_ASSERT_EQ(ktest_on_each_cpu(mutex_worker_all, NULL), 0);
	KT_ASSERT_EQ(contended_count, (unsigned long)MUTEX_ROUNDS * nr_cpus);
	KT_ASSERT(!mutex_is_locked(&contended_mutex));
}
