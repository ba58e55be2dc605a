// SPDX-License-Identifier: MIT
/*
 * RCU with readers on other CPUs: objects a reader can see stay alive
 * until a grace period has passed, and synchronize_rcu() waits for a
 * reader that is inside its section.
 */
#include <umka/ktest.h>
#include <umka/percpu.h>
#include <umka/processor.h>
#include <umka/rcu.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/time.h>

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
