// SPDX-License-Identifier: MIT
/*
 * Self-test helper: run a function once on every online CPU at the same
 * time, in kernel threads bound to each CPU.  The threads wait for each
 * other before calling it, so the work really overlaps.
 */
#include <umka/ktest.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/smp.h>

struct each_cpu_run {
	int (*fn)(void *arg);
	void *arg;
	unsigned int arrived;
	unsigned int n;
};

static int each_cpu_thread(void *p)
{
	struct each_cpu_run *r = p;

	__atomic_fetch_add(&r->arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&r->arrived, __ATOMIC_ACQUIRE) < r->n)
		yield();
	return r->fn(r->arg);
}

int ktest_on_each_cpu(int (*fn)(void *arg), void *arg)
{
	struct each_cpu_run r = { fn, arg, 0, num_online_cpus() };
	struct task **t = kzalloc(r.n * sizeof(*t));
	unsigned int made = 0;
	int bad = 0;

	if (!t)
		return -1;
	for (; made < r.n; made++) {
		t[made] = kthread_create(each_cpu_thread, &r, "kt-each-cpu");
		if (!t[made])
			break;
		kthread_bind(t[made], made);
	}
	if (made < r.n) {
		r.n = made;	/* let the ones we have run, then report */
		bad = -1;
	}
	for (unsigned int c = 0; c < made; c++)
		wake_up_process(t[c]);
	for (unsigned int c = 0; c < made; c++)
		if (kthread_join(t[c]) && bad >= 0)
			bad++;
	kfree(t);
	return bad;
}
