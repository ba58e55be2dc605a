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
#define PCI_HEADER_TYPE_MASK 0x7f
#define PCI_HEADER_TYPE_MULTI 0x80	/* function 0: more functions */
#define PCI_HEADER_TYPE_NORMAL 0
#define PCI_HEADER_TYPE_BRIDGE 1
#define PCI_BAR0 0x10
#define PCI_BAR_IO 0x1
#define PCI_BAR_MEM_TYPE_MASK 0x6
#define PCI_BAR_MEM_TYPE_64 0x4
#define PCI_BAR_MEM_PREFETCH 0x8
#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAPABILITY_LIST 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_MSIX 0x11

/* MSI-X capability (PCI Local Bus 3.0, 6.8.2) and table entries. */
#define PCI_MSIX_CTRL 2
#define PCI_MSIX_CTRL_ENABLE 0x8000
#define PCI_MSIX_CTRL_MASKALL 0x4000
#define PCI_MSIX_CTRL_SIZE_MASK 0x07ff	/* table size - 1 */
#define PCI_MSIX_TABLE 4		/* offset | BIR */
#define PCI_MSIX_PBA 8
#define PCI_MSIX_BIR_MASK 0x7
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_ADDR_LO 0
#define PCI_MSIX_ENTRY_ADDR_HI 4
#define PCI_MSIX_ENTRY_DATA 8
#define PCI_MSIX_ENTRY_CTRL 12
#define PCI_MSIX_ENTRY_CTRL_MASKED 0x1

#define PCI_SLOT(devfn) ((devfn) >> 3)
#define PCI_FUNC(devfn) ((devfn) & 7)
#define PCI_DEVFN(slot, fn) ((u8)((slot) << 3 | (fn)))
/* irq_line when INTx cannot be routed. */
#define PCI_IRQ_NONE 0xff

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
	u8 irq_line;		/* the GSI firmware routed INTx to, or
				 * PCI_IRQ_NONE (kernel/pci/intx.c) */
	struct pci_bar bar[PCI_MAX_BARS];
	u8 msix_cap;		/* offset of the MSI-X capability, 0 if none */
	u16 msix_table_size;	/* entries */
	bool msix_enabled;
	void *driver_data;	/* the bound driver instance (kernel/kabi/) */
	/* Filled by enumeration too (kernel/pci/probe.c, intx.c). */
	struct pci_dev *bridge;	/* the bridge above, NULL on bus 0 */
	u8 secondary_bus;	/* header type 1 only */
	u8 subordinate_bus;
	u16 intx_flags;		/* ACPI_INTI_* trigger, polarity of irq_line */
	volatile void *msix_table;	/* mapped while MSI-X is enabled */
	volatile void *msix_pba;
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
/* Whether entry's pending bit is set (MSI-X enabled only). */
bool pci_msix_pending(struct pci_dev *d, unsigned entry);
/*
 * INTx: routes the device's line to a vector through the IOAPIC (and
 * clears INTX_DISABLE).  -ENODEV without a pin or a route, -EBUSY when
 * the line is already routed to another vector.  The handler must be
 * registered on the vector first; it runs for a level-triggered line,
 * so it must quiet the device before returning.
 */
int pci_intx_route(struct pci_dev *d, u8 vector);
/* Masks the line again (other devices sharing it lose it too). */
void pci_intx_release(struct pci_dev *d);

/*
 * Size the BARs again as enumeration did (decoding off, all ones,
 * read back, restore) into bars[PCI_MAX_BARS]; for tests.
 */
void pci_read_bars(struct pci_dev *d, struct pci_bar *bars);

/* "0000:00:03.0" */
void pci_dev_name(const struct pci_dev *d, char *buf, size_t len);

#endif
