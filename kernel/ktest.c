// SPDX-License-Identifier: MIT
/*
 * Self-test runner.  Tests are registered in the .ktest section by
 * KTEST(); we run each in turn on the boot CPU from a kernel thread
 * context and print one PASS/FAIL line each, then exit QEMU.
 */
#include <umka/ktest.h>
#include <umka/string.h>
#include <umka/arch.h>
#include <umka/kprintf.h>
#include <umka/sched.h>
#include <umka/time.h>

/* A self-test still running after this long is reported as hung. */
#define KTEST_HANG_SECONDS 90

extern const struct ktest __ktest_start[], __ktest_end[];

static bool failed_now;
static const char *current_name;
static u64 started_ns;		/* when the current test began; 0 between */

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!failed_now)
		pr_emerg("FAIL ktest/%s: %s:%d: %s\n", current_name, file,
			 line, msg);
	failed_now = true;
}

bool ktest_failed(void)
{
	return failed_now;
}

/* filter: comma-separated name prefixes; empty selects everything. */
static bool selected(const char *name, const char *filter)
{
	const char *f = filter;

	if (!*f)
		return true;
	while (*f) {
		size_t n = 0;

		while (f[n] && f[n] != ',')
			n++;
		if (n && !strncmp(name, f, n))
			return true;
		f += n + (f[n] == ',');
	}
	return false;
}

/*
 * A hung test would otherwise end only at the host's timeout, with no
 * clue why: name it, show every task and where it sleeps, and leave.
 */
static int watchdog(void *arg)
{
	(void)arg;
	for (;;) {
		u64 start = READ_ONCE(started_ns);

		msleep(1000);
		if (!start || start != READ_ONCE(started_ns) ||
		    ktime_get_ns() - start < KTEST_HANG_SECONDS * 1000000000ULL)
			continue;
		pr_emerg("FAIL ktest/%s: still running after %d s\n",
			 current_name, KTEST_HANG_SECONDS);
		show_tasks();
		arch_emulator_exit(1);
	}
	return 0;
}

void ktest_run_all(const char *filter)
{
	int passed = 0, failed = 0;

	kthread_run(watchdog, NULL, "ktest_watchdog");

	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		if (!selected(t->name, filter))
			continue;
		current_name = t->name;
		failed_now = false;
		WRITE_ONCE(started_ns, ktime_get_ns());
		t->fn();
		WRITE_ONCE(started_ns, 0);
		if (failed_now) {
			failed++;
		} else {
			passed++;
			pr_emerg("PASS ktest/%s\n", t->name);
		}
	}
	pr_emerg("ktest: %d passed, %d failed\n", passed, failed);
	arch_emulator_exit(failed ? 1 : 0);
}
