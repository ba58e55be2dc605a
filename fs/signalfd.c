// SPDX-License-Identifier: MIT
/*
 * signalfd, signalfd4: signals read from a file descriptor.  read()
 * takes pending signals of the reading thread (its own, then its
 * process's) that are in the descriptor's mask, as struct
 * signalfd_siginfo records of 128 bytes; poll is readable while one is
 * pending.  The signals must be blocked, or they are delivered as usual.
 * Senders wake the process's signalfd wait queue (kernel/signal/).
 *
 * Errors: EINVAL (mask size, flags, buffer under 128 bytes, an fd that
 * is not a signalfd), EBADF, EAGAIN (O_NONBLOCK, nothing pending),
 * EINTR, EFAULT, EMFILE, ENOMEM.
 */
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/fdtable.h>
#include <umka/poll.h>
#include <umka/signal.h>
#include <umka/sigpending.h>
#include <umka/sigtypes.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/syscall.h>
#include <umka/uaccess.h>
#include <uapi/fcntl.h>

#define SFD_CLOEXEC O_CLOEXEC
#define SFD_NONBLOCK O_NONBLOCK
#define SIGMASK(s) (1ULL << ((s) - 1))
#define UNBLOCKABLE (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))

/* Linux's struct signalfd_siginfo. */
struct signalfd_siginfo {
	u32 ssi_signo;
	s32 ssi_errno, ssi_code;
	u32 ssi_pid, ssi_uid;
	s32 ssi_fd;
	u32 ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
	s32 ssi_status, ssi_int;
	u64 ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
	u16 ssi_addr_lsb;
	u8 pad[46];
};

_Static_assert(sizeof(struct signalfd_siginfo) == 128, "signalfd_siginfo");

struct signalfd_ctx {
	u64 mask;			/* atomic: signalfd4 may change it */
};

static u64 ctx_mask(struct file *f)
{
	struct signalfd_ctx *ctx = f->private_data;

	return __atomic_load_n(&ctx->mask, __ATOMIC_ACQUIRE);
}

static void to_record(const struct user_siginfo *in,
		      struct signalfd_siginfo *out)
{
	u64 value;

	memset(out, 0, sizeof(*out));
	out->ssi_signo = (u32)in->si_signo;
	out->ssi_errno = in->si_errno;
	out->ssi_code = in->si_code;
	out->ssi_pid = (u32)in->kill.pid;
	out->ssi_uid = in->kill.uid;
	out->ssi_status = in->kill.status;
	memcpy(&value, in->bytes + 8, sizeof(value));	/* si_value */
	out->ssi_int = (s32)value;
	out->ssi_ptr = value;
	if (in->si_code > 0 && (in->si_signo == SIGSEGV ||
				in->si_signo == SIGBUS || in->si_signo == SIGILL ||
				in->si_signo == SIGFPE || in->si_signo == SIGTRAP)) {
		out->ssi_addr = in->addr;
		out->ssi_pid = out->ssi_uid = 0;
		out->ssi_int = 0;
		out->ssi_ptr = 0;
	}
}

/* One record, waiting for it unless @nowait; 0 or -errno. */
static int take_one(struct file *f, struct signalfd_siginfo *rec, bool nowait)
{
	struct wait_queue_head *wq = current->sig->signalfd_wq;
	struct wait_entry we = { .task = current };
	struct user_siginfo info;
	int err = 0;

	for (;;) {
		prepare_to_wait(wq, &we, TASK_INTERRUPTIBLE);
		if (dequeue_signal(current, ctx_mask(f), &info))
			break;
		if (nowait)
			err = -EAGAIN;
		else if (signal_pending(current))
			err = -ERESTARTSYS;
		if (err)
			break;
		schedule();
	}
	finish_wait(wq, &we);
	if (!err)
		to_record(&info, rec);
	return err;
}

static ssize_t signalfd_read(struct file *f, struct uio *u, loff_t *pos)
{
	bool nonblock = READ_ONCE(f->f_flags) & O_NONBLOCK;
	struct signalfd_siginfo rec;
	ssize_t done = 0;
	int err;

	(void)pos;
	if (u->len < sizeof(rec))
		return -EINVAL;
	/* Only the first record may wait. */
	while (u->len >= sizeof(rec)) {
		err = take_one(f, &rec, nonblock || done);
		if (err)
			return done ? done : err;
		err = uio_copy_out(u, &rec, sizeof(rec));
		if (err < 0)
			return done ? done : err;	/* that one is lost, as on Linux */
		done += sizeof(rec);
	}
	return done;
}

static unsigned int signalfd_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(pt, current->sig->signalfd_wq);
	return signal_pending_set(current) & ctx_mask(f) ? POLLIN | POLLRDNORM
							 : 0;
}

static int signalfd_release(struct inode *inode, struct file *f)
{
	(void)inode;
	kfree(f->private_data);
	return 0;
}

static const struct file_operations signalfd_fops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.llseek = no_llseek,
	.release = signalfd_release,
};

static long signalfd_new(u64 mask, int flags)
{
	struct signalfd_ctx *ctx = kzalloc(sizeof(*ctx));
	struct file *f;
	int fd;

	if (!ctx)
		return -ENOMEM;
	ctx->mask = mask;
	f = anon_inode_getfile("[signalfd]", &signalfd_fops, ctx,
			       O_RDWR | (flags & SFD_NONBLOCK));
	if (IS_ERR(f)) {
		kfree(ctx);
		return PTR_ERR(f);
	}
	fd = fd_install_new(f, flags & SFD_CLOEXEC);
	if (fd < 0)
		fput(f);	/* frees ctx through ->release */
	return fd;
}

SYSCALL_DEFINE4(signalfd4, int, ufd, const u64 __user *, umask, size_t,
		sizemask, int, flags)
{
	struct signalfd_ctx *ctx;
	struct file *f;
	u64 mask;

	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK) || sizemask != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	mask &= ~UNBLOCKABLE;
	if (ufd == -1)
		return signalfd_new(mask, flags);
	f = fget(ufd);
	if (!f)
		return -EBADF;
	if (f->f_op != &signalfd_fops) {
		fput(f);
		return -EINVAL;
	}
	ctx = f->private_data;
	__atomic_store_n(&ctx->mask, mask, __ATOMIC_RELEASE);
	wake_up_all(current->sig->signalfd_wq);	/* the mask may now match */
	fput(f);
	return ufd;
}

SYSCALL_DEFINE3(signalfd, int, ufd, const u64 __user *, umask, size_t,
		sizemask)
{
	return __do_sys_signalfd4(ufd, umask, sizemask, 0);
}
