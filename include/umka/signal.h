/* SPDX-License-Identifier: MIT */
/* Signals: Linux numbers, si_codes and the kernel-side interface. */
#ifndef UMKA_SIGNAL_H
#define UMKA_SIGNAL_H

#include <umka/types.h>
#include <asm/ptrace.h>
#include <umka/cred.h>

struct task;

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32
#define _NSIG 64

#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define ILL_ILLOPN 2
#define FPE_INTDIV 1
#define FPE_FLTINV 7
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define TRAP_BRKPT 1
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SI_QUEUE (-1)

/* Deliver pending signals before returning to user mode. */
void do_signal(struct pt_regs *regs);
/* The same on the way out of a system call (may restart it). */
void do_signal_ex(struct pt_regs *regs, bool in_syscall);
void recalc_sigpending(struct task *t);
void signal_set_blocked(u64 mask);

struct sighand;
struct sighand *sighand_alloc(void);
struct sighand *sighand_copy(struct sighand *old, bool share);
void sighand_put(struct sighand *sh);
void sighand_reset_for_exec(struct sighand *sh);
/* From exit code: a child stopped (job control). */
void notify_parent_stop(struct task *t, int sig);
/* A stopped task runs again after SIGCONT: tell its parent. */
void notify_parent_cont(struct task *t);
/* A synchronous fault signal for current (SIGSEGV & co). */
void force_fault_signal(int sig, int code, unsigned long addr);
/* Queue @sig for @t with sender info; 0 or -errno. */
int send_signal(struct task *t, int sig, int code, pid_t from);
/* The same with si_value (sigqueue). */
int send_signal_value(struct task *t, int sig, int code, pid_t from,
		      u64 value);
struct user_siginfo;
/*
 * Take the lowest pending signal of @t in @mask off the pending set and
 * describe it in @info; 0 if none is pending.
 */
int dequeue_signal(struct task *t, u64 mask, struct user_siginfo *info);
/* A write to a pipe nobody reads: SIGPIPE to current. */
void send_sigpipe(void);

#endif
