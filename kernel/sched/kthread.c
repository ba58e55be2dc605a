// SPDX-License-Identifier: MIT
/*
 * Kernel threads.  Each has a 16 KiB stack from vmalloc, which puts an
 * unmapped guard page under it.  A thread's stack is freed by the next
 * task on its CPU (it cannot free the stack it runs on); the struct task
 * itself lives until kthread_join().
 *
 * A few freed stacks stay mapped for the next tasks.  Unmapping one
 * needs a TLB shootdown, a synchronous IPI to every other CPU, and that
 * on every exit is what made fork+exit+wait slow: the exiting CPU waits
 * for the others, idle ones included, to wake up and answer.
 */
#include <umka/sched.h>
#include <umka/signal.h>
#include <umka/slab.h>
#include <umka/vmalloc.h>
#include <umka/completion.h>
#include <umka/wait.h>
#include <umka/irqflags.h>
#include <umka/string.h>
#include <umka/panic.h>
#include <umka/smp.h>
#include <asm/process.h>
#include <umka/proc.h>
#include "sched.h"

static unsigned int next_cpu;

#define STACK_CACHE_MAX 8
static DEFINE_SPINLOCK(stack_cache_lock, LOCK_LEVEL_STACK_CACHE);
static void *stack_cache[STACK_CACHE_MAX];
static unsigned int stack_cache_n;

static void *stack_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&stack_cache_lock);
	void *s = stack_cache_n ? stack_cache[--stack_cache_n] : NULL;

	spin_unlock_irqrestore(&stack_cache_lock, flags);
	return s ? s : vmalloc(KERNEL_STACK_SIZE);
}

/* Keeps @s mapped for reuse, or unmaps it when the cache is full. */
static void stack_release(void *s)
{
	unsigned long flags = spin_lock_irqsave(&stack_cache_lock);
	bool kept = stack_cache_n < STACK_CACHE_MAX;

	if (kept)
		stack_cache[stack_cache_n++] = s;
	spin_unlock_irqrestore(&stack_cache_lock, flags);
	if (!kept)
		vfree(s);
}

static unsigned int place_task(void)
{
	unsigned int n = num_online_cpus(), cpu;

	/* Round-robin over the online CPUs (they are numbered densely). */
	cpu = __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED) % n;
	return cpu;
}

/* A task with a stack and nothing else; not yet visible anywhere. */
struct task *task_create_blank(const char *name)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->stack = stack_alloc();
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	t->stack_top = (unsigned long)t->stack + KERNEL_STACK_SIZE;
	strlcpy(t->comm, name, sizeof(t->comm));
	t->bound_cpu = CPU_ANY;
	sched_task_init(t);
	t->state = TASK_UNINTERRUPTIBLE;	/* until woken */
	t->cpu = (int)place_task();
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->all_tasks);
	/* Any task may become a parent (kernel_init starts init). */
	t->child_wait = kmalloc(sizeof(*t->child_wait));
	if (!t->child_wait) {
		task_free(t);
		return NULL;
	}
	init_waitqueue_head(t->child_wait);
	return t;
}

/* Undo task_create_blank (never-run tasks and reaped ones). */
void task_free(struct task *t)
{
	if (t->stack)
		task_free_stack(t);
	signal_task_free(t);
	groups_put(t->cred.groups);
	kfree(t->exited);
	kfree(t->child_wait);
	kfree(t->fpu);
	kfree(t);
}

/* NULL when out of memory: the CPU then stays offline. */
struct task *task_alloc_idle(unsigned int cpu)
{
	return task_create_blank("swapper");
}

void task_free_stack(struct task *t)
{
	void *s = t->stack;

	/* Cleared first: kthread_join() and wait4 wait for it. */
	__atomic_store_n(&t->stack, NULL, __ATOMIC_RELEASE);
	stack_release(s);
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
	struct task *t = task_create_blank(name);
	unsigned long flags;

	if (!t)
		return NULL;
	t->exited = kmalloc(sizeof(*t->exited));
	if (!t->exited) {
		task_free(t);
		return NULL;
	}
	init_completion(t->exited);
	t->fn = fn;
	t->arg = arg;
	t->pid = t->tgid = pid_alloc();
	arch_task_init_stack(t);
	flags = spin_lock_irqsave(&tasklist_lock);
	task_register(t, NULL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
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
	task_unregister(t);
	task_free(t);
	return code;
}
