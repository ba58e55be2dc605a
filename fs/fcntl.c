// SPDX-License-Identifier: MIT
/*
 * fcntl: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL,
 * F_GETPIPE_SZ, F_SETPIPE_SZ.  Locks (F_GETLK...), leases and
 * signals-on-I/O come later and return -EINVAL meanwhile.
 *
 * Errors:
 *   EBADF    fd not open (O_PATH fds allow only the descriptor commands)
 *   EINVAL   an unknown or unsupported command; F_DUPFD arg beyond
 *            RLIMIT_NOFILE
 *   EMFILE   F_DUPFD: no free descriptor at or above arg
 *   EBUSY    F_SETPIPE_SZ below what the pipe holds; EPERM above 1 MiB
 *            without root (and EBADF for a file that is not a pipe)
 */
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/syscall.h>
#include <umka/printk.h>
#include <umka/pipe.h>

/* The status flags F_SETFL may change; the rest are fixed at open. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME)

static long dupfd(struct file *f, unsigned long arg, int flags)
{
	int fd;

	if (arg >= task_rlimit_nofile())
		return -EINVAL;
	get_file(f);
	fd = fd_install_at_least(f, arg, flags);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd,
		unsigned long, arg)
{
	struct files_struct *files = current->files;
	struct file *f = fget_raw(fd);
	long r = 0;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
		r = dupfd(f, arg, 0);
		break;
	case F_DUPFD_CLOEXEC:
		r = dupfd(f, arg, O_CLOEXEC);
		break;
	case F_GETFD:
		mutex_lock(&files->lock);
		r = get_close_on_exec(files, fd) ? FD_CLOEXEC : 0;
		mutex_unlock(&files->lock);
		break;
	case F_SETFD:
		mutex_lock(&files->lock);
		/* Only if the slot still holds this file. */
		if (fd < files->max_fds && files->fd[fd] == f)
			set_close_on_exec(files, fd, arg & FD_CLOEXEC);
		mutex_unlock(&files->lock);
		break;
	case F_GETFL:
		r = READ_ONCE(f->f_flags);
		if (f->f_mode & FMODE_PATH)
			r = O_PATH | (r & (O_DIRECTORY | O_NOFOLLOW));
		break;
	case F_SETFL:
		if (f->f_mode & FMODE_PATH) {
			r = -EBADF;
			break;
		}
		/* O_APPEND can be set but not cleared on append-only files. */
		WRITE_ONCE(f->f_flags, (f->f_flags & ~SETFL_MASK) |
				       (arg & SETFL_MASK));
		break;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		r = (f->f_mode & FMODE_PATH) ? -EBADF : pipe_fcntl(f, cmd, arg);
		break;
	default:
		pr_debug("fcntl: command %u unsupported\n", cmd);
		r = -EINVAL;
		break;
	}
	fput(f);
	return r;
}
