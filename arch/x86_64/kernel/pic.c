// SPDX-License-Identifier: MIT
/*
 * The legacy 8259 PICs.  We never use them, but firmware leaves them
 * mapped to vectors 8..15, where a stray timer tick would look like a
 * double fault.  Move them to 32..47 and mask every line.
 */
#include <asm/io.h>
#include <asm/setup.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1

void pic_disable(void)
{
	outb(PIC1_CMD, 0x11);	/* ICW1: init, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, 32);	/* ICW2: vector base */
	outb(PIC2_DATA, 40);
	outb(PIC1_DATA, 4);	/* ICW3: slave on IRQ2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 1);	/* ICW4: 8086 mode */
	outb(PIC2_DATA, 1);
	outb(PIC1_DATA, 0xff);	/* mask everything */
	outb(PIC2_DATA, 0xff);
}
