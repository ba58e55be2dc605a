// SPDX-License-Identifier: MIT
/*
 * PCI configuration space, two ways: ECAM (the 4 KiB per function
 * memory window the ACPI MCFG table describes, PCIe 6.0 7.2.2) when
 * there is one, and configuration mechanism #1 (ports 0xcf8/0xcfc,
 * 256 bytes per function) otherwise or when umka.pci=legacy asks.
 *
 * ECAM is mapped one bus (1 MiB) at a time, the first time the bus is
 * touched; enumeration touches every bus that exists, so later accesses
 * to known devices never map.  A bad width, offset or bus reads as all
 * ones, as a master abort would, and writes nothing.
 */
#include <umka/acpi.h>
#include <umka/errno.h>
#include <umka/params.h>
#include <umka/pci.h>
#include <umka/printk.h>
#include <umka/spinlock.h>
#include <umka/vmalloc.h>
#include <asm/io.h>
#include <asm/pci.h>
#include "internal.h"

#define ECAM_BUS_SIZE (1u << 20)
#define ECAM_FN_SHIFT 12
#define PCI_CFG_SIZE_ECAM 4096
#define PCI_CFG_SIZE_LEGACY 256

static bool use_ecam;
static phys_addr_t ecam_base;
static u8 ecam_bus_start, ecam_bus_end;
/* Per-bus mappings; installed once, never removed. */
static volatile u8 *ecam_bus[256];
static DEFINE_SPINLOCK(conf1_lock, LOCK_LEVEL_PCI_CONF1);

bool pci_uses_ecam(void)
{
	return use_ecam;
}

void pci_config_init(void)
{
	ecam_base = acpi_mcfg_base(&ecam_bus_start, &ecam_bus_end);
	if (kparams.pci_legacy) {
		pr_info("PCI: configuration through ports 0xcf8/0xcfc (umka.pci=legacy)\n");
		return;
	}
	if (!ecam_base) {
		pr_info("PCI: no MCFG: configuration through ports 0xcf8/0xcfc\n");
		return;
	}
	use_ecam = true;
	pr_info("PCI: ECAM [mem 0x%llx-0x%llx] for [bus %02x-%02x]\n",
		(unsigned long long)ecam_base +
			((phys_addr_t)ecam_bus_start << 20),
		(unsigned long long)ecam_base +
			((phys_addr_t)ecam_bus_end + 1) * ECAM_BUS_SIZE - 1,
		ecam_bus_start, ecam_bus_end);
}

static bool access_ok(unsigned off, unsigned width, unsigned limit)
{
	if (width != 1 && width != 2 && width != 4)
		return false;
	return !(off & (width - 1)) && off + width <= limit;
}

static u32 all_ones(unsigned width)
{
	return width >= 4 ? ~0u : (1u << (8 * width)) - 1;
}

/* The bus's window, mapped on first use; NULL outside the MCFG range. */
static volatile u8 *ecam_window(u8 bus)
{
	volatile u8 *w = __atomic_load_n(&ecam_bus[bus], __ATOMIC_ACQUIRE);
	volatile u8 *expected = NULL;

	if (w)
		return w;
	if (!ecam_base || bus < ecam_bus_start || bus > ecam_bus_end)
		return NULL;
	/* MCFG's base is where bus 0 would be, even if its range starts
	 * later. */
	w = ioremap(ecam_base + (phys_addr_t)bus * ECAM_BUS_SIZE,
		    ECAM_BUS_SIZE);
	if (!w)
		return NULL;
	/* Two first users may race: keep one mapping. */
	if (!__atomic_compare_exchange_n(&ecam_bus[bus], &expected, w, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		iounmap((void *)w);
		w = expected;
	}
	return w;
}

int pci_cfg_read_ecam(u16 seg, u8 bus, u8 devfn, unsigned off,
		      unsigned width, u32 *val)
{
	volatile u8 *w, *p;

	*val = all_ones(width);
	if (!access_ok(off, width, PCI_CFG_SIZE_ECAM))
		return -EINVAL;
	if (seg != 0)
		return -ENODEV;
	w = ecam_window(bus);
	if (!w)
		return -ENODEV;
	p = w + ((u32)devfn << ECAM_FN_SHIFT) + off;
	if (width == 1)
		*val = mmio_read8(p);
	else if (width == 2)
		*val = mmio_read16(p);
	else
		*val = mmio_read32(p);
	return 0;
}

static int ecam_write(u8 bus, u8 devfn, unsigned off, unsigned width,
		      u32 val)
{
	volatile u8 *w = ecam_window(bus), *p;

	if (!w)
		return -ENODEV;
	p = w + ((u32)devfn << ECAM_FN_SHIFT) + off;
	if (width == 1)
		mmio_write8(p, val);
	else if (width == 2)
		mmio_write16(p, val);
	else
		mmio_write32(p, val);
	return 0;
}

u32 pci_cfg_read_legacy(u8 bus, u8 devfn, unsigned off, unsigned width)
{
	unsigned long flags;
	u32 v;

	if (!access_ok(off, width, PCI_CFG_SIZE_LEGACY))
		return all_ones(width);
	flags = spin_lock_irqsave(&conf1_lock);
	v = arch_pci_conf1_read(bus, devfn, off, width);
	spin_unlock_irqrestore(&conf1_lock, flags);
	return v;
}

static void legacy_write(u8 bus, u8 devfn, unsigned off, unsigned width,
			 u32 val)
{
	unsigned long flags = spin_lock_irqsave(&conf1_lock);

	arch_pci_conf1_write(bus, devfn, off, width, val);
	spin_unlock_irqrestore(&conf1_lock, flags);
}

/* Buses outside the MCFG range (firmware may cover only some) use ports. */
static bool bus_is_ecam(u8 bus)
{
	return use_ecam && bus >= ecam_bus_start && bus <= ecam_bus_end;
}

u32 pci_bus_read(u8 bus, u8 devfn, unsigned off, unsigned width)
{
	u32 v;

	if (!bus_is_ecam(bus))
		return pci_cfg_read_legacy(bus, devfn, off, width);
	pci_cfg_read_ecam(0, bus, devfn, off, width, &v);
	return v;
}

void pci_bus_write(u8 bus, u8 devfn, unsigned off, unsigned width, u32 val)
{
	if (bus_is_ecam(bus)) {
		if (access_ok(off, width, PCI_CFG_SIZE_ECAM))
			ecam_write(bus, devfn, off, width, val);
	} else if (access_ok(off, width, PCI_CFG_SIZE_LEGACY)) {
		legacy_write(bus, devfn, off, width, val);
	}
}

u32 pci_cfg_read(const struct pci_dev *d, unsigned off, unsigned width)
{
	if (!d || d->segment != 0)
		return all_ones(width);
	return pci_bus_read(d->bus, d->devfn, off, width);
}

void pci_cfg_write(const struct pci_dev *d, unsigned off, unsigned width,
		   u32 val)
{
	if (d && d->segment == 0)
		pci_bus_write(d->bus, d->devfn, off, width, val);
}
