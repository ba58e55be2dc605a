// SPDX-License-Identifier: MIT
/* The IDT: one gate per vector, all pointing at the stubs in entry.S. */
#include <umka/types.h>
#include <asm/desc.h>
#include <asm/segment.h>

struct idt_gate {
	u16 off_lo;
	u16 sel;
	u8 ist;
	u8 type;
	u16 off_mid;
	u32 off_hi;
	u32 reserved;
} __packed;

extern const unsigned long trap_stub_table[256];
static struct idt_gate idt[256] __aligned(16);

static void set_gate(int v, unsigned long addr, int ist, int dpl)
{
	struct idt_gate *g = &idt[v];

	g->off_lo = addr & 0xffff;
	g->off_mid = (addr >> 16) & 0xffff;
	g->off_hi = addr >> 32;
	g->sel = KERNEL_CS;
	g->ist = ist;
	g->type = 0x8e | (dpl << 5);	/* present, 64-bit interrupt gate */
	g->reserved = 0;
}

void idt_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, trap_stub_table[v], 0, 0);
	set_gate(2, trap_stub_table[2], IST_NMI, 0);
	set_gate(8, trap_stub_table[8], IST_DOUBLE_FAULT, 0);
	set_gate(18, trap_stub_table[18], IST_MACHINE_CHECK, 0);
	/* int3 and into may be used from user mode (debuggers). */
	set_gate(3, trap_stub_table[3], 0, 3);
	set_gate(4, trap_stub_table[4], 0, 3);
	idt_load();
}

void idt_load(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (unsigned long)idt };

	__asm__ __volatile__("lidt %0" : : "m"(p));
}
