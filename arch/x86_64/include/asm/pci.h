/* SPDX-License-Identifier: MIT */
/*
 * What kernel/pci/ needs from x86: configuration mechanism #1 (the
 * 0xcf8 address port and the 0xcfc data window) and the MSI message
 * format.  Callers serialise mechanism #1 themselves: the address and
 * data accesses are two steps.
 */
#ifndef ASM_PCI_H
#define ASM_PCI_H

#include <umka/errno.h>
#include <umka/types.h>
#include <asm/io.h>
#include <asm/smp.h>

#define ARCH_HAS_PCI_CONF1 1
#define PCI_CONF1_ADDRESS 0xcf8
#define PCI_CONF1_DATA 0xcfc
#define PCI_CONF1_ENABLE 0x80000000u

static inline u32 pci_conf1_address(u8 bus, u8 devfn, unsigned off)
{
	return PCI_CONF1_ENABLE | (u32)bus << 16 | (u32)devfn << 8 |
	       (off & 0xfc);
}

/* width 1, 2 or 4, off aligned to it and below 256. */
static inline u32 arch_pci_conf1_read(u8 bus, u8 devfn, unsigned off,
				      unsigned width)
{
	outl(PCI_CONF1_ADDRESS, pci_conf1_address(bus, devfn, off));
	if (width == 1)
		return inb(PCI_CONF1_DATA + (off & 3));
	if (width == 2)
		return inw(PCI_CONF1_DATA + (off & 2));
	return inl(PCI_CONF1_DATA);
}

static inline void arch_pci_conf1_write(u8 bus, u8 devfn, unsigned off,
					unsigned width, u32 val)
{
	outl(PCI_CONF1_ADDRESS, pci_conf1_address(bus, devfn, off));
	if (width == 1)
		outb(PCI_CONF1_DATA + (off & 3), val);
	else if (width == 2)
		outw(PCI_CONF1_DATA + (off & 2), val);
	else
		outl(PCI_CONF1_DATA, val);
}

/*
 * The MSI/MSI-X message that raises @vector on the boot CPU: a write to
 * the local APIC window with the destination APIC id in bits 19:12
 * (physical mode, no redirection hint), data = fixed delivery, edge,
 * the vector.  APIC ids above 255 need interrupt remapping, which we do
 * not have: -ERANGE.
 */
#define MSI_ADDRESS_BASE 0xfee00000u
#define MSI_ADDRESS_DEST_SHIFT 12

static inline int arch_msi_message(u8 vector, u64 *addr, u32 *data)
{
	u32 dest = cpu_apic_ids[0];

	if (dest > 0xff)
		return -ERANGE;
	*addr = MSI_ADDRESS_BASE | dest << MSI_ADDRESS_DEST_SHIFT;
	*data = vector;
	return 0;
}

#endif
