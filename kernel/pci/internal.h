/* SPDX-License-Identifier: MIT */
/* Shared between the files of kernel/pci/. */
#ifndef KERNEL_PCI_INTERNAL_H
#define KERNEL_PCI_INTERNAL_H

#include <umka/pci.h>
#include <umka/spinlock.h>

/* config.c */
void pci_config_init(void);
/* Through the mechanism in use, by address (segment 0). */
u32 pci_bus_read(u8 bus, u8 devfn, unsigned off, unsigned width);
void pci_bus_write(u8 bus, u8 devfn, unsigned off, unsigned width, u32 val);

/* probe.c: serialises read-modify-write of COMMAND and MSI-X control. */
extern struct spinlock pci_lock;
void pci_cfg_update16(struct pci_dev *d, unsigned off, u16 clear, u16 set);

/* intx.c: irq_line and intx_flags for every device with a pin. */
void pci_intx_assign_all(void);

#endif
