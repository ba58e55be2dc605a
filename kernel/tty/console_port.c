// SPDX-License-Identifier: MIT
/*
 * Where the console terminal's bytes go: the built-in polled COM1 code
 * until a KABI console driver registers (class KABI_CLASS_CONSOLE), then
 * that driver.  printk stays on the built-in polled output, so messages
 * still come out if the driver dies.
 *
 * Output to the driver never sleeps: it is called with the tty's locks
 * held.  A driver that takes nothing for TX_STALL_US is bypassed for the
 * rest of that write, so a stuck driver costs time, never output.
 */
#include <umka/errno.h>
#include <umka/printk.h>
#include <umka/serial.h>
#include <umka/time.h>
#include <umka/tty.h>
#include <kabi/console.h>

#define TX_STALL_US 20000

struct console_port {
	const struct kabi_console_ops *ops;
	void *ctx;
	unsigned int users;	/* writers inside ops->write() */
	u64 bypassed;		/* bytes sent around a stalled driver */
};

static struct console_port port;
static struct console_port *active;

static void port_input(void *ctx, const u8 *buf, u32 len)
{
	serial_rx_push((const char *)buf, len);
}

static void port_write_space(void *ctx)
{
	/* Output polls; nothing waits for this. */
}

static const struct kabi_console_core console_core_ops = {
	KABI_CONSOLE_CORE_INIT,
	.input = port_input,
	.write_space = port_write_space,
};

static void kabi_tx(struct console_port *p, const char *buf, size_t n)
{
	unsigned int idle = 0;

	while (n) {
		s32 k = p->ops->write(p->ctx, (const u8 *)buf, (u32)n);

		if (k > 0) {
			buf += k;
			n -= (size_t)k;
			idle = 0;
			continue;
		}
		if (k < 0 || ++idle > TX_STALL_US / 10) {
			p->bypassed += n;
			serial_write_raw(buf, n);
			return;
		}
		udelay(10);
	}
}

void console_port_write(const char *buf, size_t n)
{
	struct console_port *p = __atomic_load_n(&active, __ATOMIC_ACQUIRE);

	if (!p) {
		serial_write_raw(buf, n);
		return;
	}
	__atomic_fetch_add(&p->users, 1, __ATOMIC_ACQUIRE);
	if (READ_ONCE(active) == p)
		kabi_tx(p, buf, n);
	else
		serial_write_raw(buf, n);
	__atomic_fetch_sub(&p->users, 1, __ATOMIC_RELEASE);
}

int console_attach_kabi(const struct kabi_console_ops *ops, void *ctx,
			const struct kabi_console_core **core_ops,
			void **core_ctx)
{
	struct kabi_console_config cfg = {
		.baud = 115200, .data_bits = 8, .stop_bits = 1,
		.parity = KABI_PARITY_NONE,
	};
	int ret;

	if (!kabi_console_ops_valid(ops))
		return -EINVAL;
	if (READ_ONCE(active))
		return -EBUSY;	/* one console terminal */
	ret = ops->configure(ctx, &cfg);
	if (ret)
		return ret;
	port.ops = ops;
	port.ctx = ctx;
	port.bypassed = 0;
	*core_ops = &console_core_ops;
	*core_ctx = &port;
	__atomic_store_n(&active, &port, __ATOMIC_RELEASE);
	ops->set_rx(ctx, 1);
	pr_info("tty: ttyS0 now through a KABI console driver\n");
	return 0;
}

void console_detach_kabi(void)
{
	struct console_port *p = READ_ONCE(active);

	if (!p)
		return;
	__atomic_store_n(&active, NULL, __ATOMIC_RELEASE);
	while (__atomic_load_n(&p->users, __ATOMIC_ACQUIRE))
		udelay(10);
	p->ops->set_rx(p->ctx, 0);
	pr_info("tty: ttyS0 back on the built-in driver (%llu bytes bypassed)\n",
		(unsigned long long)p->bypassed);
}
