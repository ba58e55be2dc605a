// SPDX-License-Identifier: MIT
/*
 * Deliberate crashes, for the system tests that check fault reports and
 * panic= handling (in the spirit of Linux's lkdtm).  Selected with
 * umka.crash=<kind> on the command line; runs once boot is complete.
 */
#include <umka/crash.h>
#include <umka/printk.h>
#include <umka/panic.h>
#include <umka/string.h>
#include <umka/irqflags.h>
#include <umka/percpu.h>
#include <umka/processor.h>
#include <umka/sched.h>
#include <umka/spinlock.h>

/* Bounded only by a depth no stack can hold, so the compiler allows it. */
static __noinline int recurse(int depth)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	if (depth > 1000000)
		return pad[0];
	return recurse(depth + 1) + pad[0];
}

static void crash_page_fault(void)
{
	volatile u64 *p = (u64 *)0xdead000;

	*p = 1;
}

static void crash_null_call(void)
{
	void (*volatile fn)(void) = NULL;

	fn();
}

static void crash_stack_overflow(void)
{
	recurse(0);
}

static void crash_bug(void)
{
	volatile int x = 1;

	BUG_ON(x == 1);
}

static int bug_thread(void *arg)
{
	crash_bug();
	return 0;
}

/*
 * A BUG on another CPU while this one spins with interrupts off, as if
 * stuck on a lock: the panic must still stop us (only an NMI can) and
 * finish its report.  With one CPU the BUG simply happens here.
 */
static void crash_bug_other_cpu(void)
{
	unsigned int me = smp_processor_id();
	unsigned int target = (me + 1) % nr_cpus;
	struct task *t = kthread_create(bug_thread, NULL, "crash-bug");

	if (!t)
		return;
	kthread_bind(t, target);
	if (target == me) {
		wake_up_process(t);
		kthread_join(t);
		return;
	}
	/* Before the wake-up, so the panic cannot cut this line short. */
	pr_emerg("crash: CPU %u spins with interrupts off, BUG on CPU %u\n",
		 me, target);
	wake_up_process(t);
	local_irq_disable();
	for (;;)
		cpu_relax();
}

static void crash_lock_inversion(void)
{
	static DEFINE_SPINLOCK(crash_outer, LOCK_LEVEL_TEST_OUTER);
	static DEFINE_SPINLOCK(crash_inner, LOCK_LEVEL_TEST_INNER);
	unsigned long flags = spin_lock_irqsave(&crash_inner);

	spin_lock(&crash_outer);	/* lockdep panics here */
	spin_unlock(&crash_outer);
	spin_unlock_irqrestore(&crash_inner, flags);
}

static const struct {
	const char *name;
	void (*fn)(void);
} kinds[] = {
	{ "page_fault", crash_page_fault },
	{ "null_call", crash_null_call },
	{ "stack_overflow", crash_stack_overflow },
	{ "bug", crash_bug },
	{ "bug_other_cpu", crash_bug_other_cpu },
	{ "lock_inversion", crash_lock_inversion },
};

void crash_trigger(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (!strcmp(kind, kinds[i].name)) {
			pr_emerg("crash: triggering '%s' on purpose\n", kind);
			kinds[i].fn();
			pr_err("crash: '%s' did not crash\n", kind);
			return;
		}
	}
	pr_warn("crash: unknown kind '%s'\n", kind);
}
