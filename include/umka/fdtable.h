/* SPDX-License-Identifier: MIT */
/*
 * Per-process descriptor tables.  Threads that share a table share one
 * files_struct (CLONE_FILES); fork copies it with files_dup().
 */
#ifndef UMKA_FDTABLE_H
#define UMKA_FDTABLE_H

#include <umka/file.h>
#include <umka/mutex.h>
#include <umka/uaccess.h>

#define NR_OPEN_DEFAULT 64	/* initial table size; it grows by doubling */
#define NR_OPEN_MAX (1U << 20)	/* fs.nr_open on Linux */

struct files_struct {
	int count;			/* atomic */
	struct mutex lock;		/* guards everything below */
	unsigned int max_fds;		/* size of the arrays */
	unsigned int next_fd;		/* no free descriptor below this */
	struct file **fd;
	unsigned long *close_on_exec;	/* bitmap */
};

struct files_struct *files_alloc(void);
struct files_struct *files_dup(struct files_struct *old);
struct files_struct *files_get(struct files_struct *files);
void files_put(struct files_struct *files);
void files_close_on_exec(struct files_struct *files);

/* RLIMIT_NOFILE of the current task; 1024 until rlimits exist. */
unsigned int task_rlimit_nofile(void);

/*
 * The current task's table.  fget() returns a reference or NULL; fget_raw
 * also accepts O_PATH files (for *at dirfds, fstat, close).
 */
struct file *fget(int fd);
struct file *fget_raw(int fd);
/* Lowest free descriptor >= @start, below the limit: fd or -EMFILE. */
int alloc_fd(struct files_struct *files, unsigned int start, int flags);
void fd_install(struct files_struct *files, int fd, struct file *f);
/*
 * Give @f a descriptor of the current task (the lowest free one, or the
 * lowest >= @start); the reference moves into the table.  Returns the fd,
 * or -EMFILE/-ENOMEM (-EBADF for a kernel thread), and then the caller
 * still owns the reference.  @flags: O_CLOEXEC.
 */
int fd_install_new(struct file *f, int flags);
int fd_install_at_least(struct file *f, unsigned int start, int flags);
/*
 * pipe2 and socketpair: give both files descriptors and store them at
 * @ufds.  The references always move (on failure the files are put and
 * any descriptor made is closed again).
 */
int fd_install_pair(struct file *files[2], int flags, int __user *ufds);
int close_fd(struct files_struct *files, unsigned int fd);
int replace_fd(struct files_struct *files, unsigned int fd, struct file *f,
	       int flags);
bool get_close_on_exec(struct files_struct *files, unsigned int fd);
void set_close_on_exec(struct files_struct *files, unsigned int fd,
		       bool on);

#endif
