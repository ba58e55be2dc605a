// SPDX-License-Identifier: MIT
/*
 * The 16550 UART behind the console class (kabi/console.kabi), for the
 * platform device "serial0": eight I/O ports (region 0, through
 * port_read()/port_write()) and one ISA interrupt line.
 *
 * Three paths touch the chip: write() fills the transmit FIFO, the
 * interrupt handler drains the receive FIFO and reports transmit space,
 * configure() reprograms the line.  None of them waits for another
 * except configure(), which runs in process context and gives up with
 * -EBUSY after a while.  The hazard is the divisor latch: while DLAB is
 * set, ports 0 and 1 are the divisor, not the data and IER registers, so
 * configure() holds off everything that touches those two ports.
 */
#include <kabi/console.h>
#include <kabi_driver.h>
#include <kd_atomic.h>

/* Registers (port offsets); DLL/DLM replace RBR/THR and IER under DLAB. */
#define UART_RBR 0
#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_IIR 2
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

#define IER_RX 0x01		/* received data available */
#define IER_THRE 0x02		/* transmit FIFO empty */
#define IER_LINE 0x04		/* line status (errors, break) */
#define IIR_NONE 0x01		/* no interrupt pending */
#define IIR_ID 0x0e
#define IIR_MODEM 0x00
#define FCR_ENABLE 0x01
#define FCR_CLEAR 0x06		/* both FIFOs */
#define LCR_STOP2 0x04
#define LCR_PARITY 0x08
#define LCR_EVEN 0x10
#define LCR_DLAB 0x80
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08		/* gates the interrupt line on a PC */
#define LSR_DR 0x01
#define LSR_THRE 0x20

#define UART_CLOCK_BAUD 115200	/* 1.8432 MHz / 16 */
#define UART_FIFO 16
#define RX_CHUNK 32
#define RX_MAX_PER_IRQ 256
#define CONFIGURE_WAIT_US 10000

struct uart {
	struct kabi_env env;
	struct kabi_region port;
	kabi_handle irq;
	bool irq_allocated;
	struct kabi_device_reg reg;
	u32 ier;		/* what IER should hold */
	u32 ier_writers;	/* paths writing IER right now */
	u32 configuring;	/* DLAB may be set: leave ports 0 and 1 alone */
	u32 svc_lock;		/* the receive side and the THRE report */
	u32 tx_lock;		/* the transmit FIFO */
	u32 rx_on;
};

static u8 inb(struct uart *u, u32 reg)
{
	u32 v = 0;

	u->env.ks->port_read(u->env.ctx, u->port.handle, reg, 1, &v);
	return (u8)v;
}

static void outb(struct uart *u, u32 reg, u8 v)
{
	u->env.ks->port_write(u->env.ctx, u->port.handle, reg, 1, v);
}

static const struct kabi_console_core *core(struct uart *u)
{
	const struct kabi_console_core **p = (void *)&u->reg.core_ops;

	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/*
 * Copies the wanted IER value to the chip.  Several paths may race; each
 * writes until the value it wrote is still the wanted one, so the last
 * one out leaves the right value.  While configure() runs it writes the
 * value itself when it is done.
 */
static void ier_sync(struct uart *u)
{
	u32 v;

	__atomic_add_fetch(&u->ier_writers, 1, __ATOMIC_SEQ_CST);
	if (!kd_load(&u->configuring)) {
		do {
			v = kd_load(&u->ier);
			outb(u, UART_IER, (u8)v);
		} while (kd_load(&u->ier) != v);
	}
	__atomic_sub_fetch(&u->ier_writers, 1, __ATOMIC_SEQ_CST);
}

static void ier_update(struct uart *u, u32 set, u32 clear)
{
	__atomic_fetch_or(&u->ier, set, __ATOMIC_SEQ_CST);
	__atomic_fetch_and(&u->ier, ~clear, __ATOMIC_SEQ_CST);
	ier_sync(u);
}

static void deliver(struct uart *u, const u8 *buf, u32 n)
{
	const struct kabi_console_core *c = core(u);

	if (n && c && kd_load(&u->rx_on))
		c->input(u->reg.core_ctx, buf, n);
}

/* Drains the receive FIFO (bounded: a stuck DR bit must not hang us). */
static void serve_rx(struct uart *u)
{
	u8 buf[RX_CHUNK];
	u32 n = 0;

	for (u32 i = 0; i < RX_MAX_PER_IRQ && (inb(u, UART_LSR) & LSR_DR);
	     i++) {
		buf[n++] = inb(u, UART_RBR);
		if (n == RX_CHUNK) {
			deliver(u, buf, n);
			n = 0;
		}
	}
	deliver(u, buf, n);
}

/* The FIFO emptied after a short write(): Core may write again. */
static void serve_tx(struct uart *u)
{
	const struct kabi_console_core *c;

	if (!(kd_load(&u->ier) & IER_THRE) || !(inb(u, UART_LSR) & LSR_THRE))
		return;
	ier_update(u, 0, IER_THRE);
	c = core(u);
	if (c)
		c->write_space(u->reg.core_ctx);
}

static bool work_pending(struct uart *u)
{
	u8 lsr = inb(u, UART_LSR);

	return (lsr & LSR_DR) ||
	       ((kd_load(&u->ier) & IER_THRE) && (lsr & LSR_THRE));
}

/* Whoever holds svc_lock looks again after letting go: nobody waits. */
static void service(struct uart *u)
{
	for (;;) {
		if (!kd_trylock(&u->svc_lock))
			return;
		serve_rx(u);
		serve_tx(u);
		kd_unlock(&u->svc_lock);
		if (!work_pending(u))
			return;
	}
}

static u32 uart_irq(void *arg, u32 vector)
{
	struct uart *u = arg;
	u8 iir = inb(u, UART_IIR);	/* unaffected by DLAB */

	if (iir & IIR_NONE)
		return KABI_IRQ_NONE;
	if ((iir & IIR_ID) == IIR_MODEM)
		inb(u, UART_MSR);	/* reading it clears the cause */
	service(u);
	return KABI_IRQ_HANDLED;
}

static s32 uart_write(void *ctx, const u8 *buf, u32 len)
{
	struct uart *u = ctx;
	u32 n = 0;

	if (kd_trylock(&u->tx_lock)) {
		/* THRE set means the whole FIFO is free. */
		if (inb(u, UART_LSR) & LSR_THRE)
			while (n < len && n < UART_FIFO)
				outb(u, UART_THR, buf[n++]);
		kd_unlock(&u->tx_lock);
	}
	/* Short: the THRE interrupt will call write_space() for the rest. */
	if (n < len)
		ier_update(u, IER_THRE, 0);
	return (s32)n;
}

static void uart_set_rx(void *ctx, u32 enable)
{
	struct uart *u = ctx;

	kd_store(&u->rx_on, enable ? 1 : 0);
	if (enable)
		ier_update(u, IER_RX | IER_LINE, 0);
	else
		ier_update(u, 0, IER_RX | IER_LINE);
}

static int line_control(const struct kabi_console_config *cfg, u8 *lcr,
			u16 *divisor)
{
	if (!cfg->baud || cfg->baud > UART_CLOCK_BAUD ||
	    UART_CLOCK_BAUD / cfg->baud > 0xffff || cfg->data_bits < 5 ||
	    cfg->data_bits > 8 || cfg->stop_bits < 1 || cfg->stop_bits > 2 ||
	    cfg->parity > KABI_PARITY_EVEN)
		return -EINVAL;
	if (cfg->flow_control)
		return -EOPNOTSUPP;	/* no automatic RTS/CTS on a 16550 */
	*divisor = (u16)(UART_CLOCK_BAUD / cfg->baud);
	*lcr = (u8)(cfg->data_bits - 5);
	if (cfg->stop_bits == 2)
		*lcr |= LCR_STOP2;
	if (cfg->parity == KABI_PARITY_ODD)
		*lcr |= LCR_PARITY;
	else if (cfg->parity == KABI_PARITY_EVEN)
		*lcr |= LCR_PARITY | LCR_EVEN;
	return 0;
}

/* Takes a lock for configure(), giving up after CONFIGURE_WAIT_US. */
static bool grab(struct uart *u, u32 *lock)
{
	for (u32 us = 0; us < CONFIGURE_WAIT_US; us += 10) {
		if (kd_trylock(lock))
			return true;
		u->env.ks->udelay(u->env.ctx, 10);
	}
	return false;
}

/* Waits until no IER write is under way; new ones see `configuring`. */
static bool quiesce_ier(struct uart *u)
{
	kd_store(&u->configuring, 1);
	for (u32 us = 0; us < CONFIGURE_WAIT_US; us += 10) {
		if (!kd_load(&u->ier_writers))
			return true;
		u->env.ks->udelay(u->env.ctx, 10);
	}
	kd_store(&u->configuring, 0);
	return false;
}

static void program_line(struct uart *u, u8 lcr, u16 divisor)
{
	outb(u, UART_LCR, lcr | LCR_DLAB);
	outb(u, UART_DLL, (u8)divisor);
	outb(u, UART_DLM, (u8)(divisor >> 8));
	outb(u, UART_LCR, lcr);
}

static s32 uart_configure(void *ctx, const struct kabi_console_config *cfg)
{
	struct uart *u = ctx;
	u16 divisor;
	u8 lcr;
	int ret;

	ret = line_control(cfg, &lcr, &divisor);
	if (ret)
		return ret;
	if (!grab(u, &u->svc_lock))
		return -EBUSY;
	ret = -EBUSY;
	if (grab(u, &u->tx_lock)) {
		if (quiesce_ier(u)) {
			program_line(u, lcr, divisor);
			kd_store(&u->configuring, 0);
			ier_sync(u);
			ret = 0;
		}
		kd_unlock(&u->tx_lock);
	}
	kd_unlock(&u->svc_lock);
	service(u);	/* what the handler left while we held the locks */
	return ret;
}

static const struct kabi_console_ops uart_ops = {
	KABI_CONSOLE_OPS_INIT,
	.write = uart_write,
	.configure = uart_configure,
	.set_rx = uart_set_rx,
};

/* 115200 8N1, FIFOs on, interrupts off until set_rx() or write(). */
static int uart_init_chip(struct uart *u)
{
	/* Nothing answers on an empty port: the scratch register tells. */
	outb(u, UART_SCR, 0x5a);
	if (inb(u, UART_SCR) != 0x5a)
		return -ENODEV;
	outb(u, UART_IER, 0);
	program_line(u, 0x03, 1);
	/* Trigger level 1: a console wants each key at once. */
	outb(u, UART_FCR, FCR_ENABLE | FCR_CLEAR);
	outb(u, UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	inb(u, UART_LSR);
	inb(u, UART_RBR);
	inb(u, UART_IIR);
	inb(u, UART_MSR);
	return 0;
}

static int uart_map(struct uart *u)
{
	const struct kabi_kernel_services *ks = u->env.ks;
	struct kabi_device_info info;
	int ret;

	ret = ks->device_info(u->env.ctx, &info);
	if (ret)
		return ret;
	if (info.bus != KABI_BUS_PLATFORM || info.nr_regions < 1)
		return -ENODEV;
	ret = ks->region_map(u->env.ctx, 0, &u->port);
	if (ret)
		return ret;
	if (u->port.kind != KABI_REGION_PORT || u->port.size < 8)
		return -ENODEV;
	return 0;
}

static int uart_setup(struct uart *u)
{
	const struct kabi_kernel_services *ks = u->env.ks;
	u32 type = 0;
	int ret;

	ret = uart_map(u);
	if (!ret)
		ret = uart_init_chip(u);
	if (ret)
		return ret;
	ret = ks->irq_alloc(u->env.ctx, 1, 1, KABI_IRQ_INTX, &type);
	if (ret < 0)
		return ret;
	u->irq_allocated = true;
	ret = ks->irq_register(u->env.ctx, 0, uart_irq, u, &u->irq);
	if (ret)
		return ret;
	ret = ks->register_device(u->env.ctx, KABI_CLASS_CONSOLE, u, &uart_ops,
				  &u->reg);
	if (ret)
		return ret;
	return core(u) && kabi_console_core_valid(core(u)) ? 0 : -EINVAL;
}

static void uart_free(struct uart *u)
{
	const struct kabi_kernel_services *ks = u->env.ks;
	void *ctx = u->env.ctx;

	if (u->reg.handle)
		ks->unregister_device(ctx, u->reg.handle);
	if (u->port.handle && u->port.kind == KABI_REGION_PORT)
		ier_update(u, 0, ~0u);	/* the chip raises nothing more */
	if (u->irq)
		ks->irq_unregister(ctx, u->irq);
	if (u->irq_allocated)
		ks->irq_free(ctx);
	if (u->port.handle)
		ks->region_unmap(ctx, u->port.handle);
	ks->free(ctx, u);
}

static s32 uart_probe(void *ctx, const struct kabi_kernel_services *ks,
		      void **instance)
{
	struct uart *u = ks->alloc(ctx, sizeof(*u), KABI_MEM_ZERO);
	int ret;

	if (!u)
		return -ENOMEM;
	u->env.ks = ks;
	u->env.ctx = ctx;
	ret = uart_setup(u);
	if (ret) {
		kd_err(&u->env, "probe failed (%d)", ret);
		uart_free(u);
		return ret;
	}
	kd_info(&u->env, "16550A, 115200 8N1");
	*instance = u;
	return 0;
}

static void uart_remove(void *ctx)
{
	uart_free(ctx);
}

static const struct kabi_driver_ops uart_driver = {
	KABI_DRIVER_OPS_INIT,
	.probe = uart_probe,
	.remove = uart_remove,
};

KABI_MANIFEST_SECTION const struct kabi_manifest serial_16550_manifest = {
	KABI_MANIFEST_HEADER,
	.name = "serial_16550",
	.driver_version = KABI_VERSION(1, 0, 0),
	.nr_requires = KABI_NR_REQUIRES_BASE + 1,
	.requires = {
		KABI_REQUIRES_BASE,
		KABI_REQUIRE(KABI_IFACE_CONSOLE, KABI_CONSOLE_OPS_VERSION),
	},
	.nr_matches = 1,
	.matches = { KABI_MATCH_PLATFORM("serial0") },
	.entry = &uart_driver,
};
