// SPDX-License-Identifier: MIT
/* Self-tests for kernel threads, wait queues and completions. */
#include <umka/ktest.h>
#include <umka/sched.h>
#include <umka/wait.h>
#include <umka/completion.h>
#include <umka/smp.h>

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
