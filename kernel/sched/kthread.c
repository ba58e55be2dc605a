// SPDX-License-Identifier: MIT
/*
 * Kernel threads.  Each has a 16 KiB stack from vmalloc, which puts an
 * unmapped guard page under it.  A thread's stack is freed by the next
 * task on its CPU (it cannot free the stack it runs on); the struct task
 * itself lives until kthread_join().
 */
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/vmalloc.h>
#include <umka/completion.h>
#include <umka/irqflags.h>
#include <umka/string.h>
#include <umka/panic.h>
#include <umka/smp.h>
#include <asm/process.h>
#include "sched.h"

static u32 next_tid = 2;	/* 1 is init's */
static unsigned int next_cpu;

static unsigned int place_task(void)
{
	unsigned int n = num_online_cpus(), cpu;

	/* Round-robin over the online CPUs (they are numbered densely). */
	cpu = __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED) % n;
	return cpu;
}

static struct task *task_alloc(const char *name)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->stack = vmalloc(KERNEL_STACK_SIZE);
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	t->stack_top = (unsigned long)t->stack + KERNEL_STACK_SIZE;
	t->tid = __atomic_fetch_add(&next_tid, 1, __ATOMIC_RELAXED);
	strlcpy(t->comm, name, sizeof(t->comm));
	t->bound_cpu = CPU_ANY;
	return t;
}

/* NULL when out of memory: the CPU then stays offline. */
struct task *task_alloc_idle(unsigned int cpu)
{
	return task_alloc("swapper");
}

void task_free_stack(struct task *t)
{
	vfree(t->stack);
	t->stack = NULL;
}

void task_free_idle(struct task *t)
{
	task_free_stack(t);
	kfree(t);
}

/* Where a new thread starts (from thread_start in switch.S). */
void kthread_entry(struct task *t);
void kthread_entry(struct task *t)
{
	/* We arrive holding the run-queue lock, as after any switch. */
	finish_switch(cpu_rq(smp_processor_id()));
	local_irq_enable();
	kthread_exit(t->fn(t->arg));
}

struct task *kthread_create(int (*fn)(void *), void *arg, const char *name)
{
	struct task *t = task_alloc(name);

	if (!t)
		return NULL;
	t->exited = kmalloc(sizeof(*t->exited));
	if (!t->exited) {
		task_free_stack(t);
		kfree(t);
		return NULL;
	}
	init_completion(t->exited);
	t->fn = fn;
	t->arg = arg;
	t->state = TASK_UNINTERRUPTIBLE;	/* until woken */
	t->cpu = (int)place_task();
	arch_task_init_stack(t);
	return t;
}

/* Only before the first wake-up. */
void kthread_bind(struct task *t, unsigned int cpu)
{
	t->cpu = (int)cpu;
	t->bound_cpu = (int)cpu;
}

struct task *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	struct task *t = kthread_create(fn, arg, name);

	if (t)
		wake_up_process(t);
	return t;
}

void kthread_exit(int code)
{
	struct task *me = current;

	if (me->lockdep.depth)
		panic("%s exits holding %d locks", me->comm, me->lockdep.depth);
	me->exit_code = code;
	local_irq_disable();
	me->state = TASK_DEAD;
	complete_all(me->exited);
	schedule();
	panic("dead task %s ran again", me->comm);
}

int kthread_join(struct task *t)
{
	int code;

	wait_for_completion(t->exited);
	/* Wait until its CPU has switched away and freed the stack. */
	while (__atomic_load_n(&t->stack, __ATOMIC_ACQUIRE))
		yield();
	code = t->exit_code;
	kfree(t->exited);
	kfree(t);
	return code;
}
