// SPDX-License-Identifier: MIT
/*
 * Self-tests for the scheduling classes.  Shares are checked in the
 * run time the scheduler accounted to each task, never in wall-clock
 * time, so they hold under TCG on a loaded host.
 */
#include <umka/ktest.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/smp.h>
#include <umka/time.h>
#include <umka/processor.h>
#include <umka/completion.h>
#include "sched.h"

#define MS NSEC_PER_MSEC

static u64 runtime_of(struct task *t)
{
	struct cpu_times ct;

	task_cpu_times(t, &ct);
	return ct.rtime;
}

static void set_policy(struct task *t, int policy, int prio, int nice)
{
	struct sched_params p = { policy, prio, nice, false };

	sched_set_params(t, &p);
}

/* A CPU for the test's tasks: not the runner's when there is a choice. */
static unsigned int other_cpu(void)
{
	return nr_cpus > 1 ? (smp_processor_id() + 1) % nr_cpus : 0;
}

/* Start @fn bound to @cpu with the given policy. */
static struct task *start_on(int (*fn)(void *), void *arg, unsigned int cpu,
			     int policy, int prio, int nice)
{
	struct task *t = kthread_create(fn, arg, "kt-sched");

	if (!t)
		return NULL;
	kthread_bind(t, cpu);
	set_policy(t, policy, prio, nice);
	wake_up_process(t);
	return t;
}

/*
 * The EEVDF queue on its own, driven like the tick drives it: the
 * picked task runs in 1 ms steps until its request is used up, then the
 * queue picks again.  Shares must follow the weights of nice -5, 0 and
 * 5 (3121 : 1024 : 335) to within 2%, lags must stay within a few
 * slices, and a task that sleeps comes back near the zero-lag point.
 */
KTEST(sched_eevdf_queue_shares_follow_weights)
{
	static const int nice[3] = { -5, 0, 5 };
	struct fair_rq fr;
	struct task *t[3];
	u64 ran[3] = { 0, 0, 0 }, total = 0, wsum = 0;
	bool ok = true;

	fair_rq_init(&fr);
	for (int i = 0; i < 3; i++) {
		t[i] = kzalloc(sizeof(*t[i]));
		KT_ASSERT(t[i] != NULL);
		sched_task_init(t[i]);
		t[i]->nice = nice[i];
		t[i]->weight = sched_nice_to_weight(nice[i]);
		wsum += t[i]->weight;
		fair_enqueue(&fr, t[i], ENQ_WAKEUP);
		t[i]->on_rq = true;
	}
	while (total < 3000 * MS) {
		struct task *c = fair_pick(&fr);
		int i = c == t[0] ? 0 : c == t[1] ? 1 : 2;

		fair_set_curr(&fr, c);
		c->on_rq = false;
		do {
			ran[i] += MS;
			total += MS;
		} while (!fair_charge(&fr, c, MS));
		/* No task is ever owed or ahead by more than a few slices. */
		for (int j = 0; j < 3; j++) {
			s64 lag = (s64)(fair_avg_vruntime(&fr) - t[j]->vruntime);

			if (lag * (s64)t[j]->weight > (s64)(8 * 1024 * SCHED_BASE_SLICE_NS) ||
			    -lag * (s64)t[j]->weight > (s64)(8 * 1024 * SCHED_BASE_SLICE_NS))
				ok = false;
		}
		fair_put_curr(&fr, c);
		c->on_rq = true;
	}
	KT_ASSERT(ok);
	for (int i = 0; i < 3; i++) {
		u64 want = total / wsum * t[i]->weight;

		KT_ASSERT(ran[i] * 100 >= want * 98 && ran[i] * 100 <= want * 102);
	}
	/* Task 1 sleeps while the others run, then wakes up. */
	fair_dequeue(&fr, t[1]);
	t[1]->on_rq = false;
	for (int n = 0; n < 500; n++) {
		struct task *c = fair_pick(&fr);

		KT_ASSERT(c != t[1]);
		fair_set_curr(&fr, c);
		fair_charge(&fr, c, MS);
		fair_put_curr(&fr, c);
	}
	fair_enqueue(&fr, t[1], ENQ_WAKEUP);
	{
		s64 lag = (s64)(fair_avg_vruntime(&fr) - t[1]->vruntime);

		KT_ASSERT(lag <= 3 * (s64)SCHED_BASE_SLICE_NS &&
			  lag >= -3 * (s64)SCHED_BASE_SLICE_NS);
	}
	for (int i = 0; i < 3; i++)
		kfree(t[i]);
}

static unsigned int bits_set(u64 m)
{
	unsigned int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

static volatile bool spin_stop;

static int spin_until_stopped(void *arg)
{
	(void)arg;
	while (!READ_ONCE(spin_stop))
		cpu_relax();
	return 0;
}

/*
 * Two CPU-bound threads on one CPU, at nice 0 and nice 5, share it in
 * the ratio of their weights, 1024 : 335 (about 3.06); the bounds are
 * generous (2.1 .. 4.2) since the tick cuts slices at 4 ms granularity.
 */
KTEST(sched_nice_weights_split_one_cpu)
{
	unsigned int cpu = other_cpu();
	struct task *a, *b;
	u64 ra = 0, rb = 0, t0 = ktime_get_ns();

	WRITE_ONCE(spin_stop, false);
	a = start_on(spin_until_stopped, NULL, cpu, SCHED_NORMAL, 0, 0);
	b = start_on(spin_until_stopped, NULL, cpu, SCHED_NORMAL, 0, 5);
	KT_ASSERT(a != NULL && b != NULL);
	while (ra + rb < 600 * MS && ktime_get_ns() - t0 < 30 * NSEC_PER_SEC) {
		msleep(20);
		ra = runtime_of(a);
		rb = runtime_of(b);
	}
	WRITE_ONCE(spin_stop, true);
	KT_ASSERT_EQ(kthread_join(a), 0);
	KT_ASSERT_EQ(kthread_join(b), 0);
	KT_ASSERT(rb > 0);
	KT_ASSERT(ra * 10 >= rb * 21);
	KT_ASSERT(ra * 10 <= rb * 42);
}

struct rt_probe {
	struct task *fair_hog;		/* spinning on the same CPU */
	struct task *late;		/* fair, woken while the RT task runs */
	u64 hog_before, hog_after;
	u64 spin;			/* run time the RT task spins for */
	bool late_ran, late_ran_early;
};

static int note_ran(void *arg)
{
	struct rt_probe *p = arg;

	WRITE_ONCE(p->late_ran, true);
	return 0;
}

static int fifo_spinner(void *arg)
{
	struct rt_probe *p = arg;

	p->hog_before = runtime_of(p->fair_hog);
	wake_up_process(p->late);
	while (runtime_of(current) < p->spin)
		cpu_relax();
	p->late_ran_early = READ_ONCE(p->late_ran);
	p->hog_after = runtime_of(p->fair_hog);
	return 0;
}

/*
 * A SCHED_FIFO task takes the CPU from a fair one at once and keeps it
 * while it is runnable: the fair hog on its CPU gets no run time at all,
 * and a fair task woken meanwhile waits until the FIFO task is done.
 */
KTEST(sched_fifo_runs_before_fair_and_keeps_cpu)
{
	static struct rt_probe p;
	unsigned int cpu = other_cpu();
	struct task *rt;

	WRITE_ONCE(spin_stop, false);
	p.late_ran = p.late_ran_early = false;
	p.spin = 60 * MS;
	p.fair_hog = start_on(spin_until_stopped, NULL, cpu, SCHED_NORMAL, 0, 0);
	KT_ASSERT(p.fair_hog != NULL);
	p.late = kthread_create(note_ran, &p, "kt-late");
	KT_ASSERT(p.late != NULL);
	kthread_bind(p.late, cpu);
	/* Let the hog get going before the RT task arrives. */
	while (runtime_of(p.fair_hog) < 10 * MS)
		msleep(5);
	rt = start_on(fifo_spinner, &p, cpu, SCHED_FIFO, 50, 0);
	KT_ASSERT(rt != NULL);
	KT_ASSERT_EQ(kthread_join(rt), 0);
	WRITE_ONCE(spin_stop, true);
	KT_ASSERT_EQ(kthread_join(p.fair_hog), 0);
	KT_ASSERT_EQ(kthread_join(p.late), 0);
	KT_ASSERT(READ_ONCE(p.late_ran));
	KT_ASSERT(!p.late_ran_early);
	KT_ASSERT_EQ(p.hog_after, p.hog_before);
}

struct rt_pair {
	struct task *t[2];
	u64 spin;
	u64 other_at_end[2];
	struct completion *go;
};

static int rt_pair_spinner(void *arg)
{
	struct rt_pair *p = arg;
	int me = current == p->t[0] ? 0 : 1;

	while (runtime_of(current) < p->spin)
		cpu_relax();
	p->other_at_end[me] = runtime_of(p->t[1 - me]);
	return 0;
}

static void run_rt_pair(struct rt_pair *p, int policy, unsigned int cpu)
{
	for (int i = 0; i < 2; i++) {
		p->t[i] = kthread_create(rt_pair_spinner, p, "kt-rtpair");
		if (p->t[i]) {
			kthread_bind(p->t[i], cpu);
			set_policy(p->t[i], policy, 20, 0);
		}
	}
	if (!p->t[0] || !p->t[1])
		return;
	wake_up_process(p->t[0]);
	wake_up_process(p->t[1]);
}

/*
 * Two SCHED_RR tasks of one priority take turns every 100 ms: when the
 * first has spun for 250 ms the other has had at least a slice.  Two
 * SCHED_FIFO tasks do not: the first runs to its end before the second
 * starts.
 */
KTEST(sched_rr_takes_turns_fifo_does_not)
{
	static struct rt_pair rr, fifo;
	unsigned int cpu = other_cpu();

	rr.spin = 250 * MS;
	run_rt_pair(&rr, SCHED_RR, cpu);
	KT_ASSERT(rr.t[0] != NULL && rr.t[1] != NULL);
	KT_ASSERT_EQ(kthread_join(rr.t[0]), 0);
	KT_ASSERT_EQ(kthread_join(rr.t[1]), 0);
	/* Whoever finished first saw the other get a full slice. */
	KT_ASSERT(min(rr.other_at_end[0], rr.other_at_end[1]) >= 90 * MS);

	fifo.spin = 40 * MS;
	run_rt_pair(&fifo, SCHED_FIFO, cpu);
	KT_ASSERT(fifo.t[0] != NULL && fifo.t[1] != NULL);
	KT_ASSERT_EQ(kthread_join(fifo.t[0]), 0);
	KT_ASSERT_EQ(kthread_join(fifo.t[1]), 0);
	KT_ASSERT_EQ(min(fifo.other_at_end[0], fifo.other_at_end[1]), 0);
}

/* Idle CPUs pull queued work: N hogs on one CPU spread over all CPUs. */
KTEST(sched_balance_spreads_queued_tasks)
{
	struct task *t[8];
	unsigned int n = nr_cpus > 4 ? 8 : 2 * nr_cpus, seen = 0;
	u64 mask = 0, t0 = ktime_get_ns();

	if (nr_cpus < 2)
		return;		/* nothing to balance */
	WRITE_ONCE(spin_stop, false);
	for (unsigned int i = 0; i < n; i++) {
		t[i] = kthread_create(spin_until_stopped, NULL, "kt-spread");
		KT_ASSERT(t[i] != NULL);
		t[i]->cpu = 0;	/* all start on CPU 0, unbound */
		wake_up_process(t[i]);
	}
	/* Every CPU should get some of them within a few ticks. */
	while (ktime_get_ns() - t0 < 5 * NSEC_PER_SEC) {
		mask = 0;
		for (unsigned int i = 0; i < n; i++)
			mask |= 1ULL << READ_ONCE(t[i]->cpu);
		if (bits_set(mask) == num_online_cpus())
			break;
		msleep(10);
	}
	seen = bits_set(mask);
	WRITE_ONCE(spin_stop, true);
	for (unsigned int i = 0; i < n; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), 0);
	KT_ASSERT_EQ(seen, num_online_cpus());
}

/* Affinity holds against the balancer: a task pinned to CPU 0 stays. */
KTEST(sched_balance_respects_affinity)
{
	struct task *t[4];
	bool moved = false;

	if (nr_cpus < 2)
		return;
	WRITE_ONCE(spin_stop, false);
	for (int i = 0; i < 4; i++) {
		t[i] = kthread_create(spin_until_stopped, NULL, "kt-pinned");
		KT_ASSERT(t[i] != NULL);
		t[i]->cpu = 0;
		sched_set_cpus_allowed(t[i], 1);
		wake_up_process(t[i]);
	}
	for (int n = 0; n < 20; n++) {
		msleep(10);
		for (int i = 0; i < 4; i++)
			moved |= READ_ONCE(t[i]->cpu) != 0;
	}
	WRITE_ONCE(spin_stop, true);
	for (int i = 0; i < 4; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), 0);
	KT_ASSERT(!moved);
}

/* Run time is accounted: a spinning thread's grows, a sleeping one's not. */
static int sleep_a_while(void *arg)
{
	(void)arg;
	msleep(100);
	return 0;
}

KTEST(sched_cpu_time_is_accounted)
{
	struct task *spin, *sleeper;
	u64 t0 = ktime_get_ns(), rs, rz;
	struct cpu_times ct;

	WRITE_ONCE(spin_stop, false);
	spin = start_on(spin_until_stopped, NULL, other_cpu(), SCHED_NORMAL,
			0, 0);
	sleeper = kthread_run(sleep_a_while, NULL, "kt-sleeper");
	KT_ASSERT(spin != NULL && sleeper != NULL);
	while (runtime_of(spin) < 50 * MS &&
	       ktime_get_ns() - t0 < 20 * NSEC_PER_SEC)
		msleep(10);
	task_cpu_times(spin, &ct);
	rs = ct.rtime;
	rz = runtime_of(sleeper);
	WRITE_ONCE(spin_stop, true);
	KT_ASSERT_EQ(kthread_join(spin), 0);
	KT_ASSERT_EQ(kthread_join(sleeper), 0);
	KT_ASSERT(rs >= 50 * MS);
	/* Kernel code only: every tick found it in kernel mode. */
	KT_ASSERT_EQ(ct.stime, ct.rtime);
	KT_ASSERT_EQ(ct.utime, 0);
	/* Ran (it is not zero) but only briefly around its sleep. */
	KT_ASSERT(rz > 0 && rz < 20 * MS);
}
