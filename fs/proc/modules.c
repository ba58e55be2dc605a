// SPDX-License-Identifier: MIT
/*
 * /proc/modules, in Linux's format, listing the loaded KABI drivers so
 * that lsmod works: name, size of the image, bound devices as the use
 * count, no dependencies, state, load address.
 */
#include <umka/kabi.h>
#include "internal.h"

static int show_driver(struct kdriver *d, void *arg)
{
	seq_printf(arg, "%s %llu %u - Live 0x%016lx\n", d->name,
		   (unsigned long long)d->image_size, d->nr_devices,
		   (unsigned long)d->image);
	return 0;
}

int proc_modules_show(struct seq_buf *s, const struct proc_inode *pi)
{
	kdriver_for_each(show_driver, s);
	return 0;
}
