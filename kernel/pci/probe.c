// SPDX-License-Identifier: MIT
/*
 * Enumeration: every function on bus 0, then the bus behind each
 * PCI-to-PCI bridge, depth first, as the firmware numbered them.  We
 * take the firmware's bus numbers and BAR assignments as they are; we
 * only read them, and size each BAR (PCI Local Bus 3.0, 6.2.5.1):
 * decoding off in COMMAND, all ones written, the mask read back, the
 * old value restored, decoding back as it was.
 *
 * Each function found becomes a struct pci_dev on pci_devices (kept in
 * bus/device/function order) and a device in the registry.
 */
#include <umka/device.h>
#include <umka/errno.h>
#include <umka/list.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/kprintf.h>
#include <umka/slab.h>
#include <umka/spinlock.h>
#include "internal.h"

#define PCI_MAX_BARS_BRIDGE 2
#define PCI_CLASS_BRIDGE_HOST 0x0600
#define PCI_CAP_PTR_MASK 0xfc
/* A capability list longer than this is a loop. */
#define PCI_MAX_CAPS 48

LIST_HEAD(pci_devices);
DEFINE_SPINLOCK(pci_lock, LOCK_LEVEL_PCI);
static unsigned long bus_scanned[256 / (8 * sizeof(unsigned long))];

void pci_dev_name(const struct pci_dev *d, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%u", d->segment, d->bus,
		 PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
}

struct pci_dev *pci_find(u16 segment, u8 bus, u8 devfn)
{
	struct pci_dev *d;

	for_each_pci_dev(d)
		if (d->segment == segment && d->bus == bus && d->devfn == devfn)
			return d;
	return NULL;
}

void pci_cfg_update16(struct pci_dev *d, unsigned off, u16 clear, u16 set)
{
	unsigned long flags = spin_lock_irqsave(&pci_lock);
	u16 v = pci_cfg_read(d, off, 2);

	pci_cfg_write(d, off, 2, (v & ~clear) | set);
	spin_unlock_irqrestore(&pci_lock, flags);
}

void pci_set_master(struct pci_dev *d, bool enable)
{
	if (enable)
		pci_cfg_update16(d, PCI_COMMAND, 0, PCI_COMMAND_MASTER);
	else
		pci_cfg_update16(d, PCI_COMMAND, PCI_COMMAND_MASTER, 0);
}

unsigned pci_find_cap(const struct pci_dev *d, u8 id, unsigned from)
{
	unsigned pos;

	if (!(pci_cfg_read(d, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = pci_cfg_read(d, PCI_CAPABILITY_LIST, 1) & PCI_CAP_PTR_MASK;
	for (int n = 0; pos >= 0x40 && n < PCI_MAX_CAPS; n++) {
		u16 hdr = pci_cfg_read(d, pos, 2);

		if (pos >= from && (hdr & 0xff) == id)
			return pos;
		pos = (hdr >> 8) & PCI_CAP_PTR_MASK;
	}
	return 0;
}

/* The size a BAR decodes: the lowest bit the device let us set. */
static u64 mask_to_size(u64 mask)
{
	return mask & (~mask + 1);
}

/*
 * Size BAR i into *b; returns how many slots it took (2 for a 64-bit
 * memory BAR).  Decoding is already off.
 */
static unsigned size_one_bar(struct pci_dev *d, unsigned i, unsigned nbars,
			     struct pci_bar *b)
{
	unsigned off = PCI_BAR0 + 4 * i;
	u32 lo = pci_cfg_read(d, off, 4), szlo, hi = 0, szhi = 0;
	u64 mask;

	pci_cfg_write(d, off, 4, ~0u);
	szlo = pci_cfg_read(d, off, 4);
	pci_cfg_write(d, off, 4, lo);
	*b = (struct pci_bar){ 0 };
	if (lo & PCI_BAR_IO) {
		/* A 16-bit I/O decoder reads its upper half as zero. */
		mask = szlo & ~3u;
		if (mask && !(mask & 0xffff0000u))
			mask |= 0xffff0000u;
		b->is_io = true;
		b->base = lo & ~3u;
		b->size = mask_to_size(mask);
		return 1;
	}
	b->prefetch = lo & PCI_BAR_MEM_PREFETCH;
	mask = szlo & ~0xfu;
	b->base = lo & ~0xfu;
	if ((lo & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64 &&
	    i + 1 < nbars) {
		hi = pci_cfg_read(d, off + 4, 4);
		pci_cfg_write(d, off + 4, 4, ~0u);
		szhi = pci_cfg_read(d, off + 4, 4);
		pci_cfg_write(d, off + 4, 4, hi);
		b->is_64 = true;
		b->base |= (u64)hi << 32;
		mask |= (u64)szhi << 32;
	} else if (mask) {
		mask |= 0xffffffff00000000ull;
	}
	b->size = mask_to_size(mask);
	if (!b->size)
		b->base = 0;
	return b->is_64 ? 2 : 1;
}

static unsigned nr_bars(const struct pci_dev *d)
{
	switch (d->header_type) {
	case PCI_HEADER_TYPE_NORMAL:
		return PCI_MAX_BARS;
	case PCI_HEADER_TYPE_BRIDGE:
		return PCI_MAX_BARS_BRIDGE;
	}
	return 0;	/* CardBus and unknown layouts: none we size */
}

void pci_read_bars(struct pci_dev *d, struct pci_bar *bars)
{
	unsigned n = nr_bars(d);
	bool host = (d->class_code >> 8) == PCI_CLASS_BRIDGE_HOST;
	unsigned long flags;
	u16 cmd;

	for (unsigned i = 0; i < PCI_MAX_BARS; i++)
		bars[i] = (struct pci_bar){ 0 };
	if (!n)
		return;
	/*
	 * While a BAR holds all ones the device would decode a window over
	 * whatever lives there, so turn decoding off first.  Host bridges
	 * keep theirs (as Linux does): turning one off can cut the CPU off
	 * from memory on real chipsets.
	 */
	flags = spin_lock_irqsave(&pci_lock);
	cmd = pci_cfg_read(d, PCI_COMMAND, 2);
	if (!host)
		pci_cfg_write(d, PCI_COMMAND, 2,
			      cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned i = 0; i < n;)
		i += size_one_bar(d, i, n, &bars[i]);
	if (!host)
		pci_cfg_write(d, PCI_COMMAND, 2, cmd);
	spin_unlock_irqrestore(&pci_lock, flags);
}

static void print_bars(const struct pci_dev *d, const char *name)
{
	for (unsigned i = 0; i < PCI_MAX_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];

		if (!b->size)
			continue;
		pr_debug("pci %s: BAR %u [%s 0x%llx-0x%llx%s%s]\n", name, i,
			 b->is_io ? "io " : "mem", (unsigned long long)b->base,
			 (unsigned long long)(b->base + b->size - 1),
			 b->is_64 ? " 64bit" : "", b->prefetch ? " pref" : "");
	}
}

static void find_msix(struct pci_dev *d)
{
	unsigned pos = pci_find_cap(d, PCI_CAP_ID_MSIX, 0);

	if (!pos)
		return;
	d->msix_cap = pos;
	d->msix_table_size =
		(pci_cfg_read(d, pos + PCI_MSIX_CTRL, 2) &
		 PCI_MSIX_CTRL_SIZE_MASK) + 1;
}

/* Keep the list in (segment, bus, devfn) order whatever the scan order. */
static void insert_sorted(struct pci_dev *d)
{
	u32 key = (u32)d->segment << 16 | d->bus << 8 | d->devfn;
	struct pci_dev *pos;

	list_for_each_entry(pos, &pci_devices, node) {
		if (((u32)pos->segment << 16 | pos->bus << 8 | pos->devfn) >
		    key) {
			list_add_tail(&d->node, &pos->node);
			return;
		}
	}
	list_add_tail(&d->node, &pci_devices);
}

static struct pci_dev *probe_function(u8 bus, u8 devfn,
				      struct pci_dev *bridge)
{
	u32 id = pci_bus_read(bus, devfn, PCI_VENDOR_ID, 4);
	u32 cr = pci_bus_read(bus, devfn, PCI_CLASS_REVISION, 4);
	struct pci_dev *d;
	char name[16];

	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return NULL;
	d = kzalloc(sizeof(*d));
	if (!d) {
		pr_err("pci: out of memory at %02x:%02x.%u\n", bus,
		       PCI_SLOT(devfn), PCI_FUNC(devfn));
		return NULL;
	}
	d->bus = bus;
	d->devfn = devfn;
	d->bridge = bridge;
	d->vendor = id & 0xffff;
	d->device = id >> 16;
	d->revision = cr & 0xff;
	d->class_code = cr >> 8;
	d->header_type = pci_bus_read(bus, devfn, PCI_HEADER_TYPE, 1) &
			 PCI_HEADER_TYPE_MASK;
	if (d->header_type == PCI_HEADER_TYPE_NORMAL) {
		d->subsys_vendor = pci_cfg_read(d, PCI_SUBSYSTEM_VENDOR_ID, 2);
		d->subsys_device = pci_cfg_read(d, PCI_SUBSYSTEM_ID, 2);
	} else if (d->header_type == PCI_HEADER_TYPE_BRIDGE) {
		d->secondary_bus = pci_cfg_read(d, PCI_SECONDARY_BUS, 1);
		d->subordinate_bus = pci_cfg_read(d, PCI_SUBORDINATE_BUS, 1);
	}
	d->irq_pin = pci_cfg_read(d, PCI_INTERRUPT_PIN, 1);
	if (d->irq_pin > 4)
		d->irq_pin = 0;
	d->irq_line = PCI_IRQ_NONE;
	pci_read_bars(d, d->bar);
	find_msix(d);
	insert_sorted(d);

	pci_dev_name(d, name, sizeof(name));
	pr_info("pci %s: [%04x:%04x] class 0x%06x\n", name, d->vendor,
		d->device, d->class_code);
	print_bars(d, name);
	if (d->header_type == PCI_HEADER_TYPE_BRIDGE)
		pr_info("pci %s: PCI bridge to [bus %02x-%02x]\n", name,
			d->secondary_bus, d->subordinate_bus);
	if (d->msix_cap)
		pr_debug("pci %s: MSI-X: %u entries\n", name,
			 d->msix_table_size);
	return d;
}

static bool test_and_set_scanned(u8 bus)
{
	unsigned long bit = 1UL << (bus % (8 * sizeof(unsigned long)));
	unsigned long *w = &bus_scanned[bus / (8 * sizeof(unsigned long))];
	bool was = *w & bit;

	*w |= bit;
	return was;
}

static void scan_bus(u8 bus, struct pci_dev *bridge)
{
	struct pci_dev *d;

	if (test_and_set_scanned(bus))
		return;
	for (unsigned slot = 0; slot < 32; slot++) {
		u8 hdr;

		if (!probe_function(bus, PCI_DEVFN(slot, 0), bridge))
			continue;
		hdr = pci_bus_read(bus, PCI_DEVFN(slot, 0), PCI_HEADER_TYPE, 1);
		if (!(hdr & PCI_HEADER_TYPE_MULTI))
			continue;
		for (unsigned fn = 1; fn < 8; fn++)
			probe_function(bus, PCI_DEVFN(slot, fn), bridge);
	}
	/* Then behind this bus's bridges, in device order. */
	list_for_each_entry(d, &pci_devices, node) {
		char name[16];

		if (d->bus != bus || d->header_type != PCI_HEADER_TYPE_BRIDGE)
			continue;
		if (d->secondary_bus <= bus ||
		    d->subordinate_bus < d->secondary_bus) {
			pci_dev_name(d, name, sizeof(name));
			pr_warn("pci %s: bridge not configured by firmware "
				"(buses %02x-%02x), skipped\n", name,
				d->secondary_bus, d->subordinate_bus);
			continue;
		}
		scan_bus(d->secondary_bus, d);
	}
}

void pci_init(void)
{
	struct pci_dev *d;
	unsigned n = 0;

	pci_config_init();
	scan_bus(0, NULL);
	pci_intx_assign_all();
	for_each_pci_dev(d) {
		device_add_pci(d);
		n++;
	}
	pr_info("PCI: %u functions\n", n);
}
