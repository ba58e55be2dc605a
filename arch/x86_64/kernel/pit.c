// SPDX-License-Identifier: MIT
/*
 * The 8254 PIT: channel 2 (the one gated through port 0x61) measures a
 * fixed interval to calibrate the TSC when there is no HPET.  Channel 0
 * is stopped; the LAPIC timer provides the tick.
 */
#include <umka/compiler.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/time.h>

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_GATE 0x61
#define GATE_CH2 BIT(0)
#define GATE_SPEAKER BIT(1)
#define GATE_OUT2 BIT(5)
/* Channel select, lobyte/hibyte access, mode 0 (interrupt on count). */
#define MODE_CH0_ONESHOT 0x30
#define MODE_CH2_ONESHOT 0xb0

void pit_stop_channel0(void)
{
	/* Mode 0 with no count written: the counter waits, silently. */
	outb(PIT_MODE, MODE_CH0_ONESHOT);
}

u64 pit_measure_tsc(unsigned int ms)
{
	u32 count = PIT_HZ * ms / 1000;
	u8 gate = inb(PIT_GATE);
	u64 t0, t1;
	unsigned long spins = 0;

	if (!ms || count > 0xffff)
		return 0;
	/* Gate low while we load the count, speaker off. */
	outb(PIT_GATE, gate & ~(GATE_CH2 | GATE_SPEAKER));
	outb(PIT_MODE, MODE_CH2_ONESHOT);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	/* The count starts when the gate rises. */
	outb(PIT_GATE, (gate & ~GATE_SPEAKER) | GATE_CH2);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & GATE_OUT2)) {
		/* No PIT (or a stuck one) must not hang the boot. */
		if (++spins > 100000000)
			return 0;
	}
	t1 = rdtsc();
	outb(PIT_GATE, gate & ~(GATE_CH2 | GATE_SPEAKER));
	return t1 - t0;
}
