// SPDX-License-Identifier: MIT
/*
 * /proc/bus/pci/devices: one line per PCI function, in Linux's layout
 * (the one pciutils reads when sysfs is missing): bus and devfn, vendor
 * and device, IRQ, then seven regions (six BARs and the expansion ROM,
 * which we do not size) as "base | low BAR flag bits", seven sizes, and
 * the bound driver's name.  Tab separated, numbers in hex.
 */
#include "internal.h"
#include <umka/device.h>
#include <umka/pci.h>

#define PCI_REGIONS 7		/* six BARs and the ROM */

static unsigned long long region_start(const struct pci_bar *b)
{
	u64 flags;

	if (!b->size)
		return 0;
	if (b->is_io)
		return b->base | PCI_BAR_IO;
	flags = (b->is_64 ? PCI_BAR_MEM_TYPE_64 : 0) |
		(b->prefetch ? PCI_BAR_MEM_PREFETCH : 0);
	return b->base | flags;
}

static int pci_devices_show(struct seq_buf *s, const struct proc_inode *pi)
{
	struct pci_dev *d;

	for_each_pci_dev(d) {
		unsigned irq = d->irq_pin && d->irq_line != PCI_IRQ_NONE ?
				       d->irq_line : 0;

		seq_printf(s, "%02x%02x\t%04x%04x\t%x", d->bus, d->devfn,
			   d->vendor, d->device, irq);
		/* The ROM (region 6) is not sized: 0. */
		for (unsigned i = 0; i < PCI_REGIONS; i++)
			seq_printf(s, "\t%16llx",
				   i < PCI_MAX_BARS ? region_start(&d->bar[i])
						    : 0ull);
		for (unsigned i = 0; i < PCI_REGIONS; i++)
			seq_printf(s, "\t%16llx",
				   i < PCI_MAX_BARS ? d->bar[i].size : 0ull);
		/* No driver name until drivers bind (kernel/kabi/). */
		seq_printf(s, "\t\n");
	}
	return 0;
}

static const struct proc_entry pci_entries[] = {
	PROC_FILE("devices", 0444, pci_devices_show),
};

const struct proc_entry proc_bus_entries[PROC_BUS_NENTRIES] = {
	PROC_DIR("pci", 0555, pci_entries),
};
