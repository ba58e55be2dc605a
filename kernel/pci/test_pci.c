// SPDX-License-Identifier: MIT
/*
 * PCI self-tests.  They run on whatever machine QEMU gives them: the
 * default q35 has a host bridge, VGA, an e1000e NIC, the ICH9 LPC,
 * AHCI and SMBus; tests/system/test_pci.py adds virtio devices and a
 * bridge, and boots -machine pc for the port-I/O-only path.  The
 * NIC tests use the interrupt cause set register (ICS) of the e1000e
 * (or, on pc, the e1000) to make it raise real interrupts, INTx and
 * MSI-X.
 */
#include <umka/device.h>
#include <umka/errno.h>
#include <umka/irq.h>
#include <umka/kprintf.h>
#include <umka/ktest.h>
#include <umka/params.h>
#include <umka/pci.h>
#include <umka/processor.h>
#include <umka/string.h>
#include <umka/time.h>
#include <umka/vmalloc.h>
#include <asm/io.h>
#include <asm/pci.h>
#include <kabi/kernel_services.h>
#include "internal.h"

#define NS_PER_MS 1000000ull

static struct pci_dev *find_id(u16 vendor, u16 device)
{
	struct pci_dev *d;

	for_each_pci_dev(d)
		if (d->vendor == vendor && d->device == device)
			return d;
	return NULL;
}

static bool is_q35(void)
{
	struct pci_dev *d = pci_find(0, 0, 0);

	return d && d->vendor == 0x8086 && d->device == 0x29c0;
}

KTEST(pci_enum_host_and_lpc)
{
	struct pci_dev *host = pci_find(0, 0, PCI_DEVFN(0, 0));
	struct pci_dev *lpc = pci_find(0, 0, PCI_DEVFN(31, 0));

	if (!is_q35()) {
		/* -machine pc: the i440FX host bridge and PIIX3 instead. */
		KT_ASSERT(find_id(0x8086, 0x1237) != NULL);
		KT_ASSERT(find_id(0x8086, 0x7000) != NULL);
		return;
	}
	KT_ASSERT(host != NULL);
	KT_ASSERT_EQ(host->vendor, 0x8086);
	KT_ASSERT_EQ(host->device, 0x29c0);
	KT_ASSERT_EQ(host->class_code >> 8, 0x0600);
	KT_ASSERT(lpc != NULL);
	KT_ASSERT_EQ(lpc->vendor, 0x8086);
	KT_ASSERT_EQ(lpc->device, 0x2918);
	KT_ASSERT_EQ(lpc->class_code >> 8, 0x0601);
	/* The LPC is function 0 of a multi-function device (AHCI is .2). */
	KT_ASSERT(pci_cfg_read(lpc, PCI_HEADER_TYPE, 1) & PCI_HEADER_TYPE_MULTI);
	KT_ASSERT(pci_find(0, 0, PCI_DEVFN(31, 2)) != NULL);
	KT_ASSERT(pci_find(0, 0, PCI_DEVFN(31, 7)) == NULL);
	KT_ASSERT(pci_uses_ecam() || kparams.pci_legacy);
}

KTEST(pci_list_order_and_registry)
{
	struct pci_dev *prev = NULL;
	struct pci_dev *d;
	struct device *dev;
	unsigned n = 0;

	for_each_pci_dev(d) {
		char name[40], loc[16];

		if (prev)
			KT_ASSERT(((u32)prev->bus << 8 | prev->devfn) <
				  ((u32)d->bus << 8 | d->devfn));
		KT_ASSERT(pci_find(d->segment, d->bus, d->devfn) == d);
		pci_dev_name(d, loc, sizeof(loc));
		snprintf(name, sizeof(name), "pci:%s", loc);
		dev = device_find(name);
		KT_ASSERT(dev != NULL);
		KT_ASSERT(dev->pci == d);
		KT_ASSERT_EQ(dev->bus, KABI_BUS_PCI);
		KT_ASSERT(dev->state == DEVICE_UNBOUND || dev->driver);
		/* Config space agrees with what enumeration stored. */
		KT_ASSERT_EQ(pci_cfg_read(d, PCI_VENDOR_ID, 2), d->vendor);
		KT_ASSERT_EQ(pci_cfg_read(d, PCI_DEVICE_ID, 2), d->device);
		KT_ASSERT_EQ(pci_cfg_read(d, PCI_CLASS_REVISION, 4) >> 8,
			     d->class_code);
		prev = d;
		n++;
	}
	KT_ASSERT(n >= 2);
	dev = device_find("platform:serial0");
	KT_ASSERT(dev != NULL);
	KT_ASSERT_EQ(dev->bus, KABI_BUS_PLATFORM);
	KT_ASSERT_EQ(dev->port_base, 0x3f8);
	KT_ASSERT_EQ(dev->port_len, 8);
	KT_ASSERT_EQ(dev->isa_irq, 4);
	KT_ASSERT(device_count() >= n + 1);
	/* Bad arguments are refused, and a name is registered once. */
	KT_ASSERT(device_add_platform("serial0", 0x2f8, 8, 3) == NULL);
	KT_ASSERT(device_add_platform("", 0x2f8, 8, 3) == NULL);
	KT_ASSERT(device_add_platform("Bad Name", 0x2f8, 8, 3) == NULL);
	KT_ASSERT(device_add_platform("x", 0xfffc, 8, 3) == NULL);
	KT_ASSERT(device_add_platform("x", 0x2f8, 0, 3) == NULL);
	KT_ASSERT(device_add_platform("x", 0x2f8, 8, 16) == NULL);
	KT_ASSERT(device_add_pci(NULL) == NULL);
	KT_ASSERT(device_add_pci(prev) == NULL);	/* already there */
	KT_ASSERT(!strcmp(device_state_name(DEVICE_BOUND), "bound"));
}

static int count_cb(struct device *dev, void *arg)
{
	unsigned *n = arg;

	(*n)++;
	return *n == 2 ? 42 : 0;
}

KTEST(pci_registry_for_each_stops)
{
	unsigned n = 0;

	KT_ASSERT(device_count() >= 2);
	KT_ASSERT_EQ(device_for_each(count_cb, &n), 42);
	KT_ASSERT_EQ(n, 2);
}

/*
 * Every dword of every function's first 256 bytes, through ECAM and
 * through the ports; also absent functions, and the byte and word
 * accessors against the dword.
 */
KTEST(pci_ecam_matches_legacy)
{
	struct pci_dev *d;
	unsigned compared = 0;
	u32 v;

	if (pci_cfg_read_ecam(0, 0, 0, 0, 4, &v) == -ENODEV) {
		/* No MCFG (-machine pc): the ports are the only way. */
		KT_ASSERT(!pci_uses_ecam());
		KT_ASSERT_EQ(v, 0xffffffff);
		for_each_pci_dev(d)
			KT_ASSERT_EQ(pci_cfg_read(d, 0, 4),
				     pci_cfg_read_legacy(d->bus, d->devfn, 0, 4));
		return;
	}
	for_each_pci_dev(d) {
		for (unsigned off = 0; off < 256; off += 4) {
			u32 e, l = pci_cfg_read_legacy(d->bus, d->devfn, off, 4);

			KT_ASSERT_EQ(pci_cfg_read_ecam(0, d->bus, d->devfn, off,
						       4, &e), 0);
			if (e != l)
				ktest_fail(__FILE__, __LINE__,
					   "%02x:%02x.%u +%#x: ecam %#x legacy %#x",
					   d->bus, PCI_SLOT(d->devfn),
					   PCI_FUNC(d->devfn), off, e, l);
			KT_ASSERT(e == l);
			KT_ASSERT_EQ(pci_cfg_read(d, off, 4), e);
			KT_ASSERT_EQ(pci_cfg_read(d, off + 1, 1), (e >> 8) & 0xff);
			KT_ASSERT_EQ(pci_cfg_read(d, off + 2, 2), e >> 16);
			compared++;
		}
		/* Extended space is beyond the ports' reach. */
		KT_ASSERT_EQ(pci_cfg_read_legacy(d->bus, d->devfn, 0x100, 4),
			     0xffffffff);
	}
	KT_ASSERT(compared >= 64 * 2);
	/* An empty slot and an absent function read as all ones both ways. */
	KT_ASSERT_EQ(pci_cfg_read_ecam(0, 0, PCI_DEVFN(30, 5), 0, 4, &v), 0);
	KT_ASSERT_EQ(v, 0xffffffff);
	KT_ASSERT_EQ(pci_cfg_read_legacy(0, PCI_DEVFN(30, 5), 0, 4), 0xffffffff);
	/* Bad requests: all ones, an error, no access. */
	KT_ASSERT_EQ(pci_cfg_read_ecam(0, 0, 0, 2, 4, &v), -EINVAL);
	KT_ASSERT_EQ(v, 0xffffffff);
	KT_ASSERT_EQ(pci_cfg_read_ecam(0, 0, 0, 4096, 1, &v), -EINVAL);
	KT_ASSERT_EQ(pci_cfg_read_ecam(0, 0, 0, 0, 3, &v), -EINVAL);
	KT_ASSERT_EQ(pci_cfg_read_ecam(1, 0, 0, 0, 4, &v), -ENODEV);
	KT_ASSERT_EQ(pci_cfg_read_legacy(0, 0, 1, 2), 0xffff);
	KT_ASSERT_EQ(pci_cfg_read_legacy(0, 0, 256, 1), 0xff);
}

struct bar_expect {
	u16 vendor, device;
	u8 bar;
	u64 size;
	bool is_io, is_64, prefetch;
};

/* Sizes QEMU gives these devices (fixed by their models). */
static const struct bar_expect known_bars[] = {
	{ 0x1234, 0x1111, 0, 16 << 20, false, false, true },	/* std VGA */
	{ 0x1234, 0x1111, 2, 4096, false, false, false },
	{ 0x8086, 0x10d3, 0, 128 << 10, false, false, false },	/* e1000e */
	{ 0x8086, 0x10d3, 1, 128 << 10, false, false, false },
	{ 0x8086, 0x10d3, 2, 32, true, false, false },
	{ 0x8086, 0x10d3, 3, 16 << 10, false, false, false },
	{ 0x8086, 0x2922, 4, 32, true, false, false },		/* AHCI */
	{ 0x8086, 0x2922, 5, 4096, false, false, false },
	{ 0x8086, 0x2930, 4, 64, true, false, false },		/* SMBus */
	{ 0x8086, 0x100e, 0, 128 << 10, false, false, false },	/* e1000 */
	{ 0x8086, 0x100e, 1, 64, true, false, false },
	{ 0x8086, 0x7010, 4, 16, true, false, false },		/* PIIX IDE */
	{ 0x1af4, 0x1044, 1, 4096, false, false, false },	/* virtio-rng */
	{ 0x1af4, 0x1044, 4, 16 << 10, false, true, true },
};

static unsigned check_known_bars(struct pci_dev *d)
{
	unsigned checked = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(known_bars); i++) {
		const struct bar_expect *e = &known_bars[i];
		const struct pci_bar *b = &d->bar[e->bar];

		if (d->vendor != e->vendor || d->device != e->device)
			continue;
		if (b->size != e->size || b->is_io != e->is_io ||
		    b->is_64 != e->is_64 || b->prefetch != e->prefetch) {
			ktest_fail(__FILE__, __LINE__,
				   "%04x:%04x BAR %u: size %#llx io %d 64 %d pref %d",
				   d->vendor, d->device, e->bar,
				   (unsigned long long)b->size, b->is_io,
				   b->is_64, b->prefetch);
			return 0;
		}
		checked++;
	}
	return checked;
}

KTEST(pci_bar_sizing)
{
	unsigned known = 0;
	struct pci_dev *d;

	for_each_pci_dev(d) {
		struct pci_bar again[PCI_MAX_BARS];
		u32 raw[PCI_MAX_BARS];
		u16 cmd = pci_cfg_read(d, PCI_COMMAND, 2);

		for (unsigned i = 0; i < PCI_MAX_BARS; i++)
			raw[i] = pci_cfg_read(d, PCI_BAR0 + 4 * i, 4);
		pci_read_bars(d, again);
		/* Sizing leaves the registers and decoding as they were. */
		KT_ASSERT_EQ(pci_cfg_read(d, PCI_COMMAND, 2), cmd);
		for (unsigned i = 0; i < PCI_MAX_BARS; i++) {
			const struct pci_bar *b = &d->bar[i];

			KT_ASSERT_EQ(pci_cfg_read(d, PCI_BAR0 + 4 * i, 4), raw[i]);
			KT_ASSERT_EQ(again[i].base, b->base);
			KT_ASSERT_EQ(again[i].size, b->size);
			KT_ASSERT_EQ(again[i].is_io, b->is_io);
			KT_ASSERT_EQ(again[i].is_64, b->is_64);
			KT_ASSERT_EQ(again[i].prefetch, b->prefetch);
			if (!b->size)
				continue;
			/* A power of two, and the base aligned to it. */
			KT_ASSERT_EQ(b->size & (b->size - 1), 0);
			KT_ASSERT_EQ(b->base & (b->size - 1), 0);
			if (b->is_64) {
				KT_ASSERT(i + 1 < PCI_MAX_BARS);
				KT_ASSERT_EQ(d->bar[i + 1].size, 0);
			}
		}
		known += check_known_bars(d);
		if (ktest_failed())
			return;
	}
	/* Not vacuous: some device QEMU always has was checked. */
	KT_ASSERT(known >= 2);
}

static struct pci_dev *msix_device(void)
{
	struct pci_dev *d, *any = NULL;

	for_each_pci_dev(d) {
		if (!d->msix_cap)
			continue;
		if (d->vendor == 0x1af4)
			return d;	/* virtio when the test added one */
		if (!any)
			any = d;
	}
	return any;
}

static volatile u32 *msix_word(struct pci_dev *d, unsigned entry,
			       unsigned off)
{
	return (volatile u32 *)((volatile u8 *)d->msix_table +
				entry * PCI_MSIX_ENTRY_SIZE + off);
}

static void count_irq(unsigned vector, void *data)
{
	__atomic_fetch_add((unsigned *)data, 1, __ATOMIC_RELAXED);
}

static unsigned msix_hits[2];

KTEST(pci_msix_table)
{
	struct pci_dev *d = msix_device();
	unsigned ctrl, n;
	u8 vec[2];
	u64 addr;
	u32 data;
	int v0, v1;

	KT_ASSERT(d != NULL);
	pr_info("pci_msix: %02x:%02x.%u [%04x:%04x], %u entries\n", d->bus,
		PCI_SLOT(d->devfn), PCI_FUNC(d->devfn), d->vendor, d->device,
		d->msix_table_size);
	ctrl = d->msix_cap + PCI_MSIX_CTRL;
	n = d->msix_table_size < 2 ? d->msix_table_size : 2;
	v0 = irq_alloc_vector(count_irq, &msix_hits[0], "ktest-msix0");
	v1 = irq_alloc_vector(count_irq, &msix_hits[1], "ktest-msix1");
	KT_ASSERT(v0 > 0 && v1 > 0);
	vec[0] = v0;
	vec[1] = v1;
	KT_ASSERT_EQ(pci_msix_enable(d, vec, 0), -EINVAL);
	KT_ASSERT_EQ(pci_msix_enable(d, vec, d->msix_table_size + 1), -EINVAL);
	KT_ASSERT_EQ(pci_msix_enable(d, vec, n), 0);
	KT_ASSERT(d->msix_enabled);
	KT_ASSERT_EQ(pci_msix_enable(d, vec, n), -EBUSY);
	KT_ASSERT(pci_cfg_read(d, ctrl, 2) & PCI_MSIX_CTRL_ENABLE);
	KT_ASSERT(!(pci_cfg_read(d, ctrl, 2) & PCI_MSIX_CTRL_MASKALL));
	for (unsigned i = 0; i < d->msix_table_size; i++) {
		u32 c = mmio_read32(msix_word(d, i, PCI_MSIX_ENTRY_CTRL));

		if (i >= n) {
			KT_ASSERT(c & PCI_MSIX_ENTRY_CTRL_MASKED);
			continue;
		}
		KT_ASSERT_EQ(arch_msi_message(vec[i], &addr, &data), 0);
		KT_ASSERT_EQ(addr & 0xfff00fff, 0xfee00000);
		KT_ASSERT_EQ(mmio_read32(msix_word(d, i, PCI_MSIX_ENTRY_ADDR_LO)),
			     (u32)addr);
		KT_ASSERT_EQ(mmio_read32(msix_word(d, i, PCI_MSIX_ENTRY_ADDR_HI)),
			     0);
		KT_ASSERT_EQ(mmio_read32(msix_word(d, i, PCI_MSIX_ENTRY_DATA)),
			     vec[i]);
		KT_ASSERT(!(c & PCI_MSIX_ENTRY_CTRL_MASKED));
	}
	/* Masking one entry leaves the other alone. */
	pci_msix_mask(d, 0, true);
	KT_ASSERT(mmio_read32(msix_word(d, 0, PCI_MSIX_ENTRY_CTRL)) &
		  PCI_MSIX_ENTRY_CTRL_MASKED);
	if (n > 1)
		KT_ASSERT(!(mmio_read32(msix_word(d, 1, PCI_MSIX_ENTRY_CTRL)) &
			    PCI_MSIX_ENTRY_CTRL_MASKED));
	pci_msix_mask(d, 0, false);
	KT_ASSERT(!(mmio_read32(msix_word(d, 0, PCI_MSIX_ENTRY_CTRL)) &
		    PCI_MSIX_ENTRY_CTRL_MASKED));
	pci_msix_mask(d, d->msix_table_size, true);	/* out of range: no-op */
	pci_msix_disable(d);
	KT_ASSERT(!d->msix_enabled);
	KT_ASSERT(d->msix_table == NULL);
	KT_ASSERT(!(pci_cfg_read(d, ctrl, 2) & PCI_MSIX_CTRL_ENABLE));
	/* Enabling again works after a disable. */
	KT_ASSERT_EQ(pci_msix_enable(d, vec, 1), 0);
	pci_msix_disable(d);
	irq_free_vector(v0);
	irq_free_vector(v1);
	KT_ASSERT_EQ(pci_msix_enable(pci_find(0, 0, 0), vec, 1), -ENODEV);
}

/* ---- e1000e: real interrupts on demand ---- */

#define E1000_ICR 0x00c0
#define E1000_ICS 0x00c8
#define E1000_IMS 0x00d0
#define E1000_IMC 0x00d8
#define E1000_EIAC 0x00dc
#define E1000_IVAR 0x00e4
#define E1000_ICR_LSC BIT(2)
#define E1000_ICR_OTHER BIT(24)
#define E1000_IVAR_OTHER(vec) ((0x8u | (vec)) << 16)
#define E1000E_BAR0_SIZE (128 << 10)

struct nic {
	struct pci_dev *d;
	volatile u8 *regs;
	unsigned hits;
};

static struct nic nic;

static u32 nic_read(u32 reg)
{
	return mmio_read32(nic.regs + reg);
}

static void nic_write(u32 reg, u32 v)
{
	mmio_write32(nic.regs + reg, v);
}

static bool is_nic(const struct pci_dev *d)
{
	return d->vendor == 0x8086 &&
	       (d->device == 0x10d3 || d->device == 0x100e);
}

/* e1000e on q35, e1000 on pc: the same interrupt registers. */
static bool nic_open(struct pci_dev *d)
{
	nic.d = d;
	if (!d || !is_nic(d) || d->bar[0].size != E1000E_BAR0_SIZE)
		return false;
	nic.regs = ioremap(d->bar[0].base, E1000E_BAR0_SIZE);
	if (!nic.regs)
		return false;
	pci_cfg_update16(d, PCI_COMMAND, 0, PCI_COMMAND_MEMORY);
	nic_write(E1000_IMC, ~0u);
	nic_read(E1000_ICR);
	nic.hits = 0;
	return true;
}

static void nic_close(void)
{
	nic_write(E1000_IMC, ~0u);
	nic_write(E1000_EIAC, 0);
	nic_write(E1000_IVAR, 0);
	nic_read(E1000_ICR);
	pci_set_master(nic.d, false);
	iounmap((void *)nic.regs);
}

static bool wait_hits(unsigned *hits, unsigned want, unsigned ms)
{
	u64 end = ktime_get_ns() + ms * NS_PER_MS;

	while (__atomic_load_n(hits, __ATOMIC_RELAXED) < want) {
		if (ktime_get_ns() > end)
			return false;
		cpu_relax();
	}
	return true;
}

/* Level triggered: quiet the NIC before the EOI, or it fires again. */
static void nic_intx(unsigned vector, void *data)
{
	nic_write(E1000_IMC, ~0u);
	nic_read(E1000_ICR);
	__atomic_fetch_add(&nic.hits, 1, __ATOMIC_RELAXED);
}

static void intx_one(struct pci_dev *d)
{
	u64 entry;
	int vec;

	KT_ASSERT(nic_open(d));
	KT_ASSERT(d->irq_pin != 0);
	KT_ASSERT(d->irq_line != PCI_IRQ_NONE);
	if (is_q35() && d->bus == 0 && d->devfn == PCI_DEVFN(2, 0)) {
		/* Slot 2, INTA: PIRQ E + (2 + 0) % 4 = G, GSI 22. */
		KT_ASSERT_EQ(d->irq_line, 22);
	} else if (!is_q35()) {
		/* PIIX3: whatever IRQ the BIOS put in the PIRQ register. */
		KT_ASSERT(d->irq_line < 16);
	}
	vec = irq_alloc_vector(nic_intx, NULL, "ktest-intx");
	KT_ASSERT(vec > 0);
	KT_ASSERT_EQ(pci_intx_route(d, vec), 0);
	KT_ASSERT_EQ(irq_gsi_entry(d->irq_line, &entry), 0);
	KT_ASSERT_EQ(entry & 0xff, vec);
	KT_ASSERT(!(entry & IRQ_GSI_ENTRY_MASKED));
	KT_ASSERT(entry & IRQ_GSI_ENTRY_LEVEL);
	/* Another vector on the same live line is refused. */
	KT_ASSERT_EQ(irq_route_gsi(d->irq_line, vec + 1, 0), -EBUSY);
	KT_ASSERT(!(pci_cfg_read(d, PCI_COMMAND, 2) &
		    PCI_COMMAND_INTX_DISABLE));
	for (unsigned i = 1; i <= 3; i++) {
		nic_write(E1000_IMS, E1000_ICR_LSC);
		nic_write(E1000_ICS, E1000_ICR_LSC);
		KT_ASSERT(wait_hits(&nic.hits, i, 2000));
	}
	/* Masked at the device: nothing arrives. */
	nic_write(E1000_ICS, E1000_ICR_LSC);
	mdelay(20);
	KT_ASSERT_EQ(__atomic_load_n(&nic.hits, __ATOMIC_RELAXED), 3);
	pci_intx_release(d);
	KT_ASSERT_EQ(irq_gsi_entry(d->irq_line, &entry), 0);
	KT_ASSERT(entry & IRQ_GSI_ENTRY_MASKED);
	irq_free_vector(vec);
	nic_close();
	pr_info("pci_intx: %02x:%02x.%u [%04x:%04x] INT%c GSI %u: 3 interrupts\n",
		d->bus, PCI_SLOT(d->devfn), PCI_FUNC(d->devfn), d->vendor,
		d->device, 'A' + d->irq_pin - 1, d->irq_line);
}

/* Every e1000/e1000e, wherever it sits: behind bridges too. */
KTEST(pci_intx_nic)
{
	unsigned n = 0;
	struct pci_dev *d;

	for_each_pci_dev(d) {
		if (!is_nic(d))
			continue;
		intx_one(d);
		if (ktest_failed())
			return;
		n++;
	}
	KT_ASSERT(n >= 1);
}

static void nic_msix(unsigned vector, void *data)
{
	__atomic_fetch_add(&nic.hits, 1, __ATOMIC_RELAXED);
}

/* Cause "other" to MSI-X entry 0, cleared from ICR as it is sent. */
static void nic_fire_other(void)
{
	nic_write(E1000_IMS, E1000_ICR_OTHER);
	nic_write(E1000_ICS, E1000_ICR_OTHER);
}

KTEST(pci_msix_e1000e)
{
	u8 vec[1];
	int v;

	KT_ASSERT(nic_open(find_id(0x8086, 0x10d3)));
	KT_ASSERT(nic.d->msix_cap != 0);
	v = irq_alloc_vector(nic_msix, NULL, "ktest-msix");
	KT_ASSERT(v > 0);
	vec[0] = v;
	KT_ASSERT_EQ(pci_msix_enable(nic.d, vec, 1), 0);
	/* MSI-X messages are memory writes by the device. */
	pci_set_master(nic.d, true);
	nic_write(E1000_IVAR, E1000_IVAR_OTHER(0));
	nic_write(E1000_EIAC, E1000_ICR_OTHER);
	nic_fire_other();
	KT_ASSERT(wait_hits(&nic.hits, 1, 2000));
	nic_fire_other();
	KT_ASSERT(wait_hits(&nic.hits, 2, 2000));
	/* Masked: the message waits in the PBA ... */
	pci_msix_mask(nic.d, 0, true);
	nic_fire_other();
	mdelay(20);
	KT_ASSERT_EQ(__atomic_load_n(&nic.hits, __ATOMIC_RELAXED), 2);
	KT_ASSERT(pci_msix_pending(nic.d, 0));
	/* ... and is delivered when the entry is unmasked. */
	pci_msix_mask(nic.d, 0, false);
	KT_ASSERT(wait_hits(&nic.hits, 3, 2000));
	KT_ASSERT(!pci_msix_pending(nic.d, 0));
	pci_msix_disable(nic.d);
	nic_fire_other();
	mdelay(20);
	KT_ASSERT_EQ(__atomic_load_n(&nic.hits, __ATOMIC_RELAXED), 3);
	irq_free_vector(v);
	nic_close();
}
