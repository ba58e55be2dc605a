// SPDX-License-Identifier: MIT
/*
 * The device registry: one struct device per device Core knows of, in
 * registration order.  Devices are never removed (no hot-unplug yet),
 * so the list only grows; device_for_each() holds the lock only to step
 * to the next entry and calls its callback with no lock held, so the
 * callback may sleep, probe a driver or register more devices.
 *
 * The binding fields (state, driver, instance, last_error) belong to
 * the driver core (kernel/kabi/), which serialises them itself.
 */
#include <umka/device.h>
#include <umka/errno.h>
#include <umka/kprintf.h>
#include <umka/list.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/slab.h>
#include <umka/spinlock.h>
#include <umka/string.h>
#include <kabi/kernel_services.h>

static LIST_HEAD(devices);
static DEFINE_SPINLOCK(devices_lock, LOCK_LEVEL_DEVICES);
static unsigned nr_devices;

void device_registry_init(void)
{
	/* The list is static; nothing to set up.  Kept for the boot order. */
}

static bool name_taken(const char *name)
{
	struct device *d;

	list_for_each_entry(d, &devices, node)
		if (!strcmp(d->name, name))
			return true;
	return false;
}

/* Appends unless a device of that name exists; frees dev then. */
static struct device *add(struct device *dev)
{
	unsigned long flags = spin_lock_irqsave(&devices_lock);

	if (name_taken(dev->name)) {
		spin_unlock_irqrestore(&devices_lock, flags);
		pr_warn("device: %s registered twice, ignored\n", dev->name);
		kfree(dev);
		return NULL;
	}
	list_add_tail(&dev->node, &devices);
	nr_devices++;
	spin_unlock_irqrestore(&devices_lock, flags);
	return dev;
}

struct device *device_add_pci(struct pci_dev *pci)
{
	struct device *dev;
	char loc[16];

	if (!pci)
		return NULL;
	dev = kzalloc(sizeof(*dev));
	if (!dev)
		return NULL;
	pci_dev_name(pci, loc, sizeof(loc));
	snprintf(dev->name, sizeof(dev->name), "pci:%s", loc);
	dev->bus = KABI_BUS_PCI;
	dev->pci = pci;
	dev->state = DEVICE_UNBOUND;
	return add(dev);
}

static bool platform_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (!n || n >= sizeof(((struct device *)0)->platform_name))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

struct device *device_add_platform(const char *name, u16 port_base,
				   u16 port_len, u8 isa_irq)
{
	struct device *dev;

	if (!platform_name_ok(name) || !port_len ||
	    (u32)port_base + port_len > 0x10000 || isa_irq >= 16)
		return NULL;
	dev = kzalloc(sizeof(*dev));
	if (!dev)
		return NULL;
	snprintf(dev->name, sizeof(dev->name), "platform:%s", name);
	strlcpy(dev->platform_name, name, sizeof(dev->platform_name));
	dev->bus = KABI_BUS_PLATFORM;
	dev->port_base = port_base;
	dev->port_len = port_len;
	dev->isa_irq = isa_irq;
	dev->state = DEVICE_UNBOUND;
	return add(dev);
}

int device_for_each(int (*fn)(struct device *dev, void *arg), void *arg)
{
	struct list_head *pos = &devices;

	for (;;) {
		unsigned long flags = spin_lock_irqsave(&devices_lock);
		int ret;

		pos = pos->next;
		spin_unlock_irqrestore(&devices_lock, flags);
		if (pos == &devices)
			return 0;
		ret = fn(list_entry(pos, struct device, node), arg);
		if (ret)
			return ret;
	}
}

struct device *device_find(const char *name)
{
	unsigned long flags = spin_lock_irqsave(&devices_lock);
	struct device *d, *found = NULL;

	list_for_each_entry(d, &devices, node) {
		if (!strcmp(d->name, name)) {
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&devices_lock, flags);
	return found;
}

unsigned device_count(void)
{
	return __atomic_load_n(&nr_devices, __ATOMIC_RELAXED);
}

const char *device_state_name(enum device_state s)
{
	switch (s) {
	case DEVICE_UNBOUND:
		return "unbound";
	case DEVICE_PROBING:
		return "probing";
	case DEVICE_BOUND:
		return "bound";
	case DEVICE_FAILED:
		return "failed";
	}
	return "?";
}
