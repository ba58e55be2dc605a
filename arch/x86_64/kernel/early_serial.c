// SPDX-License-Identifier: MIT
/*
 * Polled 16550 output on COM1, the console from the first C instruction
 * until drivers take over.  Output only; input arrives via the IRQ-driven
 * path in serial_irq.c.
 */
#include <umka/printk.h>
#include <umka/serial.h>
#include <asm/io.h>
#include <asm/setup.h>

#define COM1 0x3f8
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THRE 0x20

static void serial_putc(char c)
{
	int spins = 100000;

	/* Bounded: a missing UART must not hang the boot. */
	while (!(inb(COM1 + UART_LSR) & LSR_THRE) && --spins)
		;
	outb(COM1 + UART_THR, (u8)c);
}

/* For the console tty: its line discipline already did ONLCR. */
void serial_write_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		serial_putc(s[i]);
}

static void early_serial_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console early_serial_console = {
	.name = "ttyS0",
	.write = early_serial_write,
};

void early_serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80);	/* DLAB: set divisor */
	outb(COM1 + 0, 0x01);		/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03);	/* 8N1 */
	outb(COM1 + UART_FCR, 0xc7);	/* FIFO on, cleared, 14-byte trigger */
	outb(COM1 + UART_MCR, 0x0b);	/* DTR, RTS, OUT2 (IRQ gate) */
	register_console(&early_serial_console);
}
