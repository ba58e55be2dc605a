// SPDX-License-Identifier: MIT
/*
 * read, write, readv, writev, pread64, pwrite64, preadv(2), pwritev(2),
 * lseek, sendfile; and
 * kernel_read()/kernel_write() for the kernel's own use.
 *
 * Errors:
 *   EBADF    fd not open, or not open for reading (writing); O_PATH fds
 *   EFAULT   the buffer is not user memory (nothing copied yet)
 *   EISDIR   read of a directory
 *   EINVAL   no such operation on this file; negative pread/pwrite
 *            offset; iovcnt < 0 or > 1024; lseek whence unknown or the
 *            result negative; sendfile to an O_APPEND file
 *   ESPIPE   pread/pwrite/lseek on a pipe or FIFO
 *   EAGAIN   O_NONBLOCK and nothing ready (pipes)
 *   EPIPE    write to a pipe with no reader (SIGPIPE too)
 *   EINTR    a signal arrived while blocked, before any data moved
 *   EFBIG    write beyond the largest file size, or at RLIMIT_FSIZE
 *            (SIGXFSZ too; a write crossing it is cut short)
 *   ENOSPC   out of memory for file pages
 */
#include <umka/vm.h>
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/fsnotify.h>
#include <umka/slab.h>
#include <umka/syscall.h>
#include <umka/mm.h>
#include <umka/proc.h>
#include <umka/signal.h>

#define MAX_RW_COUNT (0x7fffffffL & PAGE_MASK)
#define UIO_MAXIOV 1024

ssize_t vfs_read(struct file *f, struct uio *u, loff_t *pos)
{
	ssize_t r;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op->read)
		return -EINVAL;
	if (u->len > MAX_RW_COUNT)
		u->len = MAX_RW_COUNT;
	if (!u->len)
		return 0;
	r = f->f_op->read(f, u, pos);
	if (r > 0)
		fsnotify_access(f);
	return r;
}

/*
 * RLIMIT_FSIZE: a file may not grow past it.  Writing at or beyond the
 * limit is EFBIG with SIGXFSZ; a write that crosses it is cut short
 * (*len is trimmed; NULL for a truncate to @pos).
 */
int fsize_limit_check(loff_t pos, size_t *len)
{
	u64 limit = rlimit_cur(RLIMIT_FSIZE_RES);

	if (limit == ~0ULL)
		return 0;
	if ((u64)pos >= limit + (len ? 0 : 1)) {
		send_signal(current, SIGXFSZ, SI_USER, 0);
		return -EFBIG;
	}
	if (len && *len > limit - pos)
		*len = limit - pos;
	return 0;
}

ssize_t vfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	ssize_t r;
	int err;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op->write)
		return -EINVAL;
	if (u->len > MAX_RW_COUNT)
		u->len = MAX_RW_COUNT;
	if (!u->len && !S_ISFIFO(f->f_inode->i_mode))
		return 0;
	if (S_ISREG(f->f_inode->i_mode)) {
		loff_t at = f->f_flags & O_APPEND ? f->f_inode->i_size : *pos;

		err = fsize_limit_check(at, &u->len);
		if (err)
			return err;
	}
	r = f->f_op->write(f, u, pos);
	if (r > 0)
		fsnotify_modify(f);
	return r;
}

static void pos_lock(struct file *f)
{
	if (f->f_mode & FMODE_ATOMIC_POS)
		mutex_lock(&f->f_pos_lock);
}

static void pos_unlock(struct file *f)
{
	if (f->f_mode & FMODE_ATOMIC_POS)
		mutex_unlock(&f->f_pos_lock);
}

/* I/O at the file position, which moves by what was transferred. */
/* User buffers are paged in before any file lock is taken (see vm.h). */
static void prefault(const struct uio *u)
{
	if (!u->kernel)
		fault_in_user_range((unsigned long)u->base, u->len);
}

static ssize_t rw_at_fpos(struct file *f, struct uio *u, bool write)
{
	loff_t pos;
	ssize_t r;

	prefault(u);
	pos_lock(f);
	pos = f->f_pos;
	r = write ? vfs_write(f, u, &pos) : vfs_read(f, u, &pos);
	if (r >= 0)
		f->f_pos = pos;
	pos_unlock(f);
	return r;
}

ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct uio u = { .base = buf, .len = n, .kernel = true };

	if (!pos)
		return rw_at_fpos(f, &u, false);
	return vfs_read(f, &u, pos);
}

ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	struct uio u = { .base = (char *)buf, .len = n, .kernel = true };

	if (!pos)
		return rw_at_fpos(f, &u, true);
	return vfs_write(f, &u, pos);
}

static long rw_fd(unsigned int fd, char __user *buf, size_t count,
		  bool write)
{
	struct uio u = { .base = buf, .len = count };
	struct file *f;
	long r;

	if (!access_ok(buf, count))
		return -EFAULT;
	f = fget(fd);
	if (!f)
		return -EBADF;
	r = rw_at_fpos(f, &u, write);
	fput(f);
	return r;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	return rw_fd(fd, buf, count, false);
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
		size_t, count)
{
	return rw_fd(fd, (char __user *)buf, count, true);
}

static long prw_fd(unsigned int fd, char __user *buf, size_t count,
		   loff_t pos, bool write)
{
	struct uio u = { .base = buf, .len = count };
	struct file *f;
	long r;

	if (pos < 0)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	f = fget(fd);
	if (!f)
		return -EBADF;
	prefault(&u);
	if (!(f->f_mode & FMODE_LSEEK))
		r = -ESPIPE;
	else
		r = write ? vfs_write(f, &u, &pos) : vfs_read(f, &u, &pos);
	fput(f);
	return r;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf,
		size_t, count, loff_t, pos)
{
	return prw_fd(fd, buf, count, pos, false);
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf,
		size_t, count, loff_t, pos)
{
	return prw_fd(fd, (char __user *)buf, count, pos, true);
}

/* One segment, at the file position (@pos NULL) or at *@pos. */
static ssize_t rw_segment(struct file *f, struct uio *u, loff_t *pos,
			  bool write)
{
	if (!pos)
		return rw_at_fpos(f, u, write);
	prefault(u);
	return write ? vfs_write(f, u, pos) : vfs_read(f, u, pos);
}

static long rw_vec(unsigned long fd, const struct iovec __user *uvec,
		   unsigned long vlen, loff_t *pos, bool write)
{
	struct iovec *vec;
	struct file *f;
	size_t total = 0;
	long done = 0;

	if (pos && *pos < 0)
		return -EINVAL;
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	if (!vlen)
		return 0;
	vec = kmalloc(vlen * sizeof(*vec));
	if (!vec)
		return -ENOMEM;
	if (copy_from_user(vec, uvec, vlen * sizeof(*vec))) {
		kfree(vec);
		return -EFAULT;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		if (vec[i].iov_len > (size_t)MAX_RW_COUNT - total ||
		    (ssize_t)vec[i].iov_len < 0) {
			kfree(vec);
			return -EINVAL;
		}
		total += vec[i].iov_len;
		if (!access_ok(vec[i].iov_base, vec[i].iov_len)) {
			kfree(vec);
			return -EFAULT;
		}
	}
	f = fget(fd);
	if (!f) {
		kfree(vec);
		return -EBADF;
	}
	if (pos && !(f->f_mode & FMODE_LSEEK))
		vlen = 0, done = -ESPIPE;
	if (!pos && f->f_op->rw_vec) {
		done = f->f_op->rw_vec(f, vec, vlen, write);
		vlen = 0;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		struct uio u = { .base = vec[i].iov_base,
				 .len = vec[i].iov_len };
		long r;

		if (!u.len)
			continue;
		r = rw_segment(f, &u, pos, write);
		if (r < 0) {
			if (!done)
				done = r;
			break;
		}
		done += r;
		if ((size_t)r < vec[i].iov_len)
			break;		/* short: stop, as one call would */
	}
	fput(f);
	kfree(vec);
	return done;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return rw_vec(fd, vec, vlen, NULL, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return rw_vec(fd, vec, vlen, NULL, true);
}

/*
 * The positioned forms take the offset split in two longs for 32-bit
 * callers; on x86-64 the low one holds all of it.
 */
SYSCALL_DEFINE5(preadv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	loff_t pos = (loff_t)pos_l;

	(void)pos_h;
	return rw_vec(fd, vec, vlen, &pos, false);
}

SYSCALL_DEFINE5(pwritev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	loff_t pos = (loff_t)pos_l;

	(void)pos_h;
	return rw_vec(fd, vec, vlen, &pos, true);
}

/* RWF_HIPRI, RWF_DSYNC and RWF_SYNC are no-ops for in-memory files. */
#define RWF_SUPPORTED (0x1 | 0x2 | 0x4)

static long rw_vec2(unsigned long fd, const struct iovec __user *vec,
		    unsigned long vlen, unsigned long pos_l, int flags,
		    bool write)
{
	loff_t pos = (loff_t)pos_l;

	if (flags & ~RWF_SUPPORTED)
		return -EOPNOTSUPP;
	/* An offset of -1 means the file position, as readv/writev. */
	return rw_vec(fd, vec, vlen, pos == -1 ? NULL : &pos, write);
}

SYSCALL_DEFINE6(preadv2, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h,
		int, flags)
{
	(void)pos_h;
	return rw_vec2(fd, vec, vlen, pos_l, flags, false);
}

SYSCALL_DEFINE6(pwritev2, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h,
		int, flags)
{
	(void)pos_h;
	return rw_vec2(fd, vec, vlen, pos_l, flags, true);
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, loff_t, offset, unsigned int,
		whence)
{
	struct file *f = fget(fd);
	loff_t r;

	if (!f)
		return -EBADF;
	if (whence > SEEK_HOLE)
		r = -EINVAL;
	else if (!(f->f_mode & FMODE_LSEEK) || !f->f_op->llseek)
		r = -ESPIPE;
	else {
		pos_lock(f);
		r = f->f_op->llseek(f, offset, whence);
		pos_unlock(f);
	}
	fput(f);
	return r;
}

/*
 * Copy up to @count bytes from @in to @out through a kernel page, at
 * *ipos / *opos or (NULL) at the files' positions.  Bytes read but not
 * written go back to the input.  Returns bytes copied or -errno.
 */
static long copy_through_page(struct file *in, loff_t *ipos, struct file *out,
			      loff_t *opos, size_t count)
{
	char *buf = kmalloc(PAGE_SIZE);
	long done = 0;

	if (!buf)
		return -ENOMEM;
	count = min(count, (size_t)MAX_RW_COUNT);
	while ((size_t)done < count) {
		size_t n = min(count - done, PAGE_SIZE);
		ssize_t r = kernel_read(in, buf, n, ipos), w;

		if (r <= 0) {
			if (!done)
				done = r;
			break;
		}
		w = kernel_write(out, buf, r, opos);
		if (w < r) {
			*(ipos ? ipos : &in->f_pos) -= r - (w > 0 ? w : 0);
			if (w < 0) {
				if (!done)
					done = w;
				break;
			}
		}
		done += w;
		if (w < r)
			break;
	}
	kfree(buf);
	return done;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, loff_t __user *, offset,
		size_t, count)
{
	struct file *in, *out;
	loff_t pos = 0;
	long done;

	in = fget(in_fd);
	if (!in)
		return -EBADF;
	out = fget(out_fd);
	if (!out) {
		fput(in);
		return -EBADF;
	}
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE)) {
		done = -EBADF;
		goto out;
	}
	if (out->f_flags & O_APPEND) {
		done = -EINVAL;
		goto out;
	}
	if (offset) {
		if (get_user(pos, offset)) {
			done = -EFAULT;
			goto out;
		}
		if (pos < 0) {
			done = -EINVAL;
			goto out;
		}
	}
	done = copy_through_page(in, offset ? &pos : NULL, out, NULL, count);
	if (offset && put_user(pos, offset) && done >= 0)
		done = -EFAULT;
out:
	fput(out);
	fput(in);
	return done;
}

/* copy_file_range's checks of the two files, in Linux's order. */
static long check_copy_range(struct file *in, loff_t ipos, struct file *out,
			     loff_t opos, size_t len)
{
	struct inode *a = in->f_inode, *b = out->f_inode;

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE) ||
	    (out->f_flags & O_APPEND))
		return -EBADF;
	if (S_ISDIR(a->i_mode) || S_ISDIR(b->i_mode))
		return -EISDIR;
	if (!S_ISREG(a->i_mode) || !S_ISREG(b->i_mode))
		return -EINVAL;
	if (ipos < 0 || opos < 0)
		return -EINVAL;
	if (a == b && ipos < opos + (loff_t)len && opos < ipos + (loff_t)len)
		return -EINVAL;	/* overlapping ranges of one file */
	if (a->i_sb != b->i_sb)
		return -EXDEV;	/* callers fall back to read and write */
	return 0;
}

static int get_pos(loff_t __user *u, struct file *f, loff_t *pos)
{
	if (!u) {
		*pos = f->f_pos;
		return 0;
	}
	return get_user(*pos, u) ? -EFAULT : 0;
}

SYSCALL_DEFINE6(copy_file_range, int, fd_in, loff_t __user *, off_in,
		int, fd_out, loff_t __user *, off_out, size_t, len,
		unsigned int, flags)
{
	struct file *in = fget(fd_in), *out = fget(fd_out);
	loff_t ipos, opos;
	long done;

	if (!in || !out) {
		done = -EBADF;
		goto out;
	}
	done = flags ? -EINVAL : get_pos(off_in, in, &ipos);
	if (!done)
		done = get_pos(off_out, out, &opos);
	if (!done)
		done = check_copy_range(in, ipos, out, opos, len);
	if (done || !len)
		goto out;
	done = copy_through_page(in, off_in ? &ipos : NULL, out,
				 off_out ? &opos : NULL, len);
	if (done > 0 && ((off_in && put_user(ipos, off_in)) ||
			 (off_out && put_user(opos, off_out))))
		done = -EFAULT;
out:
	if (in)
		fput(in);
	if (out)
		fput(out);
	return done;
}
