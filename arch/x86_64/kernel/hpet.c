// SPDX-License-Identifier: MIT
/*
 * HPET main counter, used as the reference to calibrate the TSC (and to
 * check it in the self-tests).  We use no HPET comparators: the per-CPU
 * LAPIC timer does that job.
 */
#include <umka/acpi.h>
#include <umka/printk.h>
#include <umka/vmalloc.h>
#include <asm/io.h>
#include <asm/time.h>

#define HPET_CAP 0x000
#define HPET_CONFIG 0x010
#define HPET_COUNTER 0x0f0
#define HPET_CAP_64BIT BIT(13)
#define HPET_CONFIG_ENABLE BIT(0)
#define HPET_MAX_PERIOD_FS 100000000ULL	/* 100 ns, from the spec */
#define FS_PER_SEC 1000000000000000ULL

static volatile u8 *hpet;
static u64 hpet_hz;
static bool hpet_64bit;

bool hpet_init(void)
{
	phys_addr_t pa = acpi_hpet_base();
	u64 cap, period;

	if (!pa)
		return false;
	hpet = ioremap(pa, 1024);
	if (!hpet)
		return false;
	cap = mmio_read64(hpet + HPET_CAP);
	period = cap >> 32;
	if (!period || period > HPET_MAX_PERIOD_FS) {
		pr_warn("HPET: bad period %llu fs, not used\n",
			(unsigned long long)period);
		hpet = NULL;
		return false;
	}
	hpet_hz = FS_PER_SEC / period;
	hpet_64bit = cap & HPET_CAP_64BIT;
	mmio_write64(hpet + HPET_CONFIG,
		     mmio_read64(hpet + HPET_CONFIG) | HPET_CONFIG_ENABLE);
	pr_info("HPET: at 0x%llx, %llu Hz, %s counter\n",
		(unsigned long long)pa, (unsigned long long)hpet_hz,
		hpet_64bit ? "64-bit" : "32-bit");
	return true;
}

bool hpet_available(void)
{
	return hpet != NULL;
}

u64 hpet_read_counter(void)
{
	if (!hpet)
		return 0;
	if (!hpet_64bit)
		return mmio_read32(hpet + HPET_COUNTER);
	return mmio_read64(hpet + HPET_COUNTER);
}

u64 hpet_frequency(void)
{
	return hpet_hz;
}

u64 hpet_delta(u64 from, u64 to)
{
	if (!hpet_64bit)
		return (u32)((u32)to - (u32)from);
	return to - from;
}
