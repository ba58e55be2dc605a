/* SPDX-License-Identifier: MIT */
#ifndef UMKA_FUTEX_H
#define UMKA_FUTEX_H

#include <umka/types.h>

long do_futex(u32 *uaddr, int op, u32 val, const void *utime, u32 *uaddr2,
	      u32 val3);
/* Exit: wake one waiter on the cleared tid word (CLONE_CHILD_CLEARTID). */
void futex_wake_tid(u32 *uaddr);
struct task;
/* Exit of @t (current, its mm still live): release its robust futexes. */
void futex_exit_robust(struct task *t);

#endif
