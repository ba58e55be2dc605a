// SPDX-License-Identifier: MIT
/*
 * Generated files.  The whole text is produced at open into a kernel
 * buffer (doubling it until the generator fits), so a reader sees one
 * consistent snapshot however it reads and seeks; writable files hand
 * each write(2) to their entry.
 */
#include "internal.h"
#include <umka/slab.h>
#include <umka/string.h>

#define PROC_BUF_MIN 4096
#define PROC_BUF_MAX (4U << 20)

struct proc_text {
	size_t len;
	char data[];
};

static int proc_file_open(struct inode *inode, struct file *f)
{
	const struct proc_inode *pi = PROC_I(inode);
	struct seq_buf s = { 0 };
	struct proc_text *t;
	int err;

	if (!pi->ent->show)
		return 0;	/* write-only */
	for (size_t size = PROC_BUF_MIN; size <= PROC_BUF_MAX; size *= 2) {
		t = kmalloc(sizeof(*t) + size);
		if (!t)
			return -ENOMEM;
		s = (struct seq_buf){ .buf = t->data, .size = size };
		err = pi->ent->show(&s, pi);
		if (err || !s.overflow)
			break;
		kfree(t);
		t = NULL;
	}
	if (!t)
		return -ENOMEM;
	if (err) {
		kfree(t);
		return err;
	}
	t->len = s.len;
	f->private_data = t;
	return 0;
}

static int proc_file_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static ssize_t proc_file_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct proc_text *t = f->private_data;
	size_t n;
	ssize_t r;

	if (!t)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if ((u64)*pos >= t->len)
		return 0;
	n = min(u->len, t->len - (size_t)*pos);
	r = uio_copy_out(u, t->data + *pos, n);
	if (r > 0)
		*pos += r;
	return r;
}

static ssize_t proc_file_write(struct file *f, struct uio *u, loff_t *pos)
{
	const struct proc_inode *pi = PROC_I(f->f_inode);
	char buf[256];
	size_t n = u->len;
	ssize_t r;
	int err;

	if (!pi->ent->write)
		return -EINVAL;
	if (n > sizeof(buf))
		return -EINVAL;
	r = uio_copy_in(buf, u, n);
	if (r < 0)
		return r;
	err = pi->ent->write(pi, buf, r);
	if (err)
		return err;
	*pos += r;
	return r;
}

static loff_t proc_file_llseek(struct file *f, loff_t off, int whence)
{
	struct proc_text *t = f->private_data;

	return generic_file_llseek(f, off, whence, t ? (loff_t)t->len : 0);
}

const struct file_operations proc_file_fops = {
	.open = proc_file_open,
	.release = proc_file_release,
	.read = proc_file_read,
	.write = proc_file_write,
	.llseek = proc_file_llseek,
};
