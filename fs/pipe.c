// SPDX-License-Identifier: MIT
/*
 * pipe, pipe2, and FIFOs (named pipes made with mknod).
 *
 * A read returns what is there (up to the request) or waits for a
 * writer; with no writers left it returns 0.  A write of up to PIPE_BUF
 * bytes goes in whole or waits; a bigger one may be split.
 *
 * Errors:
 *   EAGAIN   O_NONBLOCK and the read would wait (empty, writers left) or
 *            the write would wait (full)
 *   EPIPE    write with no reader left; SIGPIPE is sent too
 *   EINTR    a signal arrived while waiting and nothing was transferred
 *            (the call restarts instead under SA_RESTART)
 *   EFAULT   a bad buffer (or pipe2's fds array)
 *   EINVAL   pipe2 flags other than O_CLOEXEC and O_NONBLOCK (O_DIRECT
 *            packet mode is not supported yet)
 *   EMFILE   no two free descriptors
 *   ENXIO    FIFO opened O_WRONLY|O_NONBLOCK with no reader
 *   ESPIPE   seeking, pread or pwrite
 */
#include "internal.h"
#include <umka/sigtypes.h>
#include <umka/fdtable.h>
#include <umka/pipe.h>
#include <umka/poll.h>
#include <umka/signal.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/syscall.h>
#include <uapi/ioctls.h>

/* Sleep until @cond, interruptibly; -EINTR if a signal is pending. */
#define pipe_wait_event(wq, cond)                                           \
	({                                                                  \
		struct wait_entry __we = { .task = current };               \
		int __r = 0;                                                \
		for (;;) {                                                  \
			prepare_to_wait(&(wq), &__we, TASK_INTERRUPTIBLE);  \
			if (cond)                                           \
				break;                                      \
			if (signal_pending(current)) {                      \
				__r = -ERESTARTSYS;                         \
				break;                                      \
			}                                                   \
			schedule();                                         \
		}                                                           \
		finish_wait(&(wq), &__we);                                  \
		__r;                                                        \
	})

static const struct file_operations pipe_fops;
static struct vfsmount *pipe_mnt;

/* Wake one side, and count an edge for its edge-triggered pollers. */
static void wake_readers(struct pipe_inode_info *p)
{
	__atomic_add_fetch(&p->rd_gen, 1, __ATOMIC_RELEASE);
	wake_up_all(&p->rd_wait);
}

static void wake_writers(struct pipe_inode_info *p)
{
	__atomic_add_fetch(&p->wr_gen, 1, __ATOMIC_RELEASE);
	wake_up_all(&p->wr_wait);
}

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->size = PIPE_SIZE;
	p->buf = kmalloc(p->size);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	mutex_init(&p->lock, "pipe", LOCK_LEVEL_PIPE);
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	return p;
}

void free_pipe_info(struct inode *inode)
{
	struct pipe_inode_info *p = inode->i_pipe;

	if (!p)
		return;
	kfree(p->buf);
	kfree(p);
	inode->i_pipe = NULL;
}

static ssize_t pipe_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	ssize_t ret = 0;

	mutex_lock(&p->lock);
	for (;;) {
		if (p->len) {
			size_t n = min(p->len, u->len);
			size_t first = min(n, p->size - p->head);
			ssize_t r = uio_copy_out(u, p->buf + p->head, first);

			if (r >= 0 && n > first)
				r = uio_copy_out(u, p->buf, n - first);
			if (r < 0) {
				ret = -EFAULT;	/* bytes stay in the pipe */
				break;
			}
			p->head = (p->head + n) % p->size;
			p->len -= n;
			ret = n;
			wake_writers(p);
			break;
		}
		if (!p->writers)
			break;		/* end of file */
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&p->lock);
		ret = pipe_wait_event(p->rd_wait, READ_ONCE(p->len) ||
				      !READ_ONCE(p->writers));
		mutex_lock(&p->lock);
		if (ret)
			break;
	}
	mutex_unlock(&p->lock);
	return ret;
}

static ssize_t pipe_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	size_t total = u->len;
	bool atomic = total <= PIPE_BUF;
	ssize_t done = 0;
	int err = 0;

	mutex_lock(&p->lock);
	for (;;) {
		size_t room = p->size - p->len;

		if (!p->readers) {
			send_sigpipe();
			err = -EPIPE;
			break;
		}
		if (room && (!atomic || room >= total)) {
			size_t n = min(room, u->len);
			size_t tail = (p->head + p->len) % p->size;
			size_t first = min(n, p->size - tail);
			ssize_t r = uio_copy_in(p->buf + tail, u, first);

			if (r >= 0 && n > first)
				r = uio_copy_in(p->buf, u, n - first);
			if (r < 0) {
				err = -EFAULT;
				break;
			}
			p->len += n;
			done += n;
			wake_readers(p);
			if (!u->len)
				break;
			continue;
		}
		if (f->f_flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		mutex_unlock(&p->lock);
		err = pipe_wait_event(p->wr_wait,
				      READ_ONCE(p->size) - READ_ONCE(p->len) >=
					      (atomic ? total : 1) ||
				      !READ_ONCE(p->readers));
		mutex_lock(&p->lock);
		if (err)
			break;
	}
	mutex_unlock(&p->lock);
	return done ? done : err;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p = f->private_data;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&p->lock);
	n = p->len;
	mutex_unlock(&p->lock);
	return put_user(n, (int __user *)arg) ? -EFAULT : 0;
}

/*
 * F_SETPIPE_SZ: a power-of-two number of pages, at least one; beyond
 * pipe-max-size (1 MiB) only for root.  The contents move over in order.
 */
static long pipe_set_size(struct pipe_inode_info *p, unsigned long arg)
{
	size_t size = PAGE_SIZE;
	char *buf;

	if (arg > (1UL << 31))
		return -EINVAL;
	while (size < arg)
		size <<= 1;
	if (size > PIPE_MAX_SIZE && current->cred.euid != 0)
		return -EPERM;
	buf = kmalloc(size);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&p->lock);
	if (p->len > size) {
		mutex_unlock(&p->lock);
		kfree(buf);
		return -EBUSY;
	}
	for (size_t i = 0; i < p->len; i++)
		buf[i] = p->buf[(p->head + i) % p->size];
	kfree(p->buf);
	p->buf = buf;
	p->head = 0;
	WRITE_ONCE(p->size, size);
	wake_writers(p);
	mutex_unlock(&p->lock);
	return size;
}

long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p = f->private_data;

	if (f->f_op != &pipe_fops && f->f_op != &fifo_fops)
		return -EBADF;
	if (cmd == F_GETPIPE_SZ)
		return READ_ONCE(p->size);
	return pipe_set_size(p, arg);
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_inode_info *p = f->private_data;
	unsigned int mask = 0;

	poll_wait(pt, &p->rd_wait);
	poll_wait(pt, &p->wr_wait);
	mutex_lock(&p->lock);
	if (f->f_mode & FMODE_READ) {
		if (p->len)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers && p->w_counter)
			mask |= POLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		if (p->len < p->size)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	mutex_unlock(&p->lock);
	return mask;
}

static u64 pipe_poll_gen(struct file *f, unsigned int events)
{
	struct pipe_inode_info *p = f->private_data;
	u64 gen = 0;

	/*
	 * By the events asked for (epoll adds POLLERR and POLLHUP to all):
	 * a close wakes both sides, so it is an edge for either.
	 */
	if (!(events & (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM)))
		events |= POLLIN | POLLOUT;	/* only errors and hang-ups */
	if (events & (POLLIN | POLLRDNORM))
		gen += __atomic_load_n(&p->rd_gen, __ATOMIC_ACQUIRE);
	if (events & (POLLOUT | POLLWRNORM))
		gen += __atomic_load_n(&p->wr_gen, __ATOMIC_ACQUIRE);
	return gen;
}

static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = f->private_data;

	mutex_lock(&p->lock);
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	/* A FIFO nobody has open forgets its contents, as on Linux. */
	if (!p->readers && !p->writers)
		p->len = p->head = 0;
	wake_readers(p);
	wake_writers(p);
	mutex_unlock(&p->lock);
	return 0;
}

/*
 * Opening a FIFO waits for the other end unless O_NONBLOCK or O_RDWR.  A
 * pipe reopened through /proc/<pid>/fd/N never waits, as on Linux: its
 * other end may be long gone.
 */
static int fifo_open(struct inode *inode, struct file *f)
{
	bool is_pipe = inode->i_sb == pipe_mnt->mnt_sb;
	struct pipe_inode_info *p;
	int err = 0;

	mutex_lock(&inode->i_mutex);
	if (!inode->i_pipe)
		inode->i_pipe = alloc_pipe_info();
	p = inode->i_pipe;
	mutex_unlock(&inode->i_mutex);
	if (!p)
		return -ENOMEM;
	f->private_data = p;
	f->f_mode &= ~FMODE_LSEEK;

	mutex_lock(&p->lock);
	switch (f->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ: {
		unsigned int w = p->w_counter;

		p->readers++;
		p->r_counter++;
		wake_writers(p);
		if (p->writers || is_pipe || (f->f_flags & O_NONBLOCK))
			break;
		mutex_unlock(&p->lock);
		err = pipe_wait_event(p->rd_wait, READ_ONCE(p->w_counter) != w);
		mutex_lock(&p->lock);
		if (err)
			p->readers--;
		break;
	}
	case FMODE_WRITE: {
		unsigned int r = p->r_counter;

		if (!p->readers && !is_pipe && (f->f_flags & O_NONBLOCK)) {
			err = -ENXIO;
			break;
		}
		p->writers++;
		p->w_counter++;
		wake_readers(p);
		if (p->readers || is_pipe)
			break;
		mutex_unlock(&p->lock);
		err = pipe_wait_event(p->wr_wait, READ_ONCE(p->r_counter) != r);
		mutex_lock(&p->lock);
		if (err)
			p->writers--;
		break;
	}
	default:
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
		wake_readers(p);
		wake_writers(p);
		break;
	}
	mutex_unlock(&p->lock);
	return err;
}

const struct file_operations fifo_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.llseek = no_llseek,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.poll_gen = pipe_poll_gen,
	.release = pipe_release,
};

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.llseek = no_llseek,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.poll_gen = pipe_poll_gen,
	.release = pipe_release,
};

/* pipefs: where anonymous pipes' inodes live. */
static void pipefs_evict(struct inode *inode)
{
	free_pipe_info(inode);
}

static const struct super_operations pipefs_sops = {
	.evict_inode = pipefs_evict,
};

static struct super_block *pipefs_get_sb(struct file_system_type *type,
					 int flags, const char *dev,
					 const void *data)
{
	struct super_block *sb = sget_anon(type, &pipefs_sops);

	if (sb)
		sb->s_magic = PIPEFS_MAGIC;

	return sb_attach_root(sb, sb ? new_inode(sb, S_IFDIR | 0700) : NULL);
}

static struct file_system_type pipefs_type = {
	.name = "pipefs",
	.get_sb = pipefs_get_sb,
};


int pipefs_init(void);
int pipefs_init(void)
{
	pipe_mnt = kern_mount(&pipefs_type);
	return IS_ERR(pipe_mnt) ? PTR_ERR(pipe_mnt) : 0;
}

int create_pipe_files(struct file *res[2], int flags)
{
	struct inode *inode;
	struct dentry *d;
	struct path path;

	inode = new_inode(pipe_mnt->mnt_sb, S_IFIFO | 0600);
	if (!inode)
		return -ENOMEM;
	/* Reopened through /proc/<pid>/fd/N, a pipe opens as a FIFO does. */
	inode->i_fop = &fifo_fops;
	inode->i_uid = current->cred.fsuid;
	inode->i_gid = current->cred.fsgid;
	inode->i_pipe = alloc_pipe_info();
	d = inode->i_pipe ? d_alloc(pipe_mnt->mnt_root, "pipe:", 5) : NULL;
	if (!d) {
		iput(inode);
		return -ENOMEM;
	}
	d_instantiate(d, inode);	/* unlinked: no lookup finds it */
	inode->i_pipe->readers = inode->i_pipe->writers = 1;
	/* Each end was opened once: a reader sees POLLHUP when the writer goes. */
	inode->i_pipe->r_counter = inode->i_pipe->w_counter = 1;
	path.mnt = pipe_mnt;
	path.dentry = d;
	res[0] = alloc_file(&path, O_RDONLY | (flags & O_NONBLOCK), &pipe_fops);
	if (IS_ERR(res[0])) {
		dput(d);
		return PTR_ERR(res[0]);
	}
	res[1] = alloc_file(&path, O_WRONLY | (flags & O_NONBLOCK), &pipe_fops);
	dput(d);
	if (IS_ERR(res[1])) {
		inode->i_pipe->writers = 0;
		fput(res[0]);
		return PTR_ERR(res[1]);
	}
	res[0]->private_data = res[1]->private_data = inode->i_pipe;
	res[0]->f_mode &= ~FMODE_LSEEK;
	res[1]->f_mode &= ~FMODE_LSEEK;
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, ufds, int, flags)
{
	struct file *files[2];
	int err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	return fd_install_pair(files, flags, ufds);
}

SYSCALL_DEFINE1(pipe, int __user *, ufds)
{
	return __do_sys_pipe2(ufds, 0);
}
