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
