// SPDX-License-Identifier: MIT
/*
 * COM1 receive, interrupt driven (ISA IRQ 4 through the IOAPIC).  Output
 * stays polled in early_serial.c.
 */
#include <umka/serial.h>
#include <umka/irq.h>
#include <umka/printk.h>
#include <umka/spinlock.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/platform.h>

#define COM1 0x3f8
#define COM1_IRQ 4
#define UART_RBR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LSR 5
#define IER_RX_AVAILABLE BIT(0)
#define LSR_DATA_READY BIT(0)
/* FIFO on, receive side cleared, IRQ per byte; pending output stays. */
#define FCR_ENABLE_CLEAR_RX_TRIGGER1 0x03

#define RING_SIZE 4096
#define BURST 64

static char ring[RING_SIZE];
static size_t ring_head, ring_len;
static u64 rx_count, rx_dropped;
static serial_rx_handler_t rx_handler;
static unsigned int handler_running;	/* deliveries outside the lock */
static DEFINE_SPINLOCK(serial_rx_lock, LOCK_LEVEL_SERIAL);

static void ring_put(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ring_len == RING_SIZE) {
			rx_dropped += n - i;
			return;
		}
		ring[(ring_head + ring_len++) % RING_SIZE] = buf[i];
	}
}

static size_t ring_get(char *buf, size_t n)
{
	size_t got = 0;

	while (got < n && ring_len) {
		buf[got++] = ring[ring_head];
		ring_head = (ring_head + 1) % RING_SIZE;
		ring_len--;
	}
	return got;
}

static void deliver(const char *buf, size_t n)
{
	serial_rx_handler_t fn;
	unsigned long flags;

	flags = spin_lock_irqsave(&serial_rx_lock);
	rx_count += n;
	fn = rx_handler;
	if (fn)
		__atomic_fetch_add(&handler_running, 1, __ATOMIC_RELAXED);
	else
		ring_put(buf, n);
	spin_unlock_irqrestore(&serial_rx_lock, flags);
	/* Outside the lock: the handler may take locks of its own. */
	if (fn) {
		fn(buf, n);
		__atomic_fetch_sub(&handler_running, 1, __ATOMIC_RELEASE);
	}
}

/*
 * The IRQ is edge-triggered and the UART holds its line up while data
 * waits, so drain the FIFO completely or no new edge would ever come.
 * Reading RBR acknowledges the interrupt.
 */
static void serial_irq(unsigned vector, void *data)
{
	char buf[BURST];

	for (int rounds = 0; rounds < RING_SIZE / BURST; rounds++) {
		size_t n = 0;

		while (n < BURST && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
			buf[n++] = (char)inb(COM1 + UART_RBR);
		if (!n)
			return;
		deliver(buf, n);
	}
}

int serial_read(char *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&serial_rx_lock);
	size_t got = ring_get(buf, n);

	spin_unlock_irqrestore(&serial_rx_lock, flags);
	return (int)got;
}

u64 serial_rx_count(void)
{
	return READ_ONCE(rx_count);
}

u64 serial_rx_dropped(void)
{
	return READ_ONCE(rx_dropped);
}

/*
 * The IRQ may run on another CPU, still inside the old handler: wait for
 * it, so that after serial_set_rx_handler() the old one is not running.
 */
static void wait_handler_idle(void)
{
	while (__atomic_load_n(&handler_running, __ATOMIC_ACQUIRE))
		cpu_relax();
}

void serial_set_rx_handler(serial_rx_handler_t fn)
{
	char buf[BURST];
	unsigned long flags;
	size_t n;

	/*
	 * Hand over what is buffered first, in order: the handler is only
	 * installed once the ring is seen empty under the lock, so bytes
	 * arriving meanwhile queue behind the ones being delivered.
	 */
	for (;;) {
		flags = spin_lock_irqsave(&serial_rx_lock);
		n = fn ? ring_get(buf, sizeof(buf)) : 0;
		if (!n) {
			rx_handler = fn;
			spin_unlock_irqrestore(&serial_rx_lock, flags);
			wait_handler_idle();
			return;
		}
		spin_unlock_irqrestore(&serial_rx_lock, flags);
		fn(buf, n);
	}
}

void serial_rx_push(const char *buf, size_t n)
{
	deliver(buf, n);
}

static bool handed_over;

void serial_handover(bool to_driver)
{
	if (to_driver == handed_over)
		return;
	handed_over = to_driver;
	if (!to_driver) {
		pr_info("serial: ttyS0 input back on the built-in driver\n");
		serial_irq_init();
		return;
	}
	/* The driver reprograms the chip and takes IRQ 4 through KABI. */
	outb(COM1 + UART_IER, 0);
	irq_free_vector(IRQ_VECTOR_ISA(COM1_IRQ));
}

void serial_irq_init(void)
{
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR_RX_TRIGGER1);
	/* Anything left over from the firmware would block the edge IRQ. */
	for (int i = 0; i < BURST && (inb(COM1 + UART_LSR) & LSR_DATA_READY);
	     i++)
		inb(COM1 + UART_RBR);
	if (irq_enable_isa(COM1_IRQ, serial_irq, NULL, "ttyS0")) {
		pr_warn("serial: no IRQ for ttyS0, input disabled\n");
		return;
	}
	outb(COM1 + UART_IER, IER_RX_AVAILABLE);
	pr_info("serial: ttyS0 input on IRQ %d\n", COM1_IRQ);
}
