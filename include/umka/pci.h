/* SPDX-License-Identifier: MIT */
/*
 * PCI in Core: enumeration (ECAM from the ACPI MCFG table when there is
 * one, legacy 0xcf8/0xcfc port I/O otherwise), BAR sizing, MSI-X and bus
 * mastering.  Drivers never see this header: they reach their own
 * device through KernelServices (kernel/kabi/), which calls these.
 */
#ifndef UMKA_PCI_H
#define UMKA_PCI_H

#include <umka/list.h>
#include <umka/types.h>

#define PCI_MAX_BARS 6

/* Standard configuration header offsets (PCI Local Bus 3.0, 6.1). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAPABILITY_LIST 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_MSIX 0x11

struct pci_bar {
	u64 base;	/* bus address; 0 when the BAR is absent */
	u64 size;	/* bytes */
	bool is_io;	/* port I/O rather than memory */
	bool is_64;	/* takes two BAR slots */
	bool prefetch;
};

struct pci_dev {
	struct list_head node;	/* on the global list, in bus order */
	u16 segment;
	u8 bus;
	u8 devfn;		/* device << 3 | function */
	u16 vendor, device;
	u16 subsys_vendor, subsys_device;
	u32 class_code;		/* base << 16 | sub << 8 | prog-if */
	u8 revision;
	u8 header_type;
	u8 irq_pin;		/* 1..4 for INTA..INTD, 0 for none */
	u8 irq_line;		/* the GSI firmware routed INTx to */
	struct pci_bar bar[PCI_MAX_BARS];
	u8 msix_cap;		/* config offset of the MSI-X capability, 0 if none */
	u16 msix_table_size;	/* entries */
	bool msix_enabled;
	void *driver_data;	/* the bound driver instance (kernel/kabi/) */
};

void pci_init(void);
/* Whether configuration space is reached through ECAM. */
bool pci_uses_ecam(void);

/* Every device found at boot, in bus/device/function order. */
extern struct list_head pci_devices;
#define for_each_pci_dev(d) list_for_each_entry(d, &pci_devices, node)
struct pci_dev *pci_find(u16 segment, u8 bus, u8 devfn);

/* Configuration space; width is 1, 2 or 4 and offset aligned to it. */
u32 pci_cfg_read(const struct pci_dev *d, unsigned off, unsigned width);
void pci_cfg_write(const struct pci_dev *d, unsigned off, unsigned width,
		   u32 val);
/* The same through one mechanism only, for tests comparing the two. */
u32 pci_cfg_read_legacy(u8 bus, u8 devfn, unsigned off, unsigned width);
int pci_cfg_read_ecam(u16 seg, u8 bus, u8 devfn, unsigned off,
		      unsigned width, u32 *val);

/* Offset of the first capability with this id at or after `from`, or 0. */
unsigned pci_find_cap(const struct pci_dev *d, u8 id, unsigned from);

void pci_set_master(struct pci_dev *d, bool enable);
/*
 * MSI-X: programs table entries 0..n-1 to deliver vectors[i] to the boot
 * CPU and enables the function with every entry masked but those asked
 * for.  Returns 0 or -errno (-ENODEV without MSI-X, -EINVAL for n out
 * of range).
 */
int pci_msix_enable(struct pci_dev *d, const u8 *vectors, unsigned n);
void pci_msix_disable(struct pci_dev *d);
void pci_msix_mask(struct pci_dev *d, unsigned entry, bool masked);
/* INTx: routes the device's line to a vector through the IOAPIC. */
int pci_intx_route(struct pci_dev *d, u8 vector);

/* "0000:00:03.0" */
void pci_dev_name(const struct pci_dev *d, char *buf, size_t len);

#endif
