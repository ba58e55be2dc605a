/* SPDX-License-Identifier: MIT */
/*
 * System call handlers.  Each is defined with SYSCALL_DEFINEn in the file
 * of its family and listed in kernel/syscalls.tbl, from which the build
 * generates the dispatch table.  The macro gives the handler typed
 * arguments while the table sees one uniform signature:
 *
 *	SYSCALL_DEFINE3(read, int, fd, char __user *, buf, size_t, count)
 *	{
 *		...	return bytes or -errno
 *	}
 */
#ifndef UMKA_SYSCALL_H
#define UMKA_SYSCALL_H

#include <umka/types.h>
#include <umka/uaccess.h>

#define SC_PARAMS                                                           \
	unsigned long a0, unsigned long a1, unsigned long a2,               \
		unsigned long a3, unsigned long a4, unsigned long a5
#define SC_UNUSED (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5

typedef long (*syscall_fn_t)(SC_PARAMS);

#define __SYSCALL_WRAP(name, call)                                          \
	long sys_##name(SC_PARAMS);                                         \
	long sys_##name(SC_PARAMS)                                          \
	{                                                                   \
		SC_UNUSED;                                                  \
		return call;                                                \
	}

#define SYSCALL_DEFINE0(name)                                               \
	static long __do_sys_##name(void);                                  \
	__SYSCALL_WRAP(name, __do_sys_##name())                             \
	static long __do_sys_##name(void)

#define SYSCALL_DEFINE1(name, t1, n1)                                       \
	static long __do_sys_##name(t1 n1);                                 \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)a0))                       \
	static long __do_sys_##name(t1 n1)

#define SYSCALL_DEFINE2(name, t1, n1, t2, n2)                               \
	static long __do_sys_##name(t1 n1, t2 n2);                          \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)a0, (t2)a1))               \
	static long __do_sys_##name(t1 n1, t2 n2)

#define SYSCALL_DEFINE3(name, t1, n1, t2, n2, t3, n3)                       \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3);                   \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)a0, (t2)a1, (t3)a2))       \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3)

#define SYSCALL_DEFINE4(name, t1, n1, t2, n2, t3, n3, t4, n4)               \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4);            \
	__SYSCALL_WRAP(name,                                                \
		       __do_sys_##name((t1)a0, (t2)a1, (t3)a2, (t4)a3))     \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4)

#define SYSCALL_DEFINE5(name, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)       \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5);     \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)a0, (t2)a1, (t3)a2,        \
					     (t4)a3, (t5)a4))               \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5)

#define SYSCALL_DEFINE6(name, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6) \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5,       \
				    t6 n6);                                  \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)a0, (t2)a1, (t3)a2,         \
					     (t4)a3, (t5)a4, (t6)a5))        \
	static long __do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5, t6 n6)

/* Generated from kernel/syscalls.tbl. */
extern const syscall_fn_t syscall_table[];
extern const unsigned int syscall_table_size;
extern const char *const syscall_names[];

#endif
