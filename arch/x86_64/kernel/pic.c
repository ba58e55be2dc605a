// SPDX-License-Identifier: MIT
/*
 * The legacy 8259 PIC pair.  We route interrupts through the IOAPIC, so
 * the PICs are only reprogrammed to vectors 32..47 (away from the CPU
 * exceptions, in case a spurious interrupt slips through) and masked.
 */
#include <asm/io.h>
#include <asm/platform.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01

/* The PICs need a moment between writes; port 0x80 is the classic delay. */
static void pic_out(u16 port, u8 v)
{
	outb(port, v);
	outb(0x80, 0);
}

void pic_disable(void)
{
	pic_out(PIC1_CMD, ICW1_INIT_ICW4);
	pic_out(PIC2_CMD, ICW1_INIT_ICW4);
	pic_out(PIC1_DATA, 32);		/* vector base */
	pic_out(PIC2_DATA, 40);
	pic_out(PIC1_DATA, 1 << 2);	/* slave on IRQ 2 */
	pic_out(PIC2_DATA, 2);		/* slave identity */
	pic_out(PIC1_DATA, ICW4_8086);
	pic_out(PIC2_DATA, ICW4_8086);
	pic_out(PIC1_DATA, 0xff);
	pic_out(PIC2_DATA, 0xff);
}
