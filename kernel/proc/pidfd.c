// SPDX-License-Identifier: MIT
/*
 * pidfd_open, pidfd_send_signal: a process as a file descriptor.  The
 * descriptor names the process by pid and start time, so a reused pid
 * is never mistaken for it; poll says readable (POLLIN) once the whole
 * process has exited.  Every process exit wakes one queue, which only
 * pidfd pollers and readers wait on.
 *
 * Errors: EINVAL (flags, pid <= 0, a thread that is not a process
 * leader), ESRCH (no such process), EBADF (not a pidfd), and those of
 * kill(2) and rt_sigqueueinfo(2) for the signal.
 */
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/fdtable.h>
#include <umka/poll.h>
#include <umka/proc.h>
#include <umka/signal.h>
#include <umka/slab.h>
#include <umka/syscall.h>
#include <uapi/fcntl.h>

#define PIDFD_NONBLOCK O_NONBLOCK

struct pidfd {
	pid_t pid;
	u64 start_time;
};

static DEFINE_WAIT_QUEUE_HEAD(exit_wq);

void pidfd_process_exited(void)
{
	if (waitqueue_active(&exit_wq))
		wake_up_all(&exit_wq);
}

/* The process, if it is still the one the descriptor names; locked. */
static struct task *lookup(const struct pidfd *p)
{
	struct task *t = find_task_by_pid(p->pid);

	return t && t->start_time == p->start_time ? t : NULL;
}

static bool exited(const struct pidfd *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = lookup(p);
	bool done = !t || (t->exit_state && (!t->sig || !t->sig->nr_live));

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return done;
}

static unsigned int pidfd_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(pt, &exit_wq);
	return exited(f->private_data) ? POLLIN | POLLRDNORM : 0;
}

static int pidfd_release(struct inode *inode, struct file *f)
{
	(void)inode;
	kfree(f->private_data);
	return 0;
}

static const struct file_operations pidfd_fops = {
	.poll = pidfd_poll,
	.llseek = no_llseek,
	.release = pidfd_release,
};

SYSCALL_DEFINE2(pidfd_open, pid_t, pid, unsigned int, flags)
{
	struct pidfd *p;
	struct file *f;
	unsigned long irq;
	struct task *t;
	int fd, err = 0;

	if (flags & ~PIDFD_NONBLOCK || pid <= 0)
		return -EINVAL;
	p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	irq = spin_lock_irqsave(&tasklist_lock);
	t = find_task_by_pid(pid);
	if (!t || (t->exit_state == EXIT_DEAD))
		err = -ESRCH;
	else if (t->tgid != pid)
		err = -EINVAL;	/* a thread, not a process */
	else
		*p = (struct pidfd){ pid, t->start_time };
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (err) {
		kfree(p);
		return err;
	}
	f = anon_inode_getfile("[pidfd]", &pidfd_fops, p, O_RDWR | flags);
	if (IS_ERR(f)) {
		kfree(p);
		return PTR_ERR(f);
	}
	fd = fd_install_new(f, O_CLOEXEC);	/* pidfds always are */
	if (fd < 0)
		fput(f);
	return fd;
}

int pidfd_to_pid(int fd, pid_t *pid)
{
	struct file *f = fget(fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (f->f_op != &pidfd_fops)
		err = -EINVAL;	/* waitid(P_PIDFD) on something else */
	else
		*pid = ((struct pidfd *)f->private_data)->pid;
	fput(f);
	return err;
}

SYSCALL_DEFINE4(pidfd_send_signal, int, fd, int, sig,
		const struct user_siginfo __user *, info, unsigned int, flags)
{
	struct file *f = fget(fd);
	struct pidfd *p;
	long err;

	if (!f)
		return -EBADF;
	if (f->f_op != &pidfd_fops) {
		fput(f);
		return -EBADF;
	}
	p = f->private_data;
	err = flags ? -EINVAL : exited(p) ? -ESRCH :
			       signal_process(p->pid, sig, info);
	fput(f);
	return err;
}
