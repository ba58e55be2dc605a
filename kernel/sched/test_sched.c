// SPDX-License-Identifier: MIT
/* Self-tests for kernel threads, wait queues and completions. */
#include <umka/ktest.h>
#include <umka/sched.h>
#include <umka/wait.h>
#include <umka/completion.h>
#include <umka/smp.h>
#include <umka/time.h>

static int return_arg(void *arg)
{
	return (int)(long)arg;
}

KTEST(kthread_run_and_join)
{
	struct task *t[8];

	for (long i = 0; i < 8; i++) {
		t[i] = kthread_run(return_arg, (void *)(i + 40), "kt-ret");
		KT_ASSERT(t[i] != NULL);
	}
	for (long i = 0; i < 8; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), i + 40);
}

#define STACK_MARK 0x5ac4ca4e57ac4ca4ULL

struct stack_note {
	void *stack;
	bool marked;
};

/* Marks the lowest word of its stack, far below any frame. */
static int note_stack(void *arg)
{
	struct stack_note *n = arg;
	u64 *low = current->stack;

	n->stack = low;
	n->marked = *low == STACK_MARK;
	*low = STACK_MARK;
	return 0;
}

/*
 * A joined thread's stack goes to the next new thread still mapped and
 * untouched: an exit does not unmap it (which costs a TLB shootdown).
 * Another CPU may take it first, so a few tries are allowed.
 */
KTEST(kthread_stack_reused_after_join)
{
	bool reused = false;

	for (int i = 0; i < 5 && !reused; i++) {
		struct stack_note a = { 0 }, b = { 0 };
		struct task *t = kthread_run(note_stack, &a, "kt-stack");

		KT_ASSERT(t != NULL);
		KT_ASSERT_EQ(kthread_join(t), 0);
		t = kthread_run(note_stack, &b, "kt-stack");
		KT_ASSERT(t != NULL);
		KT_ASSERT_EQ(kthread_join(t), 0);
		KT_ASSERT(a.stack != NULL && b.stack != NULL);
		reused = b.stack == a.stack && b.marked;
	}
	KT_ASSERT(reused);
}

static struct wait_queue_head test_wq;
static int wq_flag;

static int wq_sleeper(void *arg)
{
	(void)arg;
	wait_event(test_wq, READ_ONCE(wq_flag) != 0);
	return READ_ONCE(wq_flag);
}

KTEST(waitqueue_sleep_and_wake)
{
	struct task *t;

	init_waitqueue_head(&test_wq);
	wq_flag = 0;
	t = kthread_run(wq_sleeper, NULL, "kt-wq");
	KT_ASSERT(t != NULL);
	/* Let it go to sleep (it may run on another CPU): off the queue. */
	for (int i = 0; i < 1000 && !waitqueue_active(&test_wq); i++)
		msleep(1);
	KT_ASSERT(waitqueue_active(&test_wq));
	KT_ASSERT(READ_ONCE(t->state) == TASK_UNINTERRUPTIBLE);
	WRITE_ONCE(wq_flag, 7);
	wake_up(&test_wq);
	KT_ASSERT_EQ(kthread_join(t), 7);
}

struct pingpong {
	struct completion ping, pong;
	int rounds;
};

static int ponger(void *arg)
{
	struct pingpong *pp = arg;

	for (int i = 0; i < pp->rounds; i++) {
		wait_for_completion(&pp->ping);
		complete(&pp->pong);
	}
	return 0;
}

KTEST(completion_ping_pong)
{
	static struct pingpong pp;
	struct task *t;
	u64 before = 0, after = 0;

	init_completion(&pp.ping);
	init_completion(&pp.pong);
	pp.rounds = 200;
	for (unsigned int c = 0; c < nr_cpus; c++)
		before += sched_nr_switches(c);
	t = kthread_run(ponger, &pp, "kt-pong");
	KT_ASSERT(t != NULL);
	for (int i = 0; i < pp.rounds; i++) {
		complete(&pp.ping);
		wait_for_completion(&pp.pong);
	}
	KT_ASSERT_EQ(kthread_join(t), 0);
	for (unsigned int c = 0; c < nr_cpus; c++)
		after += sched_nr_switches(c);
	/* Each round that sleeps costs switches; expect a good number. */
	KT_ASSERT(after - before >= (u64)pp.rounds / 2);
}

static int wait_go(void *arg)
{
	wait_for_completion(arg);
	return 1;
}

KTEST(completion_all_releases_everyone)
{
	static struct completion go;
	struct task *t[4];

	init_completion(&go);
	for (int i = 0; i < 4; i++) {
		t[i] = kthread_run(wait_go, &go, "kt-all");
		KT_ASSERT(t[i] != NULL);
	}
	complete_all(&go);
	for (int i = 0; i < 4; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), 1);
	KT_ASSERT(completion_done(&go));
}

KTEST(sleep_lasts_at_least_requested)
{
	u64 t0 = ktime_get_ns(), t1;

	msleep(20);
	t1 = ktime_get_ns();
	KT_ASSERT(t1 - t0 >= 20 * NSEC_PER_MSEC);
	/* Not asserted as a timing bound: only that it came back at all. */
	KT_ASSERT(t1 - t0 < 10 * NSEC_PER_SEC);
}

KTEST(completion_timeout_expires_and_succeeds)
{
	static struct completion c;
	u64 t0;

	init_completion(&c);
	t0 = ktime_get_ns();
	KT_ASSERT(!wait_for_completion_timeout(&c, 10 * NSEC_PER_MSEC));
	KT_ASSERT(ktime_get_ns() - t0 >= 10 * NSEC_PER_MSEC);
	complete(&c);
	KT_ASSERT(wait_for_completion_timeout(&c, 10 * NSEC_PER_MSEC));
}

static volatile bool spin_stop;

static int cpu_hog(void *arg)
{
	u64 *progress = arg;

	/* Never yields: only the timer tick can take the CPU away. */
	while (!READ_ONCE(spin_stop))
		__atomic_fetch_add(progress, 1, __ATOMIC_RELAXED);
	return 0;
}

KTEST(preemption_shares_one_cpu)
{
	static u64 progress[2];
	struct task *t[2];
	u64 seen[2];

	spin_stop = false;
	progress[0] = progress[1] = 0;
	/* Two hogs on this CPU, and we sleep: all three must get time. */
	for (int i = 0; i < 2; i++) {
		t[i] = kthread_create(cpu_hog, &progress[i], "kt-hog");
		KT_ASSERT(t[i] != NULL);
		kthread_bind(t[i], smp_processor_id());
		wake_up_process(t[i]);
	}
	msleep(100);
	seen[0] = READ_ONCE(progress[0]);
	seen[1] = READ_ONCE(progress[1]);
	WRITE_ONCE(spin_stop, true);
	for (int i = 0; i < 2; i++)
		KT_ASSERT_EQ(kthread_join(t[i]), 0);
	KT_ASSERT(seen[0] > 0);
	KT_ASSERT(seen[1] > 0);
}
