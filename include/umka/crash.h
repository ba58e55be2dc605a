/* SPDX-License-Identifier: MIT */
#ifndef UMKA_CRASH_H
#define UMKA_CRASH_H

/* Crash the kernel on purpose: page_fault, null_call, stack_overflow, bug,
 * lock_inversion. */
void crash_trigger(const char *kind);

#endif
