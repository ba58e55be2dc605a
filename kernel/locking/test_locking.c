// SPDX-License-Identifier: MIT
/* Self-tests for spinlocks, mutexes and lock-level checking. */
#include <umka/ktest.h>
#include <umka/spinlock.h>
#include <umka/mutex.h>
#include <umka/lockdep.h>
#include <umka/sched.h>
#include <umka/string.h>

static bool strstr_simple(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (!strncmp(hay, needle, n))
			return true;
	return false;
}

static DEFINE_SPINLOCK(outer_lock, LOCK_LEVEL_TEST_OUTER);
static DEFINE_SPINLOCK(inner_lock, LOCK_LEVEL_TEST_INNER);

KTEST(lockdep_allows_declared_order)
{
	struct lockdep_violation v = { 0 };
	unsigned long f;

	lockdep_catch_begin(&v);
	f = spin_lock_irqsave(&outer_lock);
	spin_lock(&inner_lock);
	spin_unlock(&inner_lock);
	spin_unlock_irqrestore(&outer_lock, f);
	KT_ASSERT_EQ(lockdep_catch_end(), 0);
	KT_ASSERT_EQ(lockdep_depth(), 0);
}

KTEST(lockdep_catches_inversion)
{
	struct lockdep_violation v = { 0 };
	unsigned long f;

	lockdep_catch_begin(&v);
	f = spin_lock_irqsave(&inner_lock);
	spin_lock(&outer_lock);		/* wrong order on purpose */
	spin_unlock(&outer_lock);
	spin_unlock_irqrestore(&inner_lock, f);
	KT_ASSERT_EQ(lockdep_catch_end(), 1);
	/* The report names both locks and both sites. */
	KT_ASSERT(!strcmp(v.held_name, "inner_lock"));
	KT_ASSERT(!strcmp(v.new_name, "outer_lock"));
	KT_ASSERT(strstr_simple(v.held_site, "test_locking.c:"));
	KT_ASSERT(strstr_simple(v.new_site, "test_locking.c:"));
	KT_ASSERT_EQ(v.held_level, LOCK_LEVEL_TEST_INNER);
	KT_ASSERT_EQ(v.new_level, LOCK_LEVEL_TEST_OUTER);
}

KTEST(lockdep_catches_same_level_nesting)
{
	static DEFINE_SPINLOCK(a, LOCK_LEVEL_TEST_OUTER);
	static DEFINE_SPINLOCK(b, LOCK_LEVEL_TEST_OUTER);
	struct lockdep_violation v = { 0 };
	unsigned long f;

	lockdep_catch_begin(&v);
	f = spin_lock_irqsave(&a);
	spin_lock(&b);			/* needs spin_lock_nested */
	spin_unlock(&b);
	spin_lock_nested(&b, 1);	/* declared: fine */
	spin_unlock(&b);
	spin_unlock_irqrestore(&a, f);
	KT_ASSERT_EQ(lockdep_catch_end(), 1);
}

static DEFINE_MUTEX(mutex_a, LOCK_LEVEL_MUTEX_TEST_A);
static DEFINE_MUTEX(mutex_b, LOCK_LEVEL_MUTEX_TEST_B);

KTEST(lockdep_catches_mutex_inversion)
{
	struct lockdep_violation v = { 0 };

	lockdep_catch_begin(&v);
	mutex_lock(&mutex_b);
	mutex_lock(&mutex_a);
	mutex_unlock(&mutex_a);
	mutex_unlock(&mutex_b);
	KT_ASSERT_EQ(lockdep_catch_end(), 1);
	KT_ASSERT(!strcmp(v.held_name, "mutex_b"));
	KT_ASSERT(!strcmp(v.new_name, "mutex_a"));
}

static long shared_counter;

static int mutex_worker(void *arg)
{
	for (int i = 0; i < 300; i++) {
		long v;

		mutex_lock(&mutex_a);
		v = shared_counter;
		if (i % 7 == 0)
			yield();	/* sleep-ish inside: others must wait */
		shared_counter = v + 1;
		mutex_unlock(&mutex_a);
	}
	return 0;
}

KTEST(mutex_serializes_threads)
{
	struct task *t[4];

	shared_counter = 0;
	for (int i = 0; i < 4; i++) {
		t[i] = kthread_run(mutex_worker, NULL, "kt-mutex");
		KT_ASSERT(t[i] != NULL);
	}
	for (int i = 0; i < 4; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), 0);
	KT_ASSERT_EQ(shared_counter, 1200);
	KT_ASSERT(!mutex_is_locked(&mutex_a));
}

static long spin_counter;
static DEFINE_SPINLOCK(counter_lock, LOCK_LEVEL_TEST_OUTER);

static int spin_worker(void *arg)
{
	for (int i = 0; i < 2000; i++) {
		unsigned long f = spin_lock_irqsave(&counter_lock);

		spin_counter++;
		spin_unlock_irqrestore(&counter_lock, f);
		if (i % 100 == 0)
			yield();
	}
	return 0;
}

KTEST(spinlock_counts_exactly)
{
	struct task *t[4];

	spin_counter = 0;
	for (int i = 0; i < 4; i++)
		t[i] = kthread_run(spin_worker, NULL, "kt-spin");
	for (int i = 0; i < 4; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), 0);
	KT_ASSERT_EQ(spin_counter, 8000);
	KT_ASSERT(spin_trylock(&counter_lock));
	KT_ASSERT(!spin_trylock(&counter_lock));
	spin_unlock(&counter_lock);
}
