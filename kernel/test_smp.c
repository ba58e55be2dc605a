// SPDX-License-Identifier: MIT
/*
 * Self-tests of SMP: every CPU is up and runs threads, per-CPU data is
 * per CPU, cross-CPU calls reach each target once, and locks and RCU
 * hold under contention from all CPUs.  On one CPU the cross-CPU parts
 * degenerate but every test still checks its invariant.
 */
#include <umka/ktest.h>
#include <umka/acpi.h>
#include <umka/completion.h>
#include <umka/irq.h>
#include <umka/mutex.h>
#include <umka/percpu.h>
#include <umka/preempt.h>
#include <umka/processor.h>
#include <umka/rcu.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/smp.h>
#include <umka/spinlock.h>
#include <umka/time.h>

static unsigned int ran_on[MAX_CPUS];

static int record_cpu(void *arg)
{
	unsigned int me = smp_processor_id();

	/* Bound threads never move: the id must be stable and ours. */
	__atomic_fetch_add(&ran_on[me], 1, __ATOMIC_RELAXED);
	if (current->cpu != (int)me)
		return 1;
	yield();
	return smp_processor_id() != me;
}

KTEST(smp_every_cpu_runs_threads)
{
	KT_ASSERT(nr_cpus >= 1);
	KT_ASSERT_EQ(nr_cpus, acpi_nr_cpus());
	KT_ASSERT_EQ(num_online_cpus(), nr_cpus);
	for (unsigned int c = 0; c < nr_cpus; c++) {
		KT_ASSERT(cpu_online(c));
		ran_on[c] = 0;
	}
	KT_ASSERT(!cpu_online(nr_cpus));
	KT_ASSERT_EQ(ktest_on_each_cpu(record_cpu, NULL), 0);
	for (unsigned int c = 0; c < nr_cpus; c++)
		KT_ASSERT_EQ(ran_on[c], 1);
}

static int on_placed_cpu(void *arg)
{
	return current->cpu != (int)smp_processor_id();
}

KTEST(smp_kthreads_placed_round_robin)
{
	unsigned int n = 2 * nr_cpus, per_cpu_count[MAX_CPUS] = { 0 };
	struct task **t = kzalloc(n * sizeof(*t));

	KT_ASSERT(t != NULL);
	for (unsigned int i = 0; i < n; i++) {
		t[i] = kthread_create(on_placed_cpu, NULL, "kt-place");
		KT_ASSERT(t[i] != NULL);
		KT_ASSERT(t[i]->cpu >= 0 && t[i]->cpu < (int)nr_cpus);
		per_cpu_count[t[i]->cpu]++;
	}
	for (unsigned int i = 0; i < n; i++)
		wake_up_process(t[i]);
	for (unsigned int i = 0; i < n; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), 0);
	kfree(t);
	for (unsigned int c = 0; c < nr_cpus; c++)
		KT_ASSERT_EQ(per_cpu_count[c], 2);
}

struct idle_wake {
	struct completion go;
	u64 switches_at_start;
	unsigned int ran_on;
};

static int sleep_until_go(void *arg)
{
	struct idle_wake *w = arg;

	w->switches_at_start = sched_nr_switches(smp_processor_id());
	wait_for_completion(&w->go);
	w->ran_on = smp_processor_id();
	return 0;
}

/* Waking a task whose CPU idles must kick that CPU with an IPI. */
KTEST(smp_wake_up_kicks_idle_cpu)
{
	static struct idle_wake w;
	unsigned int me, target;
	struct task *t;
	u64 ipis;

	init_completion(&w.go);
	w.switches_at_start = ~0ULL;
	preempt_disable();
	me = smp_processor_id();
	preempt_enable();
	target = (me + 1) % nr_cpus;
	t = kthread_create(sleep_until_go, &w, "kt-idle-wake");
	KT_ASSERT(t != NULL);
	kthread_bind(t, target);
	wake_up_process(t);
	/* Wait until it has slept, i.e. switched away from its CPU. */
	while (READ_ONCE(t->state) != TASK_UNINTERRUPTIBLE ||
	       sched_nr_switches(target) <= READ_ONCE(w.switches_at_start))
		yield();
	ipis = irq_vector_count(IRQ_VECTOR_IPI_RESCHED);
	complete(&w.go);
	KT_ASSERT_EQ(kthread_join(t), 0);
	KT_ASSERT_EQ(w.ran_on, target);
	if (target != me)
		KT_ASSERT(irq_vector_count(IRQ_VECTOR_IPI_RESCHED) > ipis);
}

static DEFINE_PER_CPU(unsigned long, pcpu_test_var);
static unsigned long *pcpu_seen[MAX_CPUS];

static int write_percpu(void *arg)
{
	unsigned int me;

	preempt_disable();
	me = smp_processor_id();
	*this_cpu_ptr(pcpu_test_var) = 1000 + me;
	pcpu_seen[me] = this_cpu_ptr(pcpu_test_var);
	preempt_enable();
	return 0;
}

KTEST(smp_percpu_variables_are_distinct)
{
	KT_ASSERT_EQ(ktest_on_each_cpu(write_percpu, NULL), 0);
	for (unsigned int c = 0; c < nr_cpus; c++) {
		KT_ASSERT(pcpu_seen[c] == per_cpu_ptr(pcpu_test_var, c));
		KT_ASSERT_EQ(per_cpu(pcpu_test_var, c), 1000 + c);
		for (unsigned int d = 0; d < c; d++)
			KT_ASSERT(pcpu_seen[c] != pcpu_seen[d]);
	}
}

static unsigned int call_hits[MAX_CPUS];

static void count_call(void *arg)
{
	__atomic_fetch_add(&call_hits[smp_processor_id()], 1,
			   __ATOMIC_RELAXED);
	__atomic_fetch_add((unsigned int *)arg, 1, __ATOMIC_RELAXED);
}

static void clear_hits(void)
{
	for (unsigned int c = 0; c < nr_cpus; c++)
		__atomic_store_n(&call_hits[c], 0, __ATOMIC_RELAXED);
}

KTEST(smp_call_function_others_runs_once_each)
{
	unsigned int total = 0, me;

	clear_hits();
	preempt_disable();	/* "others" is relative to where we are */
	me = smp_processor_id();
	smp_call_function_others(count_call, &total, true);
	preempt_enable();
	KT_ASSERT_EQ(total, nr_cpus - 1);
	for (unsigned int c = 0; c < nr_cpus; c++)
		KT_ASSERT_EQ(call_hits[c], c == me ? 0 : 1);
}

KTEST(smp_call_function_single_hits_its_target)
{
	unsigned int total = 0;

	for (unsigned int target = 0; target < nr_cpus; target++) {
		clear_hits();
		KT_ASSERT_EQ(smp_call_function_single(target, count_call,
						      &total, true), 0);
		for (unsigned int c = 0; c < nr_cpus; c++)
			KT_ASSERT_EQ(call_hits[c], c == target);
	}
	KT_ASSERT_EQ(total, nr_cpus);
	KT_ASSERT(smp_call_function_single(nr_cpus, count_call, &total,
					   true) != 0);
}

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

/* ---- RCU ---- */

#define RCU_ALIVE 0x600dcafeUL
#define RCU_DEAD 0xdeadUL
#define RCU_UPDATES 50

struct rcu_obj {
	unsigned long magic;
	unsigned long gen;
};

static struct rcu_obj *rcu_gp;
static bool rcu_stop;

/* Readers on every CPU but the writer's: an object must stay alive. */
static int rcu_reader(void *arg)
{
	unsigned int writer_cpu = *(unsigned int *)arg;
	int bad = 0;

	if (smp_processor_id() == writer_cpu)
		return 0;
	while (!__atomic_load_n(&rcu_stop, __ATOMIC_ACQUIRE)) {
		struct rcu_obj *p;

		rcu_read_lock();
		p = rcu_dereference(rcu_gp);
		if (READ_ONCE(p->magic) != RCU_ALIVE)
			bad++;
		udelay(20);	/* widen the window for the writer */
		if (READ_ONCE(p->magic) != RCU_ALIVE)
			bad++;
		rcu_read_unlock();
		yield();
	}
	return bad;
}

static struct rcu_obj *rcu_obj_new(unsigned long gen)
{
	struct rcu_obj *o = kmalloc(sizeof(*o));

	if (o) {
		o->magic = RCU_ALIVE;
		o->gen = gen;
	}
	return o;
}

/* Publish new versions; poison and free the old one after a grace period. */
static int rcu_writer(void *arg)
{
	unsigned int writer_cpu = *(unsigned int *)arg;
	int bad = 0;

	if (smp_processor_id() != writer_cpu)
		return 0;
	for (unsigned long gen = 1; gen <= RCU_UPDATES && !bad; gen++) {
		struct rcu_obj *old = rcu_gp, *n = rcu_obj_new(gen);
		u64 gp = rcu_grace_periods();

		if (!n)
			return 1;
		rcu_assign_pointer(rcu_gp, n);
		synchronize_rcu();
		bad += rcu_grace_periods() <= gp;
		WRITE_ONCE(old->magic, RCU_DEAD);
		kfree(old);
	}
	__atomic_store_n(&rcu_stop, true, __ATOMIC_RELEASE);
	return bad;
}

static int rcu_role(void *arg)
{
	return rcu_writer(arg) + rcu_reader(arg);
}

KTEST(smp_rcu_readers_on_other_cpus)
{
	unsigned int writer_cpu = 0;

	rcu_gp = rcu_obj_new(0);
	KT_ASSERT(rcu_gp != NULL);
	rcu_stop = false;
	KT_ASSERT_EQ(ktest_on_each_cpu(rcu_role, &writer_cpu), 0);
	KT_ASSERT_EQ(rcu_gp->gen, RCU_UPDATES);
	KT_ASSERT_EQ(rcu_gp->magic, RCU_ALIVE);
	kfree(rcu_gp);
	rcu_gp = NULL;
}

/*
 * One reader holds its section for a while after the writer started
 * synchronize_rcu(): the writer must not get past it before the reader
 * leaves.  Needs a second CPU; on one CPU it checks the plain case.
 */
static int sync_reader_in, sync_reader_left, sync_writer_started;
static int sync_writer_done;

static int hold_reader(void *arg)
{
	int early;

	rcu_read_lock();
	__atomic_store_n(&sync_reader_in, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&sync_writer_started, __ATOMIC_ACQUIRE))
		cpu_relax();
	mdelay(20);
	early = __atomic_load_n(&sync_writer_done, __ATOMIC_ACQUIRE);
	__atomic_store_n(&sync_reader_left, 1, __ATOMIC_RELEASE);
	rcu_read_unlock();
	return early;
}

static int sync_role(void *arg)
{
	int left;

	if (smp_processor_id() == 1)
		return hold_reader(arg);
	if (smp_processor_id() != 0)
		return 0;
	/* Only a reader already inside its section must be waited for. */
	while (nr_cpus > 1 && !__atomic_load_n(&sync_reader_in, __ATOMIC_ACQUIRE))
		yield();
	__atomic_store_n(&sync_writer_started, 1, __ATOMIC_RELEASE);
	synchronize_rcu();
	left = __atomic_load_n(&sync_reader_left, __ATOMIC_ACQUIRE);
	__atomic_store_n(&sync_writer_done, 1, __ATOMIC_RELEASE);
	return nr_cpus > 1 ? !left : 0;
}

KTEST(smp_synchronize_rcu_waits_for_reader)
{
	u64 gp = rcu_grace_periods();

	sync_reader_in = sync_reader_left = 0;
	sync_writer_started = sync_writer_done = 0;
	KT_ASSERT_EQ(ktest_on_each_cpu(sync_role, NULL), 0);
	KT_ASSERT(sync_writer_done);
	KT_ASSERT(rcu_grace_periods() > gp);
	KT_ASSERT_EQ(sync_reader_left, nr_cpus > 1);
}
