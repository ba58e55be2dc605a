// SPDX-License-Identifier: MIT
/*
 * INTx routing: which GSI a function's INTA..INTD pin reaches.
 *
 * On a PC the answer is in the ACPI namespace (_PRT, in AML), which we
 * cannot run yet.  The INTERRUPT_LINE register does not help in APIC
 * mode either: the BIOS writes the 8259 IRQ there (10 or 11 on q35).
 * So we read the routing from the chipsets QEMU models, the same way
 * their firmware's _PRT describes it:
 *
 *  - Q35 (ICH9 LPC at 00:1f.0): each root-bus slot's pins go to PIRQ
 *    A..H, and in APIC mode PIRQ n is GSI 16 + n, level triggered,
 *    active high.  Slots 25..29 and 31 follow the D<slot>IR registers
 *    of the chipset configuration block (RCBA); slot 30 is fixed to
 *    PIRQ E..H; every other slot uses PIRQ E + (slot + pin) % 4.
 *  - i440FX (PIIX3 at 00:01.0): PIRQ (slot + pin - 1) % 4 goes to the
 *    ISA IRQ in PIIX3 register 0x60 + n, which the MADT overrides
 *    describe (level, active high on QEMU).
 *  - Anything else: INTERRUPT_LINE taken as the GSI, through the MADT
 *    overrides when it is an ISA IRQ, else level, active low (the PCI
 *    default).
 *
 * A device behind bridges reaches the root bus through the standard
 * swizzle: at each bridge, pin' = (pin + slot) % 4 (PCI-to-PCI Bridge
 * 1.2, 9.1).
 */
#include <umka/acpi.h>
#include <umka/errno.h>
#include <umka/irq.h>
#include <umka/kprintf.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/vmalloc.h>
#include <asm/io.h>
#include "internal.h"

#define ICH9_LPC_DEVFN PCI_DEVFN(31, 0)
#define ICH9_LPC_RCBA 0xf0
#define ICH9_LPC_RCBA_EN 0x1
#define ICH9_LPC_RCBA_MASK 0xffffc000u
#define ICH9_RCBA_D31IR 0x3140	/* D31IR, D30IR, ... as 16-bit registers */
#define ICH9_RCBA_DIR_LEN 0x14
#define ICH9_DIR_DEFAULT 0x3210	/* INTA..D -> PIRQ A..D */
#define ICH9_PIRQ_GSI_BASE 16

#define PIIX3_DEVFN PCI_DEVFN(1, 0)
#define PIIX3_PIRQ_ROUTE 0x60
#define PIIX3_PIRQ_DISABLED 0x80

#define INTI_PCI_DEFAULT (ACPI_INTI_TRIGGER_LEVEL | ACPI_INTI_POLARITY_LOW)
#define INTI_LEVEL_HIGH (ACPI_INTI_TRIGGER_LEVEL | ACPI_INTI_POLARITY_HIGH)

enum chipset { CHIPSET_OTHER, CHIPSET_ICH9, CHIPSET_PIIX3 };

static bool is_dev(u8 devfn, u16 vendor, u16 device)
{
	u32 id = pci_bus_read(0, devfn, PCI_VENDOR_ID, 4);

	return id == ((u32)device << 16 | vendor);
}

static enum chipset detect_chipset(void)
{
	if (is_dev(ICH9_LPC_DEVFN, 0x8086, 0x2918))
		return CHIPSET_ICH9;
	if (is_dev(PIIX3_DEVFN, 0x8086, 0x7000))
		return CHIPSET_PIIX3;
	return CHIPSET_OTHER;
}

/* D25IR..D31IR as set now, one nibble per pin; defaults without RCBA. */
static u16 ich9_dir[32];

static void ich9_read_dir(void)
{
	u32 rcba = pci_bus_read(0, ICH9_LPC_DEVFN, ICH9_LPC_RCBA, 4);
	/* Offsets from D31IR, slot 31 first; 25 is not next to 26. */
	static const u8 off[32] = { [31] = 0, [30] = 2, [29] = 4, [28] = 6,
				    [27] = 8, [26] = 0xc, [25] = 0x10 };
	volatile u8 *regs = NULL;

	if (rcba & ICH9_LPC_RCBA_EN)
		regs = ioremap((rcba & ICH9_LPC_RCBA_MASK) + ICH9_RCBA_D31IR,
			       ICH9_RCBA_DIR_LEN);
	for (unsigned slot = 25; slot < 32; slot++)
		ich9_dir[slot] = regs ? mmio_read16(regs + off[slot]) :
					ICH9_DIR_DEFAULT;
	if (regs)
		iounmap((void *)regs);
	pr_debug("PCI: ICH9 INTx routing, D31IR %#x (%s)\n", ich9_dir[31],
		 regs ? "RCBA" : "reset default");
}

/* pin is 0..3 for INTA..INTD, slot on bus 0. */
static int ich9_gsi(unsigned slot, unsigned pin, u16 *flags)
{
	unsigned pirq;

	if (slot == 30)
		pirq = 4 + pin;
	else if (slot >= 25)
		pirq = (ich9_dir[slot] >> (4 * pin)) & 7;
	else
		pirq = 4 + (slot + pin) % 4;
	*flags = INTI_LEVEL_HIGH;
	return ICH9_PIRQ_GSI_BASE + pirq;
}

static int piix3_gsi(unsigned slot, unsigned pin, u16 *flags)
{
	unsigned pirq = (slot + pin + 3) % 4;
	u8 route = pci_bus_read(0, PIIX3_DEVFN, PIIX3_PIRQ_ROUTE + pirq, 1);
	u32 gsi;

	if (route & PIIX3_PIRQ_DISABLED || (route & 0xf) == 0)
		return -ENODEV;
	gsi = acpi_isa_irq_to_gsi(route & 0xf, flags);
	if (!*flags)
		*flags = INTI_PCI_DEFAULT;
	return gsi;
}

static int line_gsi(const struct pci_dev *d, u16 *flags)
{
	u8 line = pci_cfg_read(d, PCI_INTERRUPT_LINE, 1);
	u32 gsi;

	if (line == 0 || line == 0xff)
		return -ENODEV;
	if (line >= 16) {
		*flags = INTI_PCI_DEFAULT;
		return line;
	}
	gsi = acpi_isa_irq_to_gsi(line, flags);
	if (!*flags)
		*flags = INTI_PCI_DEFAULT;
	return gsi;
}

static int route(const struct pci_dev *d, enum chipset cs, u16 *flags)
{
	const struct pci_dev *root = d;
	unsigned pin = d->irq_pin - 1;

	while (root->bridge) {
		pin = (pin + PCI_SLOT(root->devfn)) % 4;
		root = root->bridge;
	}
	if (root->bus != 0)
		return line_gsi(d, flags);
	switch (cs) {
	case CHIPSET_ICH9:
		return ich9_gsi(PCI_SLOT(root->devfn), pin, flags);
	case CHIPSET_PIIX3:
		return piix3_gsi(PCI_SLOT(root->devfn), pin, flags);
	default:
		return line_gsi(d, flags);
	}
}

void pci_intx_assign_all(void)
{
	enum chipset cs = detect_chipset();
	struct pci_dev *d;

	if (cs == CHIPSET_ICH9)
		ich9_read_dir();
	for_each_pci_dev(d) {
		char name[16];
		u16 flags = 0;
		int gsi;

		if (!d->irq_pin)
			continue;
		gsi = route(d, cs, &flags);
		pci_dev_name(d, name, sizeof(name));
		if (gsi < 0 || gsi >= PCI_IRQ_NONE) {
			pr_debug("pci %s: INT%c not routed\n", name,
				 'A' + d->irq_pin - 1);
			continue;
		}
		d->irq_line = gsi;
		d->intx_flags = flags;
		pr_debug("pci %s: INT%c -> GSI %d (%s, %s)\n", name,
			 'A' + d->irq_pin - 1, gsi,
			 acpi_inti_trigger_str(flags),
			 acpi_inti_polarity_str(flags));
	}
}

int pci_intx_route(struct pci_dev *d, u8 vector)
{
	int err;

	if (!d->irq_pin || d->irq_line == PCI_IRQ_NONE)
		return -ENODEV;
	err = irq_route_gsi(d->irq_line, vector, d->intx_flags);
	if (!err)
		pci_cfg_update16(d, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 0);
	return err;
}

void pci_intx_release(struct pci_dev *d)
{
	if (!d->irq_pin || d->irq_line == PCI_IRQ_NONE)
		return;
	pci_cfg_update16(d, PCI_COMMAND, 0, PCI_COMMAND_INTX_DISABLE);
	irq_mask_gsi(d->irq_line);
}
