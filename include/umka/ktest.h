/* SPDX-License-Identifier: MIT */
/*
 * In-kernel self-tests, run when the command line has umka.ktest
 * (all tests) or umka.ktest=name1,name2 (a selection by name prefix).
 * Each prints "PASS ktest/<name>" or "FAIL ktest/<name>: reason" on the
 * console; at the end the kernel exits QEMU through isa-debug-exit with
 * status 0 if everything passed.
 *
 *	KTEST(buddy_alloc) { KT_ASSERT(p != NULL); }
 */
#ifndef UMKA_KTEST_H
#define UMKA_KTEST_H

#include <umka/compiler.h>
#include <umka/printk.h>

struct ktest {
	const char *name;
	void (*fn)(void);
};

#define KTEST(n)                                                            \
	static void ktest_##n(void);                                        \
	static const struct ktest ktest_desc_##n __used                     \
		__section(".ktest") __aligned(16) = { #n, ktest_##n };                  \
	static void ktest_##n(void)

void ktest_fail(const char *file, int line, const char *fmt, ...)
	__printf(3, 4);
bool ktest_failed(void);

#define KT_ASSERT(cond)                                                     \
	do {                                                                \
		if (!(cond)) {                                              \
			ktest_fail(__FILE__, __LINE__, "%s", #cond);        \
			return;                                             \
		}                                                           \
	} while (0)

#define KT_ASSERT_EQ(a, b)                                                  \
	do {                                                                \
		long long _a = (long long)(a), _b = (long long)(b);         \
		if (_a != _b) {                                             \
			ktest_fail(__FILE__, __LINE__,                      \
				   "%s == %lld, expected %lld", #a, _a, _b);  \
			return;                                             \
		}                                                           \
	} while (0)

void ktest_run_all(const char *filter) __noreturn;

/*
 * Run fn(arg) at once on every online CPU (CPU c runs it in a thread
 * bound to c); returns how many calls returned non-zero, -1 if the
 * threads could not all be created.
 */
int ktest_on_each_cpu(int (*fn)(void *arg), void *arg);

#endif
