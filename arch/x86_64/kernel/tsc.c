// SPDX-License-Identifier: MIT
/*
 * The TSC as the kernel clock.  Its frequency is measured against the
 * HPET (or the PIT without one); conversions use 32.32 fixed point so the
 * hot path is one multiply, and 128-bit products so nothing overflows.
 * Monotonic time counts from TSC 0, i.e. from machine reset.
 */
#include <umka/clocksource.h>
#include <umka/printk.h>
#include <umka/time.h>
#include <asm/cpu.h>
#include <asm/time.h>

#define CALIBRATE_MS 20
#define CPUID_1_ECX_TSC_DEADLINE BIT(24)
#define CPUID_1_EDX_TSC BIT(4)
#define CPUID_80000007_EDX_INVARIANT BIT(8)

static u64 tsc_hz;
static u64 mult_to_ns;		/* ns = tsc * mult_to_ns >> 32 */
static u64 mult_to_tsc;		/* tsc = ns * mult_to_tsc >> 32 */
static bool invariant;
static bool deadline;

u64 tsc_to_ns(u64 tsc)
{
	return (u64)(((unsigned __int128)tsc * mult_to_ns) >> 32);
}

u64 ns_to_tsc(u64 ns)
{
	return (u64)(((unsigned __int128)ns * mult_to_tsc) >> 32);
}

u64 tsc_frequency(void)
{
	return tsc_hz;
}

bool tsc_invariant(void)
{
	return invariant;
}

bool tsc_has_deadline(void)
{
	return deadline && tsc_hz;
}

static u64 calibrate_hpet(void)
{
	u64 hz = hpet_frequency(), want = hz * CALIBRATE_MS / 1000;
	u64 h0, h1, t0, t1;
	unsigned long spins = 0;

	h0 = hpet_read_counter();
	t0 = rdtsc();
	do {
		h1 = hpet_read_counter();
		t1 = rdtsc();
		if (++spins > 100000000)
			return 0;
	} while (hpet_delta(h0, h1) < want);
	return (t1 - t0) * hz / hpet_delta(h0, h1);
}

static u64 calibrate_pit(void)
{
	u32 count = PIT_HZ * CALIBRATE_MS / 1000;

	return pit_measure_tsc(CALIBRATE_MS) * PIT_HZ / count;
}

static void set_frequency(u64 hz)
{
	const u64 ns = NSEC_PER_SEC;

	tsc_hz = hz;
	mult_to_ns = (ns << 32) / hz;
	/* (hz << 32) / 1e9 without a 128-bit division. */
	mult_to_tsc = ((hz / ns) << 32) + ((hz % ns) << 32) / ns;
}

static u64 tsc_read_ns(void)
{
	return tsc_to_ns(rdtsc());
}

static struct clocksource tsc_clocksource = {
	.name = "tsc",
	.read_ns = tsc_read_ns,
};

/* Without a TSC frequency the HPET itself keeps time (slower to read). */
static u64 hpet_mult_to_ns;

static u64 hpet_read_ns(void)
{
	return (u64)(((unsigned __int128)hpet_read_counter() *
		      hpet_mult_to_ns) >> 32);
}

static struct clocksource hpet_clocksource = {
	.name = "hpet",
	.read_ns = hpet_read_ns,
};

static void detect_features(void)
{
	deadline = cpuid(1, 0).ecx & CPUID_1_ECX_TSC_DEADLINE;
	if (cpuid(0x80000000, 0).eax >= 0x80000007)
		invariant = cpuid(0x80000007, 0).edx &
			    CPUID_80000007_EDX_INVARIANT;
}

void tsc_init(void)
{
	const char *ref = hpet_available() ? "HPET" : "PIT";
	u64 hz = 0;

	detect_features();
	if (cpuid(1, 0).edx & CPUID_1_EDX_TSC)
		hz = hpet_available() ? calibrate_hpet() : calibrate_pit();
	if (!hz) {
		pr_err("tsc: calibration against the %s failed\n", ref);
		if (hpet_available() && hpet_frequency()) {
			hpet_mult_to_ns = (NSEC_PER_SEC << 32) / hpet_frequency();
			hpet_clocksource.freq_hz = hpet_frequency();
			clocksource_register(&hpet_clocksource);
			pr_warn("clocksource: using hpet\n");
		}
		return;
	}
	set_frequency(hz);
	pr_info("tsc: Detected %llu.%03llu MHz processor (calibrated against %s)\n",
		(unsigned long long)(hz / 1000000),
		(unsigned long long)(hz / 1000 % 1000), ref);
	pr_info("tsc: %sinvariant TSC%s\n", invariant ? "" : "no ",
		deadline ? ", TSC-deadline timer" : "");
	tsc_clocksource.freq_hz = hz;
	clocksource_register(&tsc_clocksource);
}
