/* SPDX-License-Identifier: MIT */
/* Signals: Linux numbers, si_codes and the kernel-side interface. */
#ifndef UMKA_SIGNAL_H
#define UMKA_SIGNAL_H

#include <umka/types.h>
#include <asm/ptrace.h>
#include <umka/cred.h>
#include <umka/sigpending.h>

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
#define SI_TIMER (-2)

/* Deliver pending signals before returning to user mode. */
void do_signal(struct pt_regs *regs);
/* The same on the way out of a system call (may restart it). */
void do_signal_ex(struct pt_regs *regs, bool in_syscall);
/* siglock held: is anything pending and unblocked for @t? */
void recalc_sigpending(struct task *t);
/* current's blocked mask (SIGKILL and SIGSTOP never are). */
void signal_set_blocked(u64 mask);
/* rt_sigaction changed @sig's action: drop it if now ignored. */
void signal_action_changed(int sig);
/* What is pending for @t: its own signals and its process's. */
u64 signal_pending_set(struct task *t);

struct sighand;
struct sighand *sighand_alloc(void);
struct sighand *sighand_copy(struct sighand *old, bool share);
void sighand_put(struct sighand *sh);
void sighand_reset_for_exec(struct sighand *sh);

/*
 * Signal state of a task's life: init gives it a new group or its
 * creator's (@thread), start makes it a thread that can take the
 * group's signals, exit ends that, free drops the group.
 */
int signal_task_init(struct task *t, struct task *creator, bool thread);
void signal_task_start(struct task *t);
void signal_task_exit(struct task *t);
void signal_task_free(struct task *t);
/* Does @t's process still have a thread to take a signal? */
bool signal_group_alive(const struct task *t);
/*
 * exit_group and fatal signals: SIGKILL to every other thread; the
 * first such exit sets the process's wait status, which every thread
 * (the leader too) exits with: signal_exit_status gives it, or @own.
 */
void signal_kill_other_threads(struct task *t, int wait_status);
int signal_exit_status(struct task *t, int own);
/*
 * execve in a multi-threaded process: @t becomes the group's exec_task
 * and every other thread gets SIGKILL.  -EAGAIN if the process is dying
 * already or another thread won the race to exec (@t is then killed).
 * tasklist_lock held.
 */
int signal_exec_begin(struct task *t);
/* The exec is done or given up: fatal exits are the group's again. */
void signal_exec_end(struct task *t);

struct signal_group;
/* exec, or a process's last thread exits: delete its POSIX timers. */
void posix_timers_exit(struct signal_group *g);
struct user_siginfo;
/*
 * kill(2) of one process, or with @uinfo rt_sigqueueinfo(2)'s rules
 * (pidfd_send_signal).  Checks and errors as those calls.
 */
long signal_process(pid_t tgid, int sig, const struct user_siginfo *uinfo);
/* A POSIX timer's signal is taken: fill in its overrun count. */
void posix_timer_taken(struct user_siginfo *info);
/* From exit code: a child stopped (job control). */
void notify_parent_stop(struct task *t, int sig);
/* A stopped task runs again after SIGCONT: tell its parent. */
void notify_parent_cont(struct task *t);
/* A synchronous fault signal for current (SIGSEGV & co). */
void force_fault_signal(int sig, int code, unsigned long addr);

/*
 * Send @sig to @t's thread alone (@thread: tkill, faults) or to its
 * process, to be taken by any thread that does not block it.  0, or
 * -EAGAIN when a real-time signal with a negative si_code finds the
 * queue full (RLIMIT_SIGPENDING).
 */
int send_signal_info(struct task *t, int sig, const struct ksiginfo *info,
		     bool thread);
/* The info of a send by current (from != 0) or by the kernel. */
struct ksiginfo ksiginfo_from(int code, pid_t from, u64 value);
/* Process-directed sends: sender info, and si_value (sigqueue). */
int send_signal(struct task *t, int sig, int code, pid_t from);
int send_signal_value(struct task *t, int sig, int code, pid_t from,
		      u64 value);
/*
 * Queue entries for real-time signals are taken under locks that rank
 * above the allocator: a sender makes sure @n are free beforehand.
 */
void sigqueue_reserve(unsigned int n);

/* Pending sets (kernel/signal/queue.c); siglock held. */
void sigpending_init(struct sigpending *p);
int sigpending_add(struct sigpending *p, int sig, const struct ksiginfo *info,
		   uid_t uid, u64 limit);
void sigpending_take(struct sigpending *p, int sig, struct ksiginfo *info);
void sigpending_flush(struct sigpending *p, u64 mask);

struct user_siginfo;
/*
 * Take the lowest pending signal of @t in @mask (its own first, then
 * its process's) and describe it in @info; 0 if none is pending.
 */
int dequeue_signal(struct task *t, u64 mask, struct user_siginfo *info);
/* A write to a pipe nobody reads: SIGPIPE to current. */
void send_sigpipe(void);

#endif
