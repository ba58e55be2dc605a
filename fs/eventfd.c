// SPDX-License-Identifier: MIT
/*
 * eventfd, eventfd2: a 64-bit counter behind a file descriptor.
 *
 * write(8 bytes) adds to the counter, waiting while the sum would pass
 * 0xfffffffffffffffe; read(8 bytes) waits for a non-zero counter, then
 * returns it and resets it to 0, or with EFD_SEMAPHORE returns 1 and
 * decrements it.  poll: readable while non-zero, writable while at least
 * 1 can be added.
 *
 * The counter is updated with compare-and-swap, so no lock is needed; a
 * sleeper queues itself before testing the counter and every change
 * wakes the queue afterwards, so no wake-up is lost.
 *
 * Errors: EINVAL (buffer under 8 bytes, writing 0xffffffffffffffff, bad
 * flags), EAGAIN (O_NONBLOCK and the call would wait), EINTR (signal
 * while waiting), EFAULT, EMFILE, ENOMEM.
 */
#include <umka/sigtypes.h>
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/fdtable.h>
#include <umka/poll.h>
#include <umka/signal.h>
#include <umka/slab.h>
#include <umka/syscall.h>
#include <uapi/fcntl.h>

#define EFD_SEMAPHORE	1
#define EFD_CLOEXEC	O_CLOEXEC
#define EFD_NONBLOCK	O_NONBLOCK
#define EFD_MAX		0xfffffffffffffffeULL

struct eventfd_ctx {
	u64 count;			/* atomic */
	bool semaphore;
	struct wait_queue_head wq;	/* readers, writers and pollers */
	/* EPOLLET edge counts: a write is one for readers, a read for writers. */
	u64 in_gen, out_gen;
};

/*
 * Wait until @try succeeds, interruptibly.  @try returns true once it
 * has changed the counter; -EAGAIN if it would wait and @f is non-blocking.
 */
static int eventfd_wait(struct file *f, struct eventfd_ctx *ctx,
			bool (*try)(struct eventfd_ctx *ctx, u64 *val),
			u64 *val, u64 *gen)
{
	struct wait_entry we = { .task = current };
	int ret = 0;

	if (try(ctx, val))
		goto woke;
	if (READ_ONCE(f->f_flags) & O_NONBLOCK)
		return -EAGAIN;
	for (;;) {
		prepare_to_wait(&ctx->wq, &we, TASK_INTERRUPTIBLE);
		if (try(ctx, val))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;	/* EINTR, or SA_RESTART */
			break;
		}
		schedule();
	}
	finish_wait(&ctx->wq, &we);
	if (ret)
		return ret;
woke:
	/* The counter moved: the other side may now proceed. */
	__atomic_add_fetch(gen, 1, __ATOMIC_RELEASE);
	wake_up_all(&ctx->wq);
	return 0;
}

static bool eventfd_try_read(struct eventfd_ctx *ctx, u64 *val)
{
	u64 c = __atomic_load_n(&ctx->count, __ATOMIC_ACQUIRE);

	do {
		if (!c)
			return false;
		*val = ctx->semaphore ? 1 : c;
	} while (!__atomic_compare_exchange_n(&ctx->count, &c, c - *val, false,
					      __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	return true;
}

static bool eventfd_try_write(struct eventfd_ctx *ctx, u64 *val)
{
	u64 c = __atomic_load_n(&ctx->count, __ATOMIC_ACQUIRE);

	do {
		if (EFD_MAX - c < *val)
			return false;
	} while (!__atomic_compare_exchange_n(&ctx->count, &c, c + *val, false,
					      __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	return true;
}

static ssize_t eventfd_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	u64 val;
	int err;

	if (u->len < sizeof(val))
		return -EINVAL;
	err = eventfd_wait(f, ctx, eventfd_try_read, &val, &ctx->out_gen);
	if (err)
		return err;
	/*
	 * Linux, too, has consumed the value when the copy faults: the
	 * counter cannot be put back without racing other readers.
	 */
	return uio_copy_out(u, &val, sizeof(val));
}

static ssize_t eventfd_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	u64 val;
	ssize_t n;
	int err;

	if (u->len < sizeof(val))
		return -EINVAL;
	n = uio_copy_in(&val, u, sizeof(val));
	if (n < 0)
		return n;
	if (val == ~0ULL)
		return -EINVAL;
	err = eventfd_wait(f, ctx, eventfd_try_write, &val, &ctx->in_gen);
	return err ? err : (ssize_t)sizeof(val);
}

static unsigned int eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned int mask = 0;
	u64 c;

	poll_wait(pt, &ctx->wq);
	c = __atomic_load_n(&ctx->count, __ATOMIC_ACQUIRE);
	if (c)
		mask |= POLLIN | POLLRDNORM;
	if (c < EFD_MAX)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static u64 eventfd_poll_gen(struct file *f, unsigned int events)
{
	struct eventfd_ctx *ctx = f->private_data;
	u64 gen = 0;

	if (events & (POLLIN | POLLRDNORM))
		gen += __atomic_load_n(&ctx->in_gen, __ATOMIC_ACQUIRE);
	if (events & (POLLOUT | POLLWRNORM))
		gen += __atomic_load_n(&ctx->out_gen, __ATOMIC_ACQUIRE);
	return gen;
}

static int eventfd_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static const struct file_operations eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.poll_gen = eventfd_poll_gen,
	.llseek = no_llseek,
	.release = eventfd_release,
};

SYSCALL_DEFINE2(eventfd2, unsigned int, initval, int, flags)
{
	struct eventfd_ctx *ctx;
	struct file *f;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->count = initval;
	ctx->semaphore = flags & EFD_SEMAPHORE;
	init_waitqueue_head(&ctx->wq);
	f = anon_inode_getfile("[eventfd]", &eventfd_fops, ctx,
			       O_RDWR | (flags & EFD_NONBLOCK));
	if (IS_ERR(f)) {
		kfree(ctx);
		return PTR_ERR(f);
	}
	fd = fd_install_new(f, flags & EFD_CLOEXEC);
	if (fd < 0)
		fput(f);	/* frees ctx through ->release */
	return fd;
}

SYSCALL_DEFINE1(eventfd, unsigned int, initval)
{
	return __do_sys_eventfd2(initval, 0);
}
