// SPDX-License-Identifier: MIT
/*
 * Binding drivers to devices: match a device against each loaded
 * driver's manifest, make an instance with an empty capability table,
 * and call probe().  A failed probe leaves nothing granted behind.
 */
#include <umka/errno.h>
#include <umka/fs.h>
#include <umka/mutex.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/random.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/vmalloc.h>
#include "internal.h"

static bool id_match(u16 want, u16 have)
{
	return want == KABI_MATCH_ANY || want == have;
}

static bool match_one(const struct kabi_device_match *m,
		      const struct device *dev)
{
	if (m->bus != dev->bus)
		return false;
	if (m->bus == KABI_BUS_PLATFORM)
		return !strncmp((const char *)m->platform_name,
				dev->platform_name, sizeof(m->platform_name));
	if (m->bus != KABI_BUS_PCI || !dev->pci)
		return false;
	return id_match(m->vendor, dev->pci->vendor) &&
	       id_match(m->device, dev->pci->device) &&
	       (dev->pci->class_code & m->class_mask) == m->class_code;
}

static bool driver_matches(const struct kdriver *d, const struct device *dev)
{
	const struct kabi_manifest *m = d->manifest;

	for (u32 i = 0; i < m->nr_matches; i++)
		if (match_one(&m->matches[i], dev))
			return true;
	return false;
}

static struct kabi_instance *instance_new(struct device *dev,
					  struct kdriver *d)
{
	struct kabi_instance *in = kzalloc(sizeof(*in));
	u16 tag;

	if (!in)
		return NULL;
	in->dev = dev;
	in->drv = d;
	spin_lock_init(&in->lock, "kabi_caps", LOCK_LEVEL_KABI_CAPS);
	list_init(&in->allocs);
	do {
		get_random_bytes(&tag, sizeof(tag));
	} while (!tag);
	in->tag = tag;
	return in;
}

static int probe(struct device *dev, struct kdriver *d)
{
	struct kabi_instance *in = instance_new(dev, d);
	int ret;

	if (!in)
		return -ENOMEM;
	dev->state = DEVICE_PROBING;
	dev->driver = d;
	dev->instance = in;
	if (dev->handover)
		dev->handover(dev, true);
	ret = d->ops->probe(in, &kabi_services, &in->drv_ctx);
	if (ret) {
		pr_err("kabi: %s: probe of %s failed: %d\n", d->name,
		       dev->name, ret);
		kabi_instance_release(in);
		kfree(in);
		if (dev->handover)
			dev->handover(dev, false);
		dev->state = DEVICE_FAILED;
		dev->last_error = ret;
		dev->driver = NULL;
		dev->instance = NULL;
		return ret;
	}
	dev->state = DEVICE_BOUND;
	dev->last_error = 0;
	d->nr_devices++;
	pr_info("kabi: %s bound to %s\n", d->name, dev->name);
	return 0;
}

void kabi_bind_device(struct device *dev)
{
	struct kdriver *d;

	mutex_lock(&kabi_drivers_lock);
	if (dev->state == DEVICE_UNBOUND || dev->state == DEVICE_FAILED) {
		list_for_each_entry(d, &kabi_drivers, node) {
			if (driver_matches(d, dev) && !probe(dev, d))
				break;
		}
	}
	mutex_unlock(&kabi_drivers_lock);
}

static void unbind(struct device *dev)
{
	struct kabi_instance *in = dev->instance;
	struct kdriver *d = dev->driver;

	d->ops->remove(in->drv_ctx);
	kabi_instance_release(in);
	kfree(in);
	if (dev->handover)
		dev->handover(dev, false);
	dev->instance = NULL;
	dev->driver = NULL;
	dev->state = DEVICE_UNBOUND;
	d->nr_devices--;
	pr_info("kabi: %s unbound from %s\n", d->name, dev->name);
}

static int unbind_from(struct device *dev, void *arg)
{
	if (dev->driver == arg && dev->state == DEVICE_BOUND)
		unbind(dev);
	return 0;
}

int kabi_unload(const char *name)
{
	struct kdriver *d, *found = NULL;

	mutex_lock(&kabi_drivers_lock);
	list_for_each_entry(d, &kabi_drivers, node)
		if (!strcmp(d->name, name))
			found = d;
	if (found) {
		device_for_each(unbind_from, found);
		list_del(&found->node);
	}
	mutex_unlock(&kabi_drivers_lock);
	if (!found)
		return -ENOENT;
	pr_info("kabi: unloaded %s\n", found->name);
	vfree(found->image);
	kfree(found);
	umkafs_drivers_changed();
	return 0;
}

int kdriver_for_each(int (*fn)(struct kdriver *d, void *arg), void *arg)
{
	struct kdriver *d;
	int ret = 0;

	mutex_lock(&kabi_drivers_lock);
	list_for_each_entry(d, &kabi_drivers, node) {
		ret = fn(d, arg);
		if (ret)
			break;
	}
	mutex_unlock(&kabi_drivers_lock);
	return ret;
}
