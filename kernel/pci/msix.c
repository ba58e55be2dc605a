// SPDX-License-Identifier: MIT
/*
 * MSI-X (PCI Local Bus 3.0, 6.8.2): the table of message address/data
 * pairs lives in one of the function's memory BARs, at the offset the
 * capability names, with a pending-bit array (PBA) beside it.
 *
 * Enabling follows the order the spec asks for: MSI-X Enable together
 * with Function Mask, so nothing fires while entries are half written;
 * every entry masked; the wanted entries programmed and unmasked; then
 * Function Mask cleared.  An enabled function does not use INTx.
 */
#include <umka/errno.h>
#include <umka/irq.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/vmalloc.h>
#include <asm/io.h>
#include <asm/pci.h>
#include "internal.h"

static volatile u32 *entry_word(struct pci_dev *d, unsigned entry,
				unsigned off)
{
	return (volatile u32 *)((volatile u8 *)d->msix_table +
				entry * PCI_MSIX_ENTRY_SIZE + off);
}

/* Map the structure at capability offset @reg (table or PBA). */
static volatile void *map_region(struct pci_dev *d, unsigned reg, size_t len)
{
	u32 v = pci_cfg_read(d, d->msix_cap + reg, 4);
	const struct pci_bar *b = &d->bar[v & PCI_MSIX_BIR_MASK];
	u64 off = v & ~(u32)PCI_MSIX_BIR_MASK;

	if ((v & PCI_MSIX_BIR_MASK) >= PCI_MAX_BARS || !b->size ||
	    b->is_io || !b->base || off + len > b->size)
		return NULL;
	return ioremap(b->base + off, len);
}

static size_t pba_len(const struct pci_dev *d)
{
	return ((d->msix_table_size + 63) / 64) * 8;
}

static int map_tables(struct pci_dev *d)
{
	if (d->msix_table)
		return 0;
	d->msix_table = map_region(d, PCI_MSIX_TABLE,
				   d->msix_table_size * PCI_MSIX_ENTRY_SIZE);
	d->msix_pba = map_region(d, PCI_MSIX_PBA, pba_len(d));
	if (d->msix_table && d->msix_pba)
		return 0;
	if (d->msix_table)
		iounmap((void *)d->msix_table);
	if (d->msix_pba)
		iounmap((void *)d->msix_pba);
	d->msix_table = d->msix_pba = NULL;
	return -EIO;
}

static void unmap_tables(struct pci_dev *d)
{
	if (d->msix_table)
		iounmap((void *)d->msix_table);
	if (d->msix_pba)
		iounmap((void *)d->msix_pba);
	d->msix_table = d->msix_pba = NULL;
}

static void mask_entry(struct pci_dev *d, unsigned entry, bool masked)
{
	volatile u32 *ctrl = entry_word(d, entry, PCI_MSIX_ENTRY_CTRL);
	u32 v = mmio_read32(ctrl);

	/* The other bits are reserved: keep what the device has there. */
	if (masked)
		v |= PCI_MSIX_ENTRY_CTRL_MASKED;
	else
		v &= ~PCI_MSIX_ENTRY_CTRL_MASKED;
	mmio_write32(ctrl, v);
}

int pci_msix_enable(struct pci_dev *d, const u8 *vectors, unsigned n)
{
	unsigned ctrl = d->msix_cap + PCI_MSIX_CTRL;
	u64 addr = 0;
	int err;

	if (!d->msix_cap)
		return -ENODEV;
	if (!n || n > d->msix_table_size || !vectors)
		return -EINVAL;
	if (d->msix_enabled)
		return -EBUSY;
	for (unsigned i = 0; i < n; i++) {
		u32 data;

		if (vectors[i] < IRQ_VECTOR_DEVICE_FIRST ||
		    vectors[i] > IRQ_VECTOR_DEVICE_LAST)
			return -EINVAL;
		err = arch_msi_message(vectors[i], &addr, &data);
		if (err)
			return err;
	}
	err = map_tables(d);
	if (err)
		return err;
	/* The table is in memory space: decoding must be on to reach it. */
	pci_cfg_update16(d, PCI_COMMAND, 0, PCI_COMMAND_MEMORY);
	pci_cfg_update16(d, ctrl, 0,
			 PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	for (unsigned i = 0; i < d->msix_table_size; i++)
		mask_entry(d, i, true);
	for (unsigned i = 0; i < n; i++) {
		u32 data = 0;

		arch_msi_message(vectors[i], &addr, &data);
		mmio_write32(entry_word(d, i, PCI_MSIX_ENTRY_ADDR_LO),
			     (u32)addr);
		mmio_write32(entry_word(d, i, PCI_MSIX_ENTRY_ADDR_HI),
			     addr >> 32);
		mmio_write32(entry_word(d, i, PCI_MSIX_ENTRY_DATA), data);
		mask_entry(d, i, false);
	}
	pci_cfg_update16(d, ctrl, PCI_MSIX_CTRL_MASKALL, 0);
	d->msix_enabled = true;
	return 0;
}

void pci_msix_disable(struct pci_dev *d)
{
	if (!d->msix_cap || !d->msix_enabled)
		return;
	for (unsigned i = 0; i < d->msix_table_size; i++)
		mask_entry(d, i, true);
	pci_cfg_update16(d, d->msix_cap + PCI_MSIX_CTRL,
			 PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL, 0);
	d->msix_enabled = false;
	unmap_tables(d);
}

void pci_msix_mask(struct pci_dev *d, unsigned entry, bool masked)
{
	if (!d->msix_enabled || entry >= d->msix_table_size)
		return;
	mask_entry(d, entry, masked);
}

bool pci_msix_pending(struct pci_dev *d, unsigned entry)
{
	volatile u32 *pba = (volatile u32 *)d->msix_pba;

	if (!d->msix_enabled || entry >= d->msix_table_size)
		return false;
	/* The PBA is qword-structured; dword reads of it are allowed. */
	return mmio_read32(pba + entry / 32) & (1u << (entry % 32));
}
