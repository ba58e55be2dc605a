// SPDX-License-Identifier: MIT
/*
 * The scheduler core: per-CPU run queues, schedule(), wake-up and the
 * tick.  Policy for now is round-robin with a fixed time slice; a task
 * runs on the CPU whose queue it is on and moves only when it is placed
 * there at wake-up (the load balancer comes with the scheduling classes).
 *
 * Locking: rq->lock (LOCK_LEVEL_RUNQUEUE) guards the queue and, for each
 * task on that CPU, state/on_rq/cpu.  The lock taken in schedule() by the
 * outgoing task is released by the incoming one (finish_switch).
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
#include <asm/process.h>
#include <umka/page.h>
#include <umka/proc.h>
#include "sched.h"

#define SLICE_TICKS 3	/* ~12 ms at HZ=250 */

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

static void rq_init(struct rq *rq, struct task *idle)
{
	spin_lock_init(&rq->lock, "runqueue", LOCK_LEVEL_RUNQUEUE);
	list_init(&rq->queue);
	rq->curr = idle;
	rq->idle = idle;
}

void enqueue_task(struct rq *rq, struct task *t)
{
	list_add_tail(&t->run_list, &rq->queue);
	t->on_rq = true;
	rq->nr_running++;
}

static struct task *pick_next(struct rq *rq)
{
	struct task *t;

	if (list_empty(&rq->queue))
		return rq->idle;
	t = list_first_entry(&rq->queue, struct task, run_list);
	list_del(&t->run_list);
	t->on_rq = false;
	rq->nr_running--;
	return t;
}

/*
 * Runs in the incoming task with rq->lock held by the outgoing one, both
 * after switch_to() returns and at the start of a new thread.
 */
static void kick_cpu(unsigned int cpu);

/* Put @t, which runs nowhere now, on the run queue of its target CPU. */
static void move_task(struct task *t)
{
	unsigned int cpu = (unsigned int)t->migrate_to - 1;
	struct rq *trq = cpu_rq(cpu);

	t->migrate_to = 0;
	spin_lock(&trq->lock);
	t->cpu = (int)cpu;
	enqueue_task(trq, t);
	spin_unlock(&trq->lock);
	kick_cpu(cpu);
}

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

	spin_lock(&rq->lock);
	cpu_local()->need_resched = false;
	rq->nr_switches_seen++;		/* an RCU quiescent state */
	if ((prev->state == TASK_RUNNING || preempt) && !prev->is_idle &&
	    !prev->on_rq && prev->state != TASK_DEAD) {
		if (prev->migrate_to)
			rq->prev_migrate = prev;	/* finish_switch moves it */
		else
			enqueue_task(rq, prev);
	}
	next = pick_next(rq);
	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	next->slice_ticks = SLICE_TICKS;
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

void yield(void)
{
	schedule();
}

void set_current_state(int state)
{
	__atomic_store_n(&current->state, state, __ATOMIC_SEQ_CST);
}

static void kick_cpu(unsigned int cpu)
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
	bool woke = false;
	int kick = -1;

	flags = local_irq_save();
	rq = cpu_rq(t->cpu);
	spin_lock(&rq->lock);
	if (t->state != TASK_RUNNING && t->state != TASK_DEAD) {
		t->state = TASK_RUNNING;
		woke = true;
		if (rq->curr != t && !t->on_rq) {
			enqueue_task(rq, t);
			if (rq->curr == rq->idle)
				kick = t->cpu;
		}
	}
	spin_unlock(&rq->lock);
	/*
	 * The IPI goes out after the unlock: the woken CPU's first act is
	 * to take this lock in schedule(), and sending an IPI can be slow
	 * (under TCG it waits for QEMU's global lock, which that CPU,
	 * spinning with an interrupt pending, keeps taking).
	 */
	if (kick >= 0)
		kick_cpu((unsigned int)kick);
	local_irq_restore(flags);
	return woke;
}

void sched_tick(void)
{
	struct rq *rq = this_rq();
	struct task *t = rq->curr;

	/* The tick starts in arch_platform_init(), before sched_init(). */
	if (!t)
		return;
	rq->ticks++;
	if (t->is_idle) {
		if (rq->nr_running)
			cpu_local()->need_resched = true;
		return;
	}
	if (t->slice_ticks && --t->slice_ticks == 0 && rq->nr_running)
		cpu_local()->need_resched = true;
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

	idle_task_setup(idle, 0);
	idle->stack = boot_stack_guard + PAGE_SIZE;
	idle->stack_top = (unsigned long)idle->stack + KERNEL_STACK_SIZE;
	/* Locks taken so far were tracked per CPU; none are held now. */
	rq_init(cpu_rq(0), idle);
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
	rq_init(cpu_rq(cpu), idle);
	cpu_local()->curr_task = idle;
}

void cpu_idle_loop(void)
{
	for (;;) {
		local_irq_disable();
		this_rq()->nr_switches_seen++;
		if (cpu_local()->need_resched || this_rq()->nr_running) {
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
	int from;

	if (!cpu_online(cpu))
		return;
	flags = local_irq_save();
	for (;;) {
		from = READ_ONCE(t->cpu);
		rq = cpu_rq(from);
		spin_lock(&rq->lock);
		if (t->cpu == from)
			break;
		spin_unlock(&rq->lock);	/* it moved meanwhile: retry */
	}
	if ((unsigned int)from == cpu) {
		spin_unlock(&rq->lock);
	} else if (rq->curr == t) {
		t->migrate_to = (int)cpu + 1;
		spin_unlock(&rq->lock);
		kick_cpu((unsigned int)from);
	} else if (!t->on_rq) {
		t->cpu = (int)cpu;
		spin_unlock(&rq->lock);
	} else {
		list_del(&t->run_list);
		t->on_rq = false;
		rq->nr_running--;
		t->migrate_to = (int)cpu + 1;
		spin_unlock(&rq->lock);
		move_task(t);
	}
	local_irq_restore(flags);
	if (t == current && t->migrate_to)
		schedule();
}
