// SPDX-License-Identifier: MIT
/*
 * The LAPIC timer as each CPU's clockevent (see <umka/timer.h>).
 * TSC-deadline mode when the CPU has it: the deadline is simply a TSC
 * value.  Otherwise one-shot mode, with the timer's rate measured against
 * the clocksource.  Either way we check once that an interrupt really
 * arrives, because emulators may advertise a mode they do not deliver.
 */
#include <umka/irq.h>
#include <umka/printk.h>
#include <umka/time.h>
#include <umka/timer.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/time.h>

#define APIC_IRR 0x200
#define TIMER_DIV_16 0x3
#define CALIBRATE_NS (10 * NSEC_PER_MSEC)
#define CHECK_NS (100 * NSEC_PER_MSEC)	/* generous: a loaded TCG host is slow */

enum apic_timer_kind { TIMER_NONE, TIMER_DEADLINE, TIMER_ONESHOT };

static enum apic_timer_kind kind;
static u64 lapic_hz;
static u64 ns_to_count_mult;	/* count = ns * mult >> 32 */

static void deadline_set_next(u64 deadline_ns)
{
	u64 tsc = ns_to_tsc(deadline_ns);

	/* Writing 0 disarms the timer; a past deadline fires at once. */
	wrmsr(MSR_TSC_DEADLINE, tsc ? tsc : 1);
}

static void oneshot_set_next(u64 deadline_ns)
{
	u64 now = ktime_get_ns();
	u64 delta = deadline_ns > now ? deadline_ns - now : 0;
	u64 count = (u64)(((unsigned __int128)delta * ns_to_count_mult) >> 32);

	/* Far deadlines fire early and get re-armed; 0 would stop it. */
	apic_write(APIC_TIMER_INIT, (u32)min(max(count, 1ULL), 0xffffffffULL));
}

static struct clockevent lapic_clockevent = { .name = "lapic" };

const char *apic_timer_mode(void)
{
	switch (kind) {
	case TIMER_DEADLINE:
		return "TSC-deadline";
	case TIMER_ONESHOT:
		return "one-shot";
	default:
		return "none";
	}
}

static void apic_timer_irq(unsigned vector, void *data)
{
	timer_interrupt();
}

static void setup_lvt(void)
{
	if (kind == TIMER_DEADLINE) {
		apic_write(APIC_LVT_TIMER,
			   APIC_TIMER_TSC_DEADLINE | IRQ_VECTOR_TIMER);
		/* Order the LVT write before any later deadline WRMSR. */
		__asm__ __volatile__("mfence" ::: "memory");
	} else {
		apic_write(APIC_TIMER_DIV, TIMER_DIV_16);
		apic_write(APIC_LVT_TIMER,
			   APIC_TIMER_ONESHOT | IRQ_VECTOR_TIMER);
	}
}

static u64 calibrate_oneshot(void)
{
	u64 t0, t1;
	u32 left;

	apic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | IRQ_VECTOR_TIMER);
	apic_write(APIC_TIMER_INIT, 0xffffffff);
	t0 = ktime_get_ns();
	do {
		t1 = ktime_get_ns();
	} while (t1 - t0 < CALIBRATE_NS);
	left = apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0);
	return (u64)(0xffffffffu - left) * NSEC_PER_SEC / (t1 - t0);
}

static bool irr_has_timer(void)
{
	u32 v = IRQ_VECTOR_TIMER;

	return apic_read(APIC_IRR + 0x10 * (v / 32)) & (1u << (v % 32));
}

/*
 * With interrupts still off, arm the timer 0.5 ms ahead and watch the
 * IRR (for up to CHECK_NS; it normally shows within a millisecond).  The pending interrupt is taken harmlessly once we sti.
 */
static bool timer_delivers(void)
{
	u64 start = ktime_get_ns();

	setup_lvt();
	lapic_clockevent.set_next_event(start + NSEC_PER_MSEC / 2);
	while (ktime_get_ns() - start < CHECK_NS)
		if (irr_has_timer())
			return true;
	return irr_has_timer();
}

static bool try_deadline(void)
{
	if (!tsc_has_deadline())
		return false;
	kind = TIMER_DEADLINE;
	lapic_clockevent.set_next_event = deadline_set_next;
	if (timer_delivers())
		return true;
	pr_warn("APIC: TSC-deadline timer does not fire, using one-shot\n");
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | IRQ_VECTOR_TIMER);
	wrmsr(MSR_TSC_DEADLINE, 0);
	return false;
}

static bool try_oneshot(void)
{
	lapic_hz = calibrate_oneshot();
	if (!lapic_hz)
		return false;
	ns_to_count_mult = (lapic_hz << 32) / NSEC_PER_SEC;
	kind = TIMER_ONESHOT;
	lapic_clockevent.set_next_event = oneshot_set_next;
	return timer_delivers();
}

void apic_timer_init(void)
{
	if (!ktime_get_ns()) {
		pr_err("APIC: no clocksource, no timer interrupts\n");
		return;
	}
	if (!try_deadline() && !try_oneshot()) {
		kind = TIMER_NONE;
		pr_err("APIC: timer does not fire: no tick\n");
		return;
	}
	if (kind == TIMER_ONESHOT)
		pr_info("APIC: timer one-shot mode, %llu.%03llu MHz (calibrated)\n",
			(unsigned long long)(lapic_hz / 1000000),
			(unsigned long long)(lapic_hz / 1000 % 1000));
	else
		pr_info("APIC: timer TSC-deadline mode\n");
	irq_register_vector(IRQ_VECTOR_TIMER, apic_timer_irq, NULL, "timer");
	clockevent_register(&lapic_clockevent);
	apic_timer_init_cpu();
}

void apic_timer_init_cpu(void)
{
	if (kind == TIMER_NONE)
		return;
	setup_lvt();
	timer_start_cpu();
}
