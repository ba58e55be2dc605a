// SPDX-License-Identifier: MIT
/*
 * The memory devices of major 1: null (3), zero (5), full (7),
 * random (8), urandom (9) and kmsg (11).  Both random devices read from the
 * kernel CSPRNG, which is seeded before user space runs, so neither
 * blocks (as on Linux since 5.6 once the pool is ready); writes to
 * them are accepted and mixed in.
 */
#include "internal.h"
#include <umka/chrdev.h>
#include <umka/random.h>
#include <umka/slab.h>
#include <umka/mm.h>
#include <umka/string.h>
#include <umka/printk.h>

static loff_t null_lseek(struct file *f, loff_t off, int whence)
{
	f->f_pos = 0;
	return 0;
}

static ssize_t null_read(struct file *f, struct uio *u, loff_t *pos)
{
	return 0;
}

static ssize_t sink_write(struct file *f, struct uio *u, loff_t *pos)
{
	size_t n = u->len;

	u->len = 0;
	return n;
}

static ssize_t zero_read(struct file *f, struct uio *u, loff_t *pos)
{
	return uio_zero(u, u->len);
}

static ssize_t full_write(struct file *f, struct uio *u, loff_t *pos)
{
	return -ENOSPC;
}

static ssize_t random_read(struct file *f, struct uio *u, loff_t *pos)
{
	char buf[256];
	ssize_t done = 0;

	while (u->len) {
		size_t n = min(u->len, sizeof(buf));
		ssize_t r;

		get_random_bytes(buf, n);
		r = uio_copy_out(u, buf, n);
		if (r < 0) {
			done = done ? done : r;
			break;
		}
		done += r;
	}
	memset(buf, 0, sizeof(buf));	/* no key material left behind */
	return done;
}

/*
 * /dev/kmsg, writing side: each write() is one log record, with an
 * optional "<N>" prefix giving its level (the facility bits above the
 * level are ignored); as on Linux a record is cut at 1 KiB.
 */
#define KMSG_LINE_MAX 1024

static ssize_t kmsg_write(struct file *f, struct uio *u, loff_t *pos)
{
	size_t n = u->len, take = min(n, (size_t)KMSG_LINE_MAX - 1);
	char *buf = kmalloc(KMSG_LINE_MAX), *s;
	int level = LOGLEVEL_DEFAULT;
	char fmt[] = KERN_SOH "4%s%s";
	ssize_t r;

	if (!buf)
		return -ENOMEM;
	r = uio_copy_in(buf, u, take);
	if (r < 0) {
		kfree(buf);
		return r;
	}
	buf[r] = '\0';
	s = buf;
	if (s[0] == '<') {
		char *end = s + 1;
		unsigned int v = 0;

		while (*end >= '0' && *end <= '9' && end < s + 12)
			v = v * 10 + (unsigned int)(*end++ - '0');
		if (end > s + 1 && *end == '>') {
			level = v & 7;
			s = end + 1;
		}
	}
	r = strlen(s);
	fmt[1] = (char)('0' + level);
	printk(fmt, s, r && s[r - 1] == '\n' ? "" : "\n");
	kfree(buf);
	u->len = 0;
	return n;
}

static int mem_fsync(struct file *f, int datasync)
{
	return -EINVAL;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek, .read = null_read, .write = sink_write,
};

static const struct file_operations zero_fops = {
	.llseek = null_lseek, .read = zero_read, .write = sink_write,
};

static const struct file_operations full_fops = {
	.llseek = null_lseek, .read = zero_read, .write = full_write,
	.fsync = mem_fsync,
};

static const struct file_operations random_fops = {
	.llseek = null_lseek, .read = random_read, .write = sink_write,
};

static const struct file_operations kmsg_fops = {
	.llseek = null_lseek, .write = kmsg_write,
};

int memdev_init(void)
{
	static const struct {
		unsigned int minor;
		const char *name;
		const struct file_operations *fops;
	} devs[] = {
		{ 3, "null", &null_fops },
		{ 5, "zero", &zero_fops },
		{ 7, "full", &full_fops },
		{ 8, "random", &random_fops },
		{ 9, "urandom", &random_fops },
		{ 11, "kmsg", &kmsg_fops },
	};
	int err = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(devs) && !err; i++)
		err = register_chrdev(MEM_MAJOR, devs[i].minor, 1, devs[i].name,
				      devs[i].fops);
	return err;
}
