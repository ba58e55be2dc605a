// SPDX-License-Identifier: MIT
/*
 * IOAPICs: every redirection entry starts masked; irq_enable_isa() routes
 * one ISA IRQ to vector 32+n on the boot CPU, with the polarity and
 * trigger the MADT overrides ask for (ISA defaults: active high, edge).
 * irq_route_gsi() does the same for any GSI, with the INTI flags the
 * caller resolved (PCI INTx: level triggered).
 */
#include <umka/acpi.h>
#include <umka/errno.h>
#include <umka/irq.h>
#include <umka/printk.h>
#include <umka/spinlock.h>
#include <umka/vmalloc.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/platform.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_REDIR(n) (0x10 + 2 * (n))

#define REDIR_MASKED BIT(16)
#define REDIR_LEVEL BIT(15)
#define REDIR_ACTIVE_LOW BIT(13)

struct ioapic {
	volatile u8 *regs;
	u32 gsi_base;
	u32 nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static u32 boot_apic_id;
static DEFINE_SPINLOCK(ioapic_lock, LOCK_LEVEL_IRQ_CHIP);

static u32 ioapic_read(struct ioapic *io, u32 reg)
{
	mmio_write32(io->regs + IOAPIC_REGSEL, reg);
	return mmio_read32(io->regs + IOAPIC_WINDOW);
}

static void ioapic_write(struct ioapic *io, u32 reg, u32 v)
{
	mmio_write32(io->regs + IOAPIC_REGSEL, reg);
	mmio_write32(io->regs + IOAPIC_WINDOW, v);
}

/* Write the high half first, so the entry is never live half-done. */
static void write_redir_locked(struct ioapic *io, u32 pin, u32 lo, u32 hi)
{
	ioapic_write(io, IOAPIC_REG_REDIR(pin), REDIR_MASKED);
	ioapic_write(io, IOAPIC_REG_REDIR(pin) + 1, hi);
	ioapic_write(io, IOAPIC_REG_REDIR(pin), lo);
}

static void write_redir(struct ioapic *io, u32 pin, u32 lo, u32 hi)
{
	unsigned long flags = spin_lock_irqsave(&ioapic_lock);

	write_redir_locked(io, pin, lo, hi);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

static void setup_one(const struct acpi_ioapic *a)
{
	struct ioapic *io = &ioapics[nr_ioapics];
	u32 ver;

	io->regs = ioremap(a->address, 4096);
	if (!io->regs) {
		pr_err("IOAPIC: cannot map 0x%llx\n",
		       (unsigned long long)a->address);
		return;
	}
	ver = ioapic_read(io, IOAPIC_REG_VERSION);
	io->gsi_base = a->gsi_base;
	io->nr_pins = ((ver >> 16) & 0xff) + 1;
	for (u32 pin = 0; pin < io->nr_pins; pin++)
		write_redir(io, pin, REDIR_MASKED, 0);
	pr_info("IOAPIC[%u]: apic_id %u, version %#x, address 0x%llx, GSI %u-%u\n",
		nr_ioapics, a->id, ver & 0xff, (unsigned long long)a->address,
		io->gsi_base, io->gsi_base + io->nr_pins - 1);
	nr_ioapics++;
}

void ioapic_init(void)
{
	boot_apic_id = apic_id();
	for (unsigned int i = 0; i < acpi_nr_ioapics(); i++)
		setup_one(acpi_ioapic(i));
	if (!nr_ioapics)
		pr_warn("IOAPIC: none found: device interrupts unavailable\n");
}

static struct ioapic *ioapic_for_gsi(u32 gsi, u32 *pin)
{
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi < io->gsi_base + io->nr_pins) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

static u32 redir_flags(u16 inti)
{
	u32 v = 0;

	if ((inti & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_POLARITY_LOW)
		v |= REDIR_ACTIVE_LOW;
	if ((inti & ACPI_INTI_TRIGGER_MASK) == ACPI_INTI_TRIGGER_LEVEL)
		v |= REDIR_LEVEL;
	return v;
}

/*
 * Fixed delivery, physical destination: the boot CPU.  A pin already
 * live with another vector is refused, so two users of one line cannot
 * steal it from each other silently.
 */
static int route_pin(u32 gsi, unsigned vector, u16 inti)
{
	struct ioapic *io;
	unsigned long flags;
	u32 pin, lo;

	if (vector < IRQ_VECTOR_FIRST || vector > IRQ_VECTOR_DEVICE_LAST)
		return -EINVAL;
	io = ioapic_for_gsi(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = spin_lock_irqsave(&ioapic_lock);
	lo = ioapic_read(io, IOAPIC_REG_REDIR(pin));
	if (!(lo & REDIR_MASKED) && (lo & 0xff) != vector) {
		spin_unlock_irqrestore(&ioapic_lock, flags);
		return -EBUSY;
	}
	write_redir_locked(io, pin, vector | redir_flags(inti),
			   boot_apic_id << 24);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

int irq_enable_isa(unsigned irq, irq_handler_t fn, void *data,
		   const char *name)
{
	u32 gsi, pin;
	u16 inti;

	if (irq >= 16)
		return -1;
	gsi = acpi_isa_irq_to_gsi(irq, &inti);
	if (!ioapic_for_gsi(gsi, &pin)) {
		pr_warn("IOAPIC: no pin for ISA IRQ %u (GSI %u)\n", irq, gsi);
		return -1;
	}
	if (irq_register_vector(IRQ_VECTOR_ISA(irq), fn, data, name))
		return -1;
	return route_pin(gsi, IRQ_VECTOR_ISA(irq), inti) ? -1 : 0;
}

int irq_route_gsi(u32 gsi, unsigned vector, u16 inti)
{
	return route_pin(gsi, vector, inti);
}

int irq_mask_gsi(u32 gsi)
{
	struct ioapic *io;
	unsigned long flags;
	u32 pin, lo;

	io = ioapic_for_gsi(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = spin_lock_irqsave(&ioapic_lock);
	lo = ioapic_read(io, IOAPIC_REG_REDIR(pin));
	ioapic_write(io, IOAPIC_REG_REDIR(pin), lo | REDIR_MASKED);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

int irq_gsi_entry(u32 gsi, u64 *entry)
{
	struct ioapic *io;
	unsigned long flags;
	u32 pin;

	io = ioapic_for_gsi(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = spin_lock_irqsave(&ioapic_lock);
	*entry = ioapic_read(io, IOAPIC_REG_REDIR(pin)) |
		 (u64)ioapic_read(io, IOAPIC_REG_REDIR(pin) + 1) << 32;
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}
