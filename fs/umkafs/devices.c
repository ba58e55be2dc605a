// SPDX-License-Identifier: MIT
/*
 * /ukfs/kernel/devices/<name>/: the device registry (include/umka/
 * device.h), one directory per device under its registry name
 * ("pci:0000:00:03.0", "platform:serial0").  The registry lock ranks
 * after the VFS locks and device_for_each() calls back with no lock
 * held, so names are looked up in the registry itself, even inside a
 * path walk.  PCI numbers use the layout of Linux's sysfs ("0x1af4").
 */
#include "internal.h"
#include <umka/device.h>
#include <umka/kabi.h>
#include <umka/pci.h>
#include <umka/string.h>
#include <kabi/kernel_services.h>

struct dev_call {
	const char *name;
	struct device *dev;
};

static int dev_match(struct device *dev, void *arg)
{
	struct dev_call *c = arg;

	if (strcmp(dev->name, c->name))
		return 0;
	c->dev = dev;
	return 1;
}

/*
 * The device of that name, or NULL.  Devices are never removed from the
 * registry, so the pointer stays valid; only the binding fields change.
 */
static struct device *find_device(const char *name)
{
	struct dev_call c = { .name = name };

	device_for_each(dev_match, &c);
	return c.dev;
}

static const char *bus_name(u32 bus)
{
	switch (bus) {
	case KABI_BUS_PCI:
		return "pci";
	case KABI_BUS_PLATFORM:
		return "platform";
	}
	return "unknown";
}

static void fmt_bus(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "%s\n", bus_name(dev->bus));
}

static void fmt_vendor(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "0x%04x\n", dev->pci->vendor);
}

static void fmt_device(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "0x%04x\n", dev->pci->device);
}

static void fmt_subsystem_vendor(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "0x%04x\n", dev->pci->subsys_vendor);
}

static void fmt_subsystem_device(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "0x%04x\n", dev->pci->subsys_device);
}

static void fmt_class(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "0x%06x\n", dev->pci->class_code);
}

static void fmt_revision(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "0x%02x\n", dev->pci->revision);
}

static void fmt_ports(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "0x%x-0x%x\n", dev->port_base,
		   dev->port_base + dev->port_len - 1);
}

static void fmt_irq(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "%u\n", dev->isa_irq);
}

struct bound_by {
	struct device *dev;
	struct seq_buf *s;
};

static int show_binder(struct kdriver *d, void *arg)
{
	struct bound_by *b = arg;

	/* Binding changes under the driver list lock, which we hold. */
	if (b->dev->driver != d)
		return 0;
	seq_printf(b->s, "%s\n", d->name);
	return 1;
}

/* The bound driver's name, or nothing at all when none is. */
static void fmt_driver(struct seq_buf *s, struct device *dev)
{
	struct bound_by b = { .dev = dev, .s = s };

	kdriver_for_each(show_binder, &b);
}

static void fmt_state(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "%s\n", device_state_name(dev->state));
}

/* What the last probe() returned: 0, or a negative errno. */
static void fmt_last_error(struct seq_buf *s, struct device *dev)
{
	seq_printf(s, "%d\n", dev->last_error);
}

#define DEVICE_FILE(n)                                                     \
	static int show_##n(struct seq_buf *s, const struct proc_inode *pi) \
	{                                                                  \
		struct device *dev = find_device(pi->name);                \
									   \
		if (!dev)                                                  \
			return -ENOENT;                                    \
		fmt_##n(s, dev);                                           \
		return 0;                                                  \
	}
DEVICE_FILE(bus)
DEVICE_FILE(vendor)
DEVICE_FILE(device)
DEVICE_FILE(subsystem_vendor)
DEVICE_FILE(subsystem_device)
DEVICE_FILE(class)
DEVICE_FILE(revision)
DEVICE_FILE(ports)
DEVICE_FILE(irq)
DEVICE_FILE(driver)
DEVICE_FILE(state)
DEVICE_FILE(last_error)

#define DEVICE_COMMON_ENTRIES                                   \
	PROC_FILE("bus", 0444, show_bus),                       \
	PROC_FILE("driver", 0444, show_driver),                 \
	PROC_FILE("state", 0444, show_state),                   \
	PROC_FILE("last_error", 0444, show_last_error)

static const struct proc_entry pci_entries[] = {
	DEVICE_COMMON_ENTRIES,
	PROC_FILE("vendor", 0444, show_vendor),
	PROC_FILE("device", 0444, show_device),
	PROC_FILE("subsystem_vendor", 0444, show_subsystem_vendor),
	PROC_FILE("subsystem_device", 0444, show_subsystem_device),
	PROC_FILE("class", 0444, show_class),
	PROC_FILE("revision", 0444, show_revision),
};

static const struct proc_entry platform_entries[] = {
	DEVICE_COMMON_ENTRIES,
	PROC_FILE("ports", 0444, show_ports),
	PROC_FILE("irq", 0444, show_irq),
};

static const struct proc_entry other_entries[] = {
	DEVICE_COMMON_ENTRIES,
};

static const struct proc_entry pci_dir = PROC_DIR("", 0555, pci_entries);
static const struct proc_entry platform_dir =
	PROC_DIR("", 0555, platform_entries);
static const struct proc_entry other_dir = PROC_DIR("", 0555, other_entries);

static const struct proc_entry *devices_lookup(const char *name)
{
	struct device *dev = find_device(name);

	if (!dev)
		return NULL;
	if (dev->bus == KABI_BUS_PCI && dev->pci)
		return &pci_dir;
	if (dev->bus == KABI_BUS_PLATFORM)
		return &platform_dir;
	return &other_dir;
}

struct list_call {
	int (*emit)(void *ctx, const char *name);
	void *ctx;
};

static int list_one(struct device *dev, void *arg)
{
	struct list_call *c = arg;

	return c->emit(c->ctx, dev->name);
}

static int devices_list(int (*emit)(void *ctx, const char *name), void *ctx)
{
	struct list_call c = { .emit = emit, .ctx = ctx };

	return device_for_each(list_one, &c);
}

const struct proc_named_ops ukfs_devices_ops = {
	.lookup = devices_lookup,
	.list = devices_list,
};
