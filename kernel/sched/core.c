// SPDX-License-Identifier: MIT
/*
 * The scheduler core: per-CPU run queues, schedule(), wake-up, the tick
 * and migration.  Policy lives in the classes: rt.c (SCHED_FIFO/RR),
 * fair.c (EEVDF for SCHED_OTHER/BATCH/IDLE); a CPU runs its highest
 * queued RT task, else the fair pick, else its idle task.  balance.c
 * moves queued tasks between CPUs.  See docs/scheduler.md.
 *
 * Locking: rq->lock (LOCK_LEVEL_RUNQUEUE) guards the queue and, for each
 * task on that CPU, state/on_rq/cpu and the scheduling fields.  A task's
 * CPU changes only with that CPU's lock held, so task_rq_lock() retries
 * until the lock it took is the task's.  Two run queues are locked in
 * CPU order, the second with spin_lock_nested.  The lock taken in
 * schedule() by the outgoing task is released by the incoming one
 * (finish_switch), so nobody sees the outgoing task half switched.
 */
#include <umka/sched.h>
#include <umka/spinlock.h>
#include <umka/percpu.h>
#include <umka/irqflags.h>
#include <umka/preempt.h>
#include <umka/panic.h>
#include <umka/printk.h>
#include <umka/string.h>
#include <umka/smp.h>
#include <umka/irq.h>
#include <umka/arch_smp.h>
#include <umka/arch.h>
#include <umka/kprintf.h>
#include <umka/time.h>
#include <asm/process.h>
#include <umka/page.h>
#include <umka/proc.h>
#include "sched.h"

static DEFINE_PER_CPU(struct rq, runqueue);
static struct task boot_idle_task;
static bool running;

struct rq *cpu_rq(unsigned int cpu)
{
	return per_cpu_ptr(runqueue, cpu);
}

static struct rq *this_rq(void)
{
	return this_cpu_ptr(runqueue);
}

bool sched_running(void)
{
	return running;
}

struct rq *task_rq_lock(struct task *t)
{
	for (;;) {
		int cpu = READ_ONCE(t->cpu);
		struct rq *rq = cpu_rq((unsigned int)cpu);

		spin_lock(&rq->lock);
		if (READ_ONCE(t->cpu) == cpu)
			return rq;
		spin_unlock(&rq->lock);	/* it moved meanwhile: retry */
	}
}

static void rq_init(struct rq *rq, struct task *idle, unsigned int cpu)
{
	spin_lock_init(&rq->lock, "runqueue", LOCK_LEVEL_RUNQUEUE);
	rt_rq_init(&rq->rt);
	fair_rq_init(&rq->fair);
	rq->cpu = cpu;
	rq->curr = idle;
	rq->idle = idle;
}

/* Scheduling state of a fresh task: SCHED_NORMAL, nice 0. */
void sched_task_init(struct task *t)
{
	t->policy = SCHED_NORMAL;
	t->nice = 0;
	t->weight = sched_nice_to_weight(0);
	t->slice = SCHED_BASE_SLICE_NS;
	RB_CLEAR_NODE(&t->run_node);
	list_init(&t->run_list);
}

bool task_allowed_on(const struct task *t, unsigned int cpu)
{
	if (t->bound_cpu != CPU_ANY && t->bound_cpu != (int)cpu)
		return false;
	if (t->migrate_to)
		return false;	/* already on its way somewhere */
	return !t->cpus_allowed ||
	       (cpu < 64 && (t->cpus_allowed & (1ULL << cpu)));
}

void enqueue_task(struct rq *rq, struct task *t, int flags)
{
	if (task_is_rt(t))
		rt_enqueue(&rq->rt, t, flags & ENQ_HEAD);
	else
		fair_enqueue(&rq->fair, t, flags);
	t->on_rq = true;
	rq->nr_running++;
}

/* Take a queued (not running) task off @rq. */
void dequeue_task(struct rq *rq, struct task *t)
{
	if (task_is_rt(t))
		rt_dequeue(&rq->rt, t);
	else
		fair_dequeue(&rq->fair, t);
	t->on_rq = false;
	rq->nr_running--;
}

static struct task *pick_next(struct rq *rq)
{
	struct task *t = rt_pick(&rq->rt);

	if (t) {
		rt_dequeue(&rq->rt, t);
	} else if (rq->fair.nr) {
		t = fair_pick(&rq->fair);
		fair_set_curr(&rq->fair, t);
	} else {
		return rq->idle;
	}
	t->on_rq = false;
	rq->nr_running--;
	return t;
}

/* The running task stays runnable: back on the queue. */
static void put_prev(struct rq *rq, struct task *t)
{
	if (task_is_rt(t)) {
		rt_enqueue(&rq->rt, t, !t->rt_requeue_tail);
		t->rt_requeue_tail = false;
	} else {
		fair_put_curr(&rq->fair, t);
	}
	t->on_rq = true;
	rq->nr_running++;
}

/* The running task leaves the queue (sleep, exit, migration). */
static void put_prev_off(struct rq *rq, struct task *t)
{
	if (rq->fair.curr == t)
		fair_put_curr_off(&rq->fair, t);
	t->rt_requeue_tail = false;
}

/* Charge the running task; true if its fair slice ran out. */
static bool charge_curr(struct rq *rq, u64 now)
{
	struct task *t = rq->curr;
	u64 delta;

	if (t->is_idle)
		return false;
	delta = now - t->exec_start;
	if ((s64)delta <= 0)
		return false;
	t->exec_start = now;
	t->sum_exec_runtime += delta;
	if (rq->fair.curr == t)
		return fair_charge(&rq->fair, t, delta);
	return false;
}

bool check_preempt(struct rq *rq, struct task *t)
{
	struct task *curr = rq->curr;

	if (curr->is_idle)
		return true;
	if (task_is_rt(t))
		return !task_is_rt(curr) || t->rt_priority > curr->rt_priority;
	if (rq->fair.curr != curr)
		return false;
	/* Charge first: its slice may be over already. */
	return charge_curr(rq, ktime_get_ns()) ||
	       fair_wakeup_preempts(&rq->fair, curr, t);
}

/* Put @t, which runs nowhere now, on the run queue of its target CPU. */
static void move_task(struct task *t)
{
	unsigned int cpu = (unsigned int)t->migrate_to - 1;
	struct rq *trq = cpu_rq(cpu);
	bool kick;

	spin_lock(&trq->lock);
	t->migrate_to = 0;
	t->cpu = (int)cpu;
	enqueue_task(trq, t, ENQ_MIGRATED);
	kick = check_preempt(trq, t);
	spin_unlock(&trq->lock);
	if (kick)
		resched_cpu(cpu);
}

/*
 * Runs in the incoming task with rq->lock held by the outgoing one, both
 * after switch_to() returns and at the start of a new thread.
 */
void finish_switch(struct rq *rq)
{
	struct task *prev = rq->prev_dead, *mig = rq->prev_migrate;

	lockdep_acquire(&rq->lock, rq->lock.name, rq->lock.level, LOCK_SITE);
	rq->prev_dead = NULL;
	rq->prev_migrate = NULL;
	spin_unlock(&rq->lock);
	if (mig)
		move_task(mig);
	if (!prev)
		return;
	if (prev->autoreap) {
		task_unregister(prev);
		task_free(prev);
	} else {
		task_free_stack(prev);
	}
}

/*
 * Needs interrupts off.  Returns when current is scheduled again.  A
 * preempted task stays runnable whatever state it has set: it may be
 * between set_current_state() and schedule(), with its wake-up already
 * done (on another CPU), and would otherwise sleep forever.
 */
static void __schedule(bool preempt)
{
	struct rq *rq = this_rq();
	struct task *prev = rq->curr, *next;
	bool sleeps = false;
	u64 now;

	spin_lock(&rq->lock);
	rq->nr_switches_seen++;		/* an RCU quiescent state */
	now = ktime_get_ns();
	if (!prev->is_idle) {
		charge_curr(rq, now);
		if (prev->state == TASK_DEAD) {
			put_prev_off(rq, prev);
		} else if (prev->state == TASK_RUNNING || preempt) {
			if (prev->migrate_to) {
				put_prev_off(rq, prev);
				rq->prev_migrate = prev; /* finish_switch moves it */
			} else {
				put_prev(rq, prev);
			}
		} else {
			put_prev_off(rq, prev);
			sleeps = true;
		}
	}
	next = pick_next(rq);
	cpu_local()->need_resched = false;
	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	if (sleeps)
		prev->nvcsw++;
	else if (!prev->is_idle)
		prev->nivcsw++;
	next->exec_start = now;
	next->cpu = (int)smp_processor_id();
	next->nr_switches++;
	rq->curr = next;
	rq->nr_switches++;
	if (prev->state == TASK_DEAD)
		rq->prev_dead = prev;
	/* The lock is handed to next; it is released in finish_switch(). */
	lockdep_release(&rq->lock);
	arch_switch_to(prev, next);
	finish_switch(this_rq());
}

void schedule(void)
{
	unsigned long flags;

	if (!running)
		return;
	if (preempt_count())
		panic("schedule() called in atomic context (preempt count %d)",
		      preempt_count());
	flags = local_irq_save();
	__schedule(false);
	local_irq_restore(flags);
}

/* From preempt_enable(): like schedule(), but current stays runnable. */
void schedule_preempt(void)
{
	unsigned long flags = local_irq_save();

	__schedule(true);
	local_irq_restore(flags);
}

void schedule_from_irq(void)
{
	/* Interrupts are off here and stay off until iretq. */
	__schedule(true);
}

/*
 * sched_yield: an RT task goes to the end of its priority's list; a fair
 * task makes a new, later request, so that eligible tasks with earlier
 * deadlines run first.
 */
void yield(void)
{
	unsigned long flags;
	struct rq *rq;
	struct task *t;

	if (!running)
		return;
	flags = local_irq_save();
	rq = this_rq();
	spin_lock(&rq->lock);
	t = rq->curr;
	if (!t->is_idle) {
		charge_curr(rq, ktime_get_ns());
		if (task_is_rt(t))
			t->rt_requeue_tail = true;
		else if (rq->fair.curr == t)
			fair_yield(&rq->fair, t);
	}
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	schedule();
}

void set_current_state(int state)
{
	__atomic_store_n(&current->state, state, __ATOMIC_SEQ_CST);
}

/*
 * Callers send this after dropping the run-queue lock: the kicked CPU's
 * first act is to take it in schedule(), and sending an IPI can be slow
 * (under TCG it waits for QEMU's global lock, which a CPU spinning on
 * the run-queue lock with an interrupt pending keeps taking).
 */
void resched_cpu(unsigned int cpu)
{
	if (cpu == smp_processor_id())
		cpu_local()->need_resched = true;
	else
		arch_send_ipi(cpu, IRQ_VECTOR_IPI_RESCHED);
}

/*
 * Make @t runnable.  Returns false if it already was.  A task that is
 * still on its CPU (it set its state but has not switched out yet) only
 * needs its state reset: schedule() will then keep it.
 */
bool wake_up_process(struct task *t)
{
	struct rq *rq;
	unsigned long flags;
	bool woke = false, kick = false;

	flags = local_irq_save();
	rq = task_rq_lock(t);
	if (t->state != TASK_RUNNING && t->state != TASK_DEAD) {
		t->state = TASK_RUNNING;
		woke = true;
		if (rq->curr != t && !t->on_rq) {
			enqueue_task(rq, t, ENQ_WAKEUP);
			kick = check_preempt(rq, t);
		}
	}
	spin_unlock(&rq->lock);
	if (kick)
		resched_cpu(rq->cpu);
	local_irq_restore(flags);
	return woke;
}

void sched_tick(void)
{
	struct rq *rq = this_rq();
	struct task *t = rq->curr;
	struct cpu_local *c = cpu_local();

	/* The tick starts in arch_platform_init(), before sched_init(). */
	if (!t)
		return;
	spin_lock(&rq->lock);
	rq->ticks++;
	t = rq->curr;
	if (t->is_idle) {
		rq->cpu_ticks[2]++;
		if (rq->nr_running)
			c->need_resched = true;
	} else {
		bool expired = charge_curr(rq, ktime_get_ns());

		if (c->irq_user) {
			t->utime_ticks++;
			rq->cpu_ticks[0]++;
		} else {
			t->stime_ticks++;
			rq->cpu_ticks[1]++;
		}
		if (task_is_rt(t)) {
			if (rt_tick(rq, t))
				c->need_resched = true;
		} else if (rq->rt.nr || (expired && rq->fair.nr)) {
			c->need_resched = true;
		}
	}
	spin_unlock(&rq->lock);
	if (!t->is_idle)
		itimer_cpu_tick(t, c->irq_user);
	sched_balance_tick(rq);
}

static void resched_ipi(unsigned vector, void *data)
{
	cpu_local()->need_resched = true;
}

u64 sched_nr_switches(unsigned int cpu)
{
	return cpu_rq(cpu)->nr_switches;
}

unsigned int sched_nr_running(unsigned int cpu)
{
	return cpu_rq(cpu)->nr_running;
}

void sched_cpu_ticks(unsigned int cpu, u64 ticks[3])
{
	struct rq *rq = cpu_rq(cpu);

	for (int i = 0; i < 3; i++)
		ticks[i] = READ_ONCE(rq->cpu_ticks[i]);
}

/* A count that moves whenever the CPU passes through the scheduler. */
u64 sched_quiescent_count(unsigned int cpu)
{
	return __atomic_load_n(&cpu_rq(cpu)->nr_switches_seen,
			       __ATOMIC_ACQUIRE);
}

static void idle_task_setup(struct task *t, unsigned int cpu)
{
	t->is_idle = true;
	t->state = TASK_RUNNING;
	t->cpu = (int)cpu;
	t->bound_cpu = (int)cpu;
	snprintf(t->comm, sizeof(t->comm), "swapper/%u", cpu);
}

/* The boot context becomes CPU 0's idle task. */
void sched_init(void)
{
	extern char boot_stack_guard[];
	struct task *idle = &boot_idle_task;

	sched_task_init(idle);
	idle_task_setup(idle, 0);
	idle->stack = boot_stack_guard + PAGE_SIZE;
	idle->stack_top = (unsigned long)idle->stack + KERNEL_STACK_SIZE;
	/* Locks taken so far were tracked per CPU; none are held now. */
	rq_init(cpu_rq(0), idle, 0);
	cpu_local()->curr_task = idle;
	irq_register_vector(IRQ_VECTOR_IPI_RESCHED, resched_ipi, NULL,
			    "ipi-resched");
	running = true;
}

/*
 * On the boot CPU, before @cpu starts: the AP runs its bring-up code on
 * this task's stack, so the context it boots in simply is its idle task.
 */
struct task *sched_alloc_idle(unsigned int cpu)
{
	struct task *idle = task_alloc_idle(cpu);

	if (idle)
		idle_task_setup(idle, cpu);
	return idle;
}

/* Undo sched_alloc_idle() for a CPU that never came up. */
void sched_free_idle(struct task *idle)
{
	task_free(idle);
}

/* On the AP itself, running on @idle's stack. */
void sched_init_ap(unsigned int cpu, struct task *idle)
{
	rq_init(cpu_rq(cpu), idle, cpu);
	cpu_local()->curr_task = idle;
}

void cpu_idle_loop(void)
{
	struct rq *rq = this_rq();

	for (;;) {
		local_irq_disable();
		rq->nr_switches_seen++;
		if (cpu_local()->need_resched || READ_ONCE(rq->nr_running) ||
		    sched_balance_idle(rq)) {
			local_irq_enable();
			schedule();
		} else {
			arch_idle();	/* sti; hlt: no lost wake-up */
		}
	}
}

/*
 * Move @t to @cpu.  A sleeping task just changes its CPU; a queued one
 * moves between run queues; a running one is marked and kicked, and
 * finish_switch() moves it when it leaves its CPU.
 */
void sched_migrate(struct task *t, unsigned int cpu)
{
	unsigned long flags;
	struct rq *rq;

	if (!cpu_online(cpu))
		return;
	flags = local_irq_save();
	rq = task_rq_lock(t);
	if (rq->cpu == cpu) {
		spin_unlock(&rq->lock);
	} else if (rq->curr == t) {
		t->migrate_to = (int)cpu + 1;
		spin_unlock(&rq->lock);
		resched_cpu(rq->cpu);
	} else if (!t->on_rq) {
		t->cpu = (int)cpu;
		spin_unlock(&rq->lock);
	} else {
		dequeue_task(rq, t);
		t->migrate_to = (int)cpu + 1;
		spin_unlock(&rq->lock);
		move_task(t);
	}
	local_irq_restore(flags);
	if (t == current && t->migrate_to)
		schedule();
}

/* Under the run-queue lock, so the balancer sees the mask and the CPU
 * change together. */
void sched_set_cpus_allowed(struct task *t, u64 mask)
{
	unsigned long flags = local_irq_save();
	struct rq *rq = task_rq_lock(t);

	t->cpus_allowed = mask;
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
}

void sched_get_params(struct task *t, struct sched_params *p)
{
	unsigned long flags = local_irq_save();
	struct rq *rq = task_rq_lock(t);

	p->policy = t->policy;
	p->rt_priority = t->rt_priority;
	p->nice = t->nice;
	p->reset_on_fork = t->reset_on_fork;
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
}

/*
 * Fair to fair keeps the task where it is and only reweights it; any
 * change of class takes it off its queue (or its CPU's fair accounting,
 * if it is running) and puts it back in the new class.  Then the CPU
 * reschedules and the pick sorts out who runs.
 */
void sched_set_params(struct task *t, const struct sched_params *p)
{
	bool new_rt = p->policy == SCHED_FIFO || p->policy == SCHED_RR;
	unsigned int weight = sched_policy_weight(p->policy, p->nice);
	unsigned long flags = local_irq_save();
	struct rq *rq = task_rq_lock(t);
	bool on_cpu = rq->curr == t, queued = t->on_rq;

	if (on_cpu)
		charge_curr(rq, ktime_get_ns());
	if (!task_is_rt(t) && !new_rt) {
		fair_reweight(&rq->fair, t, weight);
		t->policy = p->policy;
		t->nice = p->nice;
		t->reset_on_fork = p->reset_on_fork;
	} else {
		if (queued)
			dequeue_task(rq, t);
		else if (on_cpu)
			put_prev_off(rq, t);
		t->policy = p->policy;
		t->rt_priority = new_rt ? p->rt_priority : 0;
		t->nice = p->nice;
		t->weight = weight;
		t->reset_on_fork = p->reset_on_fork;
		t->rr_slice_start = t->sum_exec_runtime;
		if (on_cpu && !new_rt) {
			/* Back among the fair tasks with the lag it left. */
			fair_enqueue(&rq->fair, t, ENQ_WAKEUP);
			fair_set_curr(&rq->fair, t);
		}
		if (queued)
			enqueue_task(rq, t, ENQ_WAKEUP);
	}
	spin_unlock(&rq->lock);
	if (on_cpu || queued)
		resched_cpu(rq->cpu);
	local_irq_restore(flags);
}

/* Called on a new task before anyone else can see it. */
void sched_fork(struct task *child, const struct task *parent)
{
	child->policy = parent->policy;
	child->rt_priority = parent->rt_priority;
	child->nice = parent->nice;
	if (parent->reset_on_fork) {
		/* SCHED_RESET_ON_FORK: back to normal, and no negative nice. */
		if (task_is_rt(child)) {
			child->policy = SCHED_NORMAL;
			child->rt_priority = 0;
		}
		if (child->nice < 0)
			child->nice = 0;
	}
	child->weight = sched_policy_weight(child->policy, child->nice);
	child->slice = parent->slice;
}

u64 sched_slice_ns(const struct task *t)
{
	if (t->policy == SCHED_FIFO)
		return 0;
	if (t->policy == SCHED_RR)
		return SCHED_RR_SLICE_NS;
	return t->slice;
}
