/* SPDX-License-Identifier: MIT */
/*
 * The device registry: every device Core knows of, which driver is
 * bound to it, and in what state.  umkafs shows it under
 * /ukfs/kernel/devices/.
 */
#ifndef UMKA_DEVICE_H
#define UMKA_DEVICE_H

#include <umka/list.h>
#include <umka/types.h>

enum device_state {
	DEVICE_UNBOUND,	/* no driver matches (yet) */
	DEVICE_PROBING,
	DEVICE_BOUND,	/* a driver's probe() succeeded */
	DEVICE_FAILED,	/* probe() failed; see last_error */
};

struct kdriver;
struct pci_dev;

struct device {
	struct list_head node;
	char name[32];		/* "pci:0000:00:03.0", "platform:serial0" */
	u32 bus;		/* KABI_BUS_* */
	struct pci_dev *pci;	/* KABI_BUS_PCI */
	/* KABI_BUS_PLATFORM: a fixed port range and ISA IRQ. */
	char platform_name[16];
	u16 port_base, port_len;
	u8 isa_irq;
	enum device_state state;
	int last_error;
	struct kdriver *driver;	/* bound driver, or NULL */
	void *instance;		/* the kernel's per-instance state */
	/*
	 * A device the kernel drives itself until a driver binds (the early
	 * serial console): called with true before the driver's probe and
	 * with false when no driver holds the device any more.
	 */
	void (*handover)(struct device *dev, bool to_driver);
};

void device_registry_init(void);
struct device *device_add_pci(struct pci_dev *pci);
/*
 * name: [a-z0-9_-], 1..15 characters, unique.  NULL for a bad argument,
 * a duplicate name or no memory.
 */
struct device *device_add_platform(const char *name, u16 port_base,
				   u16 port_len, u8 isa_irq);
/*
 * Calls fn for every device in registration order; stops on non-zero
 * and returns it.  fn runs with no registry lock held: it may sleep.
 */
int device_for_each(int (*fn)(struct device *dev, void *arg), void *arg);
/* By full name ("pci:0000:00:03.0", "platform:serial0"), or NULL. */
struct device *device_find(const char *name);
unsigned device_count(void);
const char *device_state_name(enum device_state s);

#endif
