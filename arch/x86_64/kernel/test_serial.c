// SPDX-License-Identifier: MIT
/*
 * Self-tests for interrupt-driven serial input.  The loopback test needs
 * no outside help: the UART's loopback mode feeds our own output back as
 * input (QEMU still raises the IRQ then; real 16550s gate it with OUT2).
 * serial_echo waits for a line typed on the console, so it only runs
 * when named explicitly (umka.ktest=serial_echo); tests/system sends it.
 */
#include <umka/ktest.h>
#include <umka/params.h>
#include <umka/serial.h>
#include <umka/string.h>
#include <umka/time.h>
#include <asm/cpu.h>
#include <asm/io.h>

#define COM1 0x3f8
#define UART_MCR 4
#define UART_LSR 5
#define MCR_LOOP 0x10
#define LSR_THRE 0x20

static bool contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return true;
	return false;
}

static void drain(void)
{
	char junk[64];

	while (serial_read(junk, sizeof(junk)) > 0)
		;
}

static void put_raw(const char *s)
{
	for (; *s; s++) {
		int spins = 100000;

		while (!(inb(COM1 + UART_LSR) & LSR_THRE) && --spins)
			;
		outb(COM1, (u8)*s);
	}
}

/* Send @msg to ourselves and wait until the IRQ has taken it in. */
static void loopback_send(const char *msg)
{
	u8 mcr = inb(COM1 + UART_MCR);
	u64 c0 = serial_rx_count(), end;

	/* No printk in here: while looped back, the console is deaf. */
	outb(COM1 + UART_MCR, mcr | MCR_LOOP);
	put_raw(msg);
	end = ktime_get_ns() + 500 * NSEC_PER_MSEC;
	while (serial_rx_count() < c0 + strlen(msg) && ktime_get_ns() < end)
		cpu_relax();
	outb(COM1 + UART_MCR, mcr);
}

KTEST(serial_rx_loopback)
{
	static const char msg[] = "umka-loopback-42";
	char buf[256];
	int n;

	drain();
	loopback_send(msg);
	n = serial_read(buf, sizeof(buf));
	KT_ASSERT(n >= (int)sizeof(msg) - 1);
	KT_ASSERT(contains(buf, n, msg));
}

static char handler_buf[256];
static size_t handler_len;

static void test_rx_handler(const char *buf, size_t n)
{
	for (size_t i = 0; i < n && handler_len < sizeof(handler_buf); i++)
		handler_buf[handler_len++] = buf[i];
}

KTEST(serial_rx_handler)
{
	char buf[64];

	drain();
	handler_len = 0;
	loopback_send("ring-first");
	/* Buffered bytes are handed over on registration, then new ones. */
	serial_set_rx_handler(test_rx_handler);
	loopback_send("then-handler");
	serial_set_rx_handler(NULL);
	KT_ASSERT(contains(handler_buf, handler_len, "ring-firstthen-handler"));
	KT_ASSERT_EQ(serial_read(buf, sizeof(buf)), 0);
}

static bool named_explicitly(const char *name)
{
	const char *f = kparams.ktest_filter;
	size_t k = strlen(name);

	for (; *f; f++)
		if (!strncmp(f, name, k))
			return true;
	return false;
}

KTEST(serial_echo)
{
	char line[128];
	size_t len = 0;
	u64 end;

	if (!named_explicitly("serial_echo")) {
		pr_info("serial_echo: skipped (umka.ktest=serial_echo runs it)\n");
		return;
	}
	drain();
	pr_info("serial_echo: waiting for input\n");
	end = ktime_get_ns() + 20 * NSEC_PER_SEC;
	while (ktime_get_ns() < end && len < sizeof(line) - 1) {
		char c;

		if (serial_read(&c, 1) != 1) {
			cpu_relax();
			continue;
		}
		if (c == '\r' || c == '\n')
			break;
		line[len++] = c;
	}
	line[len] = '\0';
	pr_info("serial_echo: got '%s'\n", line);
	KT_ASSERT(len > 0);
}
