/* SPDX-License-Identifier: MIT */
/* Processes: ids, the process tree, fork, exec, exit and wait. */
#ifndef UMKA_PROC_H
#define UMKA_PROC_H

#include <umka/sched.h>
#include <umka/spinlock.h>

/*
 * tasklist_lock guards the process tree (parent/children/sibling), the
 * list of all tasks, pids and exit_state.
 */
extern struct spinlock tasklist_lock;

pid_t pid_alloc(void);
/* Every task, linked by all_tasks; walk it under tasklist_lock. */
struct list_head *task_list(void);
/* Look a task up by TID; caller holds tasklist_lock. */
struct task *find_task_by_pid(pid_t pid);
void task_register(struct task *t, struct task *parent);
/* Take a reaped or joined task off every list (takes tasklist_lock). */
void task_unregister(struct task *t);

/* Start the first user process from the kernel thread kernel_init. */
int run_init_process(const char *path, const char *const argv[],
		     const char *const envp[]);

/* Exec a file by path, from kernel context (init). */
int exec_path_kernel(const char *path, const char *const argv[],
		     const char *const envp[]);
/* Connect terminal job control to the process tree (after tty_init). */
void jobctl_init(void);
/* kernel_init's last act: become the first user process. */
void run_init(void) __attribute__((noreturn));

/* Exec from an in-memory ELF image (used by tests and before the VFS). */
int exec_image(const void *image, size_t size, const char *name,
	       const char *const argv[], const char *const envp[]);

/*
 * The current process's soft limit of resource @res (RLIMIT_*);
 * RLIM_INFINITY (~0) for none.
 */
u64 rlimit_cur(unsigned int res);
/* The same for any task (the scheduler checks its target's limits). */
u64 task_rlimit_cur(const struct task *t, unsigned int res);
/* A process has exited: wake pidfd pollers (kernel/proc/pidfd.c). */
void pidfd_process_exited(void);
/* waitid(P_PIDFD): the pid a pidfd names; -EBADF, -EINVAL. */
int pidfd_to_pid(int fd, pid_t *pid);
/* kernel/proc/oom.c: /proc/<pid>/oom_score_adj and oom_score. */
int oom_adj_get(pid_t pid, int *adj);
int oom_adj_set(pid_t pid, int adj);
int oom_score_of(pid_t pid, long *score);
/* All limits of task @pid (for /proc/<pid>/limits); -ESRCH if gone. */
int task_rlimits_of(pid_t pid, struct task_rlimit out[16]);
/* fork, clone: the child has the parent's limits. */
void rlimit_inherit(struct task *child, const struct task *parent);
#define RLIMIT_FSIZE_RES 1
#define RLIMIT_NPROC_RES 6
#define RLIMIT_STACK_RES 3
#define RLIMIT_DATA_RES 2
#define RLIMIT_AS_RES 9
#define RLIMIT_SIGPENDING_RES 11
/*
 * Work out the RAM-sized defaults now, while no lock is held: later
 * reads (RLIMIT_SIGPENDING under siglock) must not take the mm's locks.
 */
void rlimit_prepare_defaults(void);

/*
 * Page faults that cannot get memory: SIGKILL the process with the
 * largest resident set and log it.  False when a victim is already on
 * its way out, so the caller just waits for its memory.
 */
bool out_of_memory(void);

void do_exit(int status) __attribute__((noreturn));
/* Fatal signal: terminate the whole process with a signal status. */
void do_exit_signal(int sig) __attribute__((noreturn));
long do_wait4(pid_t pid, int *status, int options);
/* Book-keeping of the process count (fork limit). */
void proc_count_exit(void);
void proc_count_fork(void);
/*
 * execve in a multi-threaded process (kernel/proc/dethread.c): kill the
 * other threads and wait until they have exited; a thread other than
 * the leader then takes the leader's pid.  -EAGAIN when @t was killed.
 */
int de_thread(struct task *t);
/* A vfork child has its own image or has exited: its parent runs on. */
void vfork_release(struct task *t);
/* Free a zombie nobody will wait for, once it is off its CPU. */
void release_unwaited(struct task *t);

#define SIGCHLD_NR 17

/* clone(2) core. */
long do_fork(unsigned long flags, unsigned long stack, int *parent_tid,
	     int *child_tid, unsigned long tls);

/* Spawn a user process from an image and wait for it (self-tests). */
int run_user_image(const void *image, size_t size, const char *name,
		   const char *const argv[], int *status);

#endif
