// SPDX-License-Identifier: MIT
/*
 * poll, ppoll, select, pselect6.  One pass registers the caller on every
 * file's wait queues and reads the ready masks; then it sleeps until a
 * queue is woken, a signal arrives or the timeout passes, and re-checks.
 * Files without a ->poll are always ready for reading and writing.
 *
 * Errors: EFAULT (bad array or timeout), EINVAL (nfds over the fd limit,
 * negative timeout, bad sigset size), EINTR (signal), ENOMEM.
 */
#include <umka/syscall.h>
#include <umka/poll.h>
#include <umka/file.h>
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/time.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/signal.h>
#include <umka/sigtypes.h>

#define FALLBACK_POLL_NS (10 * NSEC_PER_MSEC)
#define DEFAULT_MASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct pollfd {
	int fd;
	short events, revents;
};

void poll_wait(struct poll_table *pt, struct wait_queue_head *wq)
{
	if (!pt || !wq)
		return;
	if (pt->n == POLL_MAX_WAITS) {
		pt->overflow = true;
		return;
	}
	pt->wq[pt->n] = wq;
	pt->entry[pt->n] = (struct wait_entry){ .task = current };
	prepare_to_wait(wq, &pt->entry[pt->n], TASK_INTERRUPTIBLE);
	pt->n++;
}

static void poll_table_release(struct poll_table *pt)
{
	for (unsigned int i = 0; i < pt->n; i++)
		finish_wait(pt->wq[i], &pt->entry[i]);
	pt->n = 0;
}

void poll_table_reset(struct poll_table *pt)
{
	poll_table_release(pt);
	pt->overflow = false;
}

static unsigned int file_mask(int fd, struct poll_table *pt)
{
	struct file *f = fget(fd);
	unsigned int mask;

	if (!f)
		return POLLNVAL;
	mask = f->f_op && f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_MASK;
	fput(f);
	return mask;
}

/* One pass over the set; returns how many have events. */
static int poll_pass(struct pollfd *fds, unsigned int n, struct poll_table *pt)
{
	int count = 0;

	for (unsigned int i = 0; i < n; i++) {
		unsigned int m;

		if (fds[i].fd < 0) {
			fds[i].revents = 0;
			continue;
		}
		m = file_mask(fds[i].fd, pt);
		/* Errors and hang-ups are reported whether asked or not. */
		m &= (unsigned short)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
		fds[i].revents = (short)m;
		count += m != 0;
	}
	return count;
}

/*
 * The wait loop shared by poll, select and epoll_wait.  @pass reports how
 * many entries are ready (or an error); the first pass gets a poll_table
 * so the caller is queued on every file it looks at, later ones get NULL
 * because the queue entries stay in place until the end.
 * deadline: 0 = wait forever, ~0 = do not wait.
 */
long poll_loop(poll_pass_fn pass, void *arg, u64 deadline)
{
	struct poll_table *pt = kmalloc(sizeof(*pt));
	long ret;

	if (!pt)
		return -ENOMEM;
	pt->n = 0;
	pt->overflow = false;
	set_current_state(TASK_INTERRUPTIBLE);
	ret = pass(arg, pt);
	for (;;) {
		u64 now = ktime_get_ns();

		if (ret || deadline == ~0ULL)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTNOHAND;
			break;
		}
		if (deadline && now >= deadline)
			break;
		if (pt->overflow)
			schedule_timeout(FALLBACK_POLL_NS);
		else if (deadline)
			schedule_timeout(deadline - now);
		else
			schedule();
		set_current_state(TASK_INTERRUPTIBLE);
		ret = pass(arg, NULL);
	}
	set_current_state(TASK_RUNNING);
	poll_table_release(pt);
	kfree(pt);
	return ret;
}

struct poll_set {
	struct pollfd *fds;
	unsigned int n;
};

static int poll_set_pass(void *arg, struct poll_table *pt)
{
	struct poll_set *ps = arg;

	return poll_pass(ps->fds, ps->n, pt);
}

static long do_poll(struct pollfd *fds, unsigned int n, u64 deadline)
{
	struct poll_set ps = { fds, n };

	return poll_loop(poll_set_pass, &ps, deadline);
}

static long poll_user(struct pollfd __user *ufds, unsigned int n, u64 deadline)
{
	struct pollfd *fds;
	long ret;

	if (n > task_rlimit_nofile())
		return -EINVAL;
	fds = kmalloc(n ? n * sizeof(*fds) : 1);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, n * sizeof(*fds))) {
		kfree(fds);
		return -EFAULT;
	}
	ret = do_poll(fds, n, deadline);
	if (ret >= 0 && copy_to_user(ufds, fds, n * sizeof(*fds)))
		ret = -EFAULT;
	kfree(fds);
	return ret;
}

u64 poll_deadline_ms(int ms)
{
	if (ms < 0)
		return 0;
	if (ms == 0)
		return ~0ULL;
	return ktime_get_ns() + (u64)ms * NSEC_PER_MSEC;
}

SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, n, int, ms)
{
	return poll_user(ufds, n, poll_deadline_ms(ms));
}

struct kts {
	s64 sec, nsec;
};

static long ts_deadline(const struct kts __user *uts, u64 *deadline)
{
	struct kts ts;

	*deadline = 0;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = !ts.sec && !ts.nsec ? ~0ULL :
		    ktime_get_ns() + (u64)ts.sec * NSEC_PER_SEC + ts.nsec;
	return 0;
}

struct ktv {
	s64 sec, usec;
};

/*
 * select, pselect6 and ppoll write back the time that was left (not for
 * an infinite or a zero timeout); a bad pointer there is ignored.
 */
static u64 time_left(u64 deadline)
{
	u64 now = ktime_get_ns();

	return deadline > now ? deadline - now : 0;
}

static void put_left_tv(struct ktv __user *u, u64 deadline)
{
	u64 left;
	struct ktv tv;

	if (!u || !deadline || deadline == ~0ULL)
		return;
	left = time_left(deadline);
	tv.sec = left / NSEC_PER_SEC;
	tv.usec = left % NSEC_PER_SEC / 1000;
	if (copy_to_user(u, &tv, sizeof(tv)))
		return;
}

static void put_left_ts(struct kts __user *u, u64 deadline)
{
	u64 left;
	struct kts ts;

	if (!u || !deadline || deadline == ~0ULL)
		return;
	left = time_left(deadline);
	ts.sec = left / NSEC_PER_SEC;
	ts.nsec = left % NSEC_PER_SEC;
	if (copy_to_user(u, &ts, sizeof(ts)))
		return;
}

/* ppoll/pselect: a temporary signal mask for the wait. */
long poll_swap_sigmask(const u64 __user *umask, size_t size, u64 *old)
{
	u64 m;

	*old = current->sig_blocked;
	if (!umask)
		return 0;
	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&m, umask, sizeof(m)))
		return -EFAULT;
	signal_set_blocked(m);
	return 0;
}

void poll_restore_sigmask(long ret, u64 old)
{
	/* Interrupted: keep the temporary mask until the handler ran. */
	if (ret == -ERESTARTNOHAND) {
		current->saved_blocked = old;
		current->restore_blocked = true;
	} else {
		signal_set_blocked(old);
	}
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, n,
		const struct kts __user *, uts, const u64 __user *, umask,
		size_t, size)
{
	u64 deadline, old;
	long ret = ts_deadline(uts, &deadline);

	if (!ret)
		ret = poll_swap_sigmask(umask, size, &old);
	if (ret)
		return ret;
	ret = poll_user(ufds, n, deadline);
	poll_restore_sigmask(ret, old);
	put_left_ts((struct kts __user *)uts, deadline);
	return ret;
}

/* select(2): fd_set bitmaps converted to and from poll events. */
#define SEL_IN (POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define SEL_OUT (POLLOUT | POLLWRNORM | POLLERR)
#define SEL_EX POLLPRI

static long do_select(int n, unsigned long __user *uin, unsigned long __user *uout,
		      unsigned long __user *uex, u64 deadline)
{
	size_t words = ((size_t)n + 63) / 64, bytes = words * 8;
	unsigned long *sets, *in, *out, *ex;
	struct pollfd *fds;
	unsigned int nfds = 0;
	long ret;

	if (n < 0)
		return -EINVAL;
	/* As Linux: descriptors past the end of the table are not looked at. */
	if (current->files && (unsigned int)n > READ_ONCE(current->files->max_fds)) {
		n = READ_ONCE(current->files->max_fds);
		words = ((size_t)n + 63) / 64;
		bytes = words * 8;
	}
	sets = kzalloc(3 * bytes + 8);
	fds = kmalloc(((size_t)n + 1) * sizeof(*fds));
	if (!sets || !fds) {
		kfree(sets);
		kfree(fds);
		return -ENOMEM;
	}
	in = sets, out = sets + words, ex = sets + 2 * words;
	ret = 0;
	if ((uin && copy_from_user(in, uin, bytes)) ||
	    (uout && copy_from_user(out, uout, bytes)) ||
	    (uex && copy_from_user(ex, uex, bytes)))
		ret = -EFAULT;
	for (int fd = 0; fd < n && !ret; fd++) {
		unsigned long bit = 1UL << (fd % 64);
		short ev = (in[fd / 64] & bit ? POLLIN : 0) |
			   (out[fd / 64] & bit ? POLLOUT : 0) |
			   (ex[fd / 64] & bit ? POLLPRI : 0);

		if (ev)
			fds[nfds++] = (struct pollfd){ fd, ev, 0 };
	}
	if (!ret)
		ret = do_poll(fds, nfds, deadline);
	if (ret >= 0) {
		long count = 0;

		memset(sets, 0, 3 * bytes);
		for (unsigned int i = 0; i < nfds; i++) {
			int fd = fds[i].fd;
			unsigned long bit = 1UL << (fd % 64);

			if (fds[i].revents & POLLNVAL) {
				ret = -EBADF;
				break;
			}
			if ((fds[i].events & POLLIN) && (fds[i].revents & SEL_IN))
				in[fd / 64] |= bit, count++;
			if ((fds[i].events & POLLOUT) && (fds[i].revents & SEL_OUT))
				out[fd / 64] |= bit, count++;
			if ((fds[i].events & POLLPRI) && (fds[i].revents & SEL_EX))
				ex[fd / 64] |= bit, count++;
		}
		if (ret >= 0) {
			ret = count;
			if ((uin && copy_to_user(uin, in, bytes)) ||
			    (uout && copy_to_user(uout, out, bytes)) ||
			    (uex && copy_to_user(uex, ex, bytes)))
				ret = -EFAULT;
		}
	}
	kfree(sets);
	kfree(fds);
	return ret;
}


SYSCALL_DEFINE5(select, int, n, unsigned long __user *, in,
		unsigned long __user *, out, unsigned long __user *, ex,
		struct ktv __user *, utv)
{
	u64 deadline = 0;
	struct ktv tv;
	long ret;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.sec < 0 || tv.usec < 0 || tv.usec >= 1000000)
			return -EINVAL;
		deadline = !tv.sec && !tv.usec ? ~0ULL :
			   ktime_get_ns() + (u64)tv.sec * NSEC_PER_SEC +
				   (u64)tv.usec * 1000;
	}
	ret = do_select(n, in, out, ex, deadline);
	put_left_tv(utv, deadline);
	return ret;
}

struct sigset_arg {
	const u64 __user *mask;
	size_t size;
};

SYSCALL_DEFINE6(pselect6, int, n, unsigned long __user *, in,
		unsigned long __user *, out, unsigned long __user *, ex,
		const struct kts __user *, uts, const struct sigset_arg __user *, usig)
{
	struct sigset_arg sa = { NULL, 8 };
	u64 deadline, old;
	long ret = ts_deadline(uts, &deadline);

	if (!ret && usig && copy_from_user(&sa, usig, sizeof(sa)))
		ret = -EFAULT;
	if (!ret)
		ret = poll_swap_sigmask(sa.mask, sa.size, &old);
	if (ret)
		return ret;
	ret = do_select(n, in, out, ex, deadline);
	poll_restore_sigmask(ret, old);
	put_left_ts((struct kts __user *)uts, deadline);
	return ret;
}
