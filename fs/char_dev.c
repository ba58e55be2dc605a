// SPDX-License-Identifier: MIT
/*
 * The character-device registry: ranges of (major, minor) mapped to a
 * driver's file_operations.  Opening a device node swaps the file's
 * operations for the driver's and calls the driver's open.
 */
#include "internal.h"
#include <umka/chrdev.h>
#include <umka/slab.h>

struct chrdev_region {
	struct list_head list;
	unsigned int major, minor_base, count;
	const char *name;
	const struct file_operations *fops;
};

static LIST_HEAD(chrdevs);
static DEFINE_MUTEX(chrdevs_lock, LOCK_LEVEL_CHRDEV);

static bool overlaps(const struct chrdev_region *r, unsigned int major,
		     unsigned int base, unsigned int count)
{
	return r->major == major && base < r->minor_base + r->count &&
	       r->minor_base < base + count;
}

int register_chrdev(unsigned int major, unsigned int minor_base,
		    unsigned int count, const char *name,
		    const struct file_operations *fops)
{
	struct chrdev_region *r, *n;
	int err = 0;

	if (!count || major >= (1U << 12) || minor_base > MINORMASK ||
	    count > MINORMASK + 1 - minor_base || !fops)
		return -EINVAL;
	n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->major = major;
	n->minor_base = minor_base;
	n->count = count;
	n->name = name;
	n->fops = fops;
	mutex_lock(&chrdevs_lock);
	list_for_each_entry(r, &chrdevs, list)
		if (overlaps(r, major, minor_base, count))
			err = -EBUSY;
	if (!err)
		list_add_tail(&n->list, &chrdevs);
	mutex_unlock(&chrdevs_lock);
	if (err)
		kfree(n);
	return err;
}

void unregister_chrdev(unsigned int major, unsigned int minor_base,
		       unsigned int count)
{
	struct chrdev_region *r, *tmp;

	mutex_lock(&chrdevs_lock);
	list_for_each_entry_safe(r, tmp, &chrdevs, list) {
		if (r->major == major && r->minor_base == minor_base &&
		    r->count == count) {
			list_del(&r->list);
			kfree(r);
			break;
		}
	}
	mutex_unlock(&chrdevs_lock);
}

const struct file_operations *chrdev_lookup(dev_t dev)
{
	const struct file_operations *fops = NULL;
	struct chrdev_region *r;

	mutex_lock(&chrdevs_lock);
	list_for_each_entry(r, &chrdevs, list)
		if (overlaps(r, MAJOR(dev), MINOR(dev), 1))
			fops = r->fops;
	mutex_unlock(&chrdevs_lock);
	return fops;
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_lookup(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
