// SPDX-License-Identifier: MIT
/*
 * struct file: allocation, references and the last close; the uio copy
 * helpers that let one read/write method serve user and kernel buffers.
 */
#include <umka/file.h>
#include <umka/fsnotify.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <uapi/fcntl.h>

struct file *alloc_file(const struct path *path, unsigned int flags,
			const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f));
	unsigned int acc = flags & O_ACCMODE;

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_count = 1;
	f->f_path = *path;
	path_get(path);
	f->f_inode = path->dentry->d_inode;
	ihold(f->f_inode);
	f->f_op = fop;
	/* do_filp_open() drops the open-time flags once ->open has seen them. */
	f->f_flags = flags & ~O_CLOEXEC;
	if (flags & O_PATH)
		f->f_mode = FMODE_PATH;
	else {
		if (acc == O_RDONLY || acc == O_RDWR)
			f->f_mode |= FMODE_READ;
		if (acc == O_WRONLY || acc == O_RDWR)
			f->f_mode |= FMODE_WRITE;
		f->f_mode |= FMODE_LSEEK;
	}
	mutex_init(&f->f_pos_lock, "f_pos", LOCK_LEVEL_FILE_POS);
	return f;
}

struct file *get_file(struct file *f)
{
	__atomic_add_fetch(&f->f_count, 1, __ATOMIC_RELAXED);
	return f;
}

void fput(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->f_count, 1, __ATOMIC_ACQ_REL))
		return;
	/* Files whose open failed have no ops and report nothing. */
	if (f->f_op)
		fsnotify_close(f);
	if (READ_ONCE(f->f_flocked))
		flock_release(f);
	if (f->f_op && f->f_op->release && !(f->f_mode & FMODE_PATH))
		f->f_op->release(f->f_inode, f);
	iput(f->f_inode);
	path_put(&f->f_path);
	kfree(f);
}

loff_t generic_file_llseek(struct file *f, loff_t off, int whence,
			   loff_t size)
{
	loff_t pos;

	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		pos = f->f_pos + off;
		break;
	case SEEK_END:
		pos = size + off;
		break;
	case SEEK_DATA:		/* no holes reported: data runs to EOF */
		if (off >= size || off < 0)
			return -ENXIO;
		pos = off;
		break;
	case SEEK_HOLE:
		if (off >= size || off < 0)
			return -ENXIO;
		pos = size;
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->f_pos = pos;
	return pos;
}

loff_t no_llseek(struct file *f, loff_t off, int whence)
{
	return -ESPIPE;
}

ssize_t uio_copy_out(struct uio *u, const void *src, size_t n)
{
	n = min(n, u->len);
	if (u->kernel)
		memcpy(u->base, src, n);
	else if (copy_to_user(u->base, src, n))
		return -EFAULT;
	u->base += n;
	u->len -= n;
	return n;
}

ssize_t uio_copy_in(void *dst, struct uio *u, size_t n)
{
	n = min(n, u->len);
	if (u->kernel)
		memcpy(dst, u->base, n);
	else if (copy_from_user(dst, u->base, n))
		return -EFAULT;
	u->base += n;
	u->len -= n;
	return n;
}

ssize_t uio_zero(struct uio *u, size_t n)
{
	n = min(n, u->len);
	if (u->kernel)
		memset(u->base, 0, n);
	else if (clear_user(u->base, n))
		return -EFAULT;
	u->base += n;
	u->len -= n;
	return n;
}
