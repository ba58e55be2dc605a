// SPDX-License-Identifier: MIT
/*
 * The serial console terminal: one tty on COM1, behind /dev/console and
 * /dev/ttyS0.  Input comes from the serial IRQ through
 * serial_set_rx_handler(); output is polled, as the printk console's is.
 */
#include <umka/compiler.h>
#include <umka/printk.h>
#include <umka/serial.h>
#include "tty_internal.h"

static struct tty *console;

static void console_tx(struct tty *t, const char *buf, size_t n)
{
	(void)t;
	console_port_write(buf, n);
}

static const struct tty_driver_ops console_ops = {
	.write = console_tx,
};

/* Hardirq context: tty_receive only queues work that may sleep. */
static void console_rx(const char *buf, size_t n)
{
	struct tty *t = READ_ONCE(console);

	if (t)
		tty_receive(t, buf, n);
}

struct tty *console_tty(void)
{
	return READ_ONCE(console);
}

void tty_init(void)
{
	struct termios tio;
	struct tty *t;

	t = tty_create("ttyS0", &console_ops, NULL);
	if (!t) {
		pr_err("tty: no memory for the console terminal\n");
		return;
	}
	/* What Linux reports for console=ttyS0,115200. */
	tty_ioctl(t, TCGETS, 0, &tio, NULL);
	tio.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL;
	tty_ioctl(t, TCSETS, 0, &tio, NULL);
	if (tty_start_worker(t))
		pr_warn("tty: no worker thread; echo waits for readers\n");
	WRITE_ONCE(console, t);
	serial_set_rx_handler(console_rx);
	pr_info("tty: ttyS0 is the console terminal\n");
}
