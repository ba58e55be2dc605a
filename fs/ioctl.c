// SPDX-License-Identifier: MIT
/*
 * ioctl: the generic commands FIONREAD, FIONBIO, FIOCLEX, FIONCLEX and
 * FIOASYNC here; every other command goes to the file's own ioctl.
 *
 * Errors:
 *   EBADF    fd not open (or O_PATH)
 *   EFAULT   a bad argument pointer
 *   ENOTTY   the file has no such command
 *   EINVAL   FIONREAD on a directory
 */
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/syscall.h>
#include <uapi/ioctls.h>

static long set_flag(struct file *f, int __user *argp, unsigned int flag)
{
	int on;

	if (get_user(on, argp))
		return -EFAULT;
	if (on)
		WRITE_ONCE(f->f_flags, f->f_flags | flag);
	else
		WRITE_ONCE(f->f_flags, f->f_flags & ~flag);
	return 0;
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd,
		unsigned long, arg)
{
	struct files_struct *files = current->files;
	struct file *f = fget(fd);
	struct inode *inode;
	long r;

	if (!f)
		return -EBADF;
	inode = f->f_inode;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		mutex_lock(&files->lock);
		if (fd < files->max_fds && files->fd[fd] == f)
			set_close_on_exec(files, fd, cmd == FIOCLEX);
		mutex_unlock(&files->lock);
		r = 0;
		break;
	case FIONBIO:
		r = set_flag(f, (int __user *)arg, O_NONBLOCK);
		break;
	case FIOASYNC:
		r = set_flag(f, (int __user *)arg, FASYNC);
		break;
	case FIONREAD:
		/* Regular files answer from the size; others know best. */
		if (S_ISREG(inode->i_mode)) {
			loff_t left = inode->i_size - f->f_pos;
			int n = left < 0 ? 0 : left > 0x7fffffff ? 0x7fffffff
								  : (int)left;

			r = put_user(n, (int __user *)arg) ? -EFAULT : 0;
			break;
		}
		if (S_ISDIR(inode->i_mode)) {
			r = -EINVAL;
			break;
		}
		/* fall through */
	default:
		r = f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
		break;
	}
	fput(f);
	return r;
}
