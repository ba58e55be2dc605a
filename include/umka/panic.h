/* SPDX-License-Identifier: MIT */
#ifndef UMKA_PANIC_H
#define UMKA_PANIC_H

#include <umka/compiler.h>

/*
 * Stop the system: print the message and a backtrace, stop the other
 * CPUs, then honour panic= (0: halt, N > 0: reboot after N seconds,
 * N < 0: reboot at once).  In self-test mode QEMU is made to exit with a
 * failure status instead.
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
void panic_set_timeout(int seconds);

#define BUG_ON(cond)                                                        \
	do {                                                                \
		if (unlikely(cond))                                         \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

#define WARN_ON(cond)                                                       \
	({                                                                  \
		bool __w = !!(cond);                                        \
		if (unlikely(__w))                                          \
			warn_at(__FILE__, __LINE__, #cond);                 \
		__w;                                                        \
	})

void warn_at(const char *file, int line, const char *what);

#endif
