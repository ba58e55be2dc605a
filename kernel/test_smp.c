// SPDX-License-Identifier: MIT
/*
 * Self-tests of SMP: every CPU is up and runs threads, threads are
 * spread and woken across CPUs, per-CPU data is per CPU, and cross-CPU
 * calls reach each target once.  On one CPU the cross-CPU parts
 * degenerate but every test still checks its invariant.  Lock and RCU
 * contention: kernel/locking/test_locking_smp.c, kernel/test_rcu_smp.c.
 */
#include <umka/ktest.h>
#include <umka/acpi.h>
#include <umka/completion.h>
#include <umka/irq.h>
#include <umka/percpu.h>
#include <umka/preempt.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/smp.h>

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
