/* SPDX-License-Identifier: MIT */
/*
 * Console serial port input.  Received bytes go to the registered
 * handler if there is one (a TTY, later), else into a small ring that
 * serial_read() drains.  The handler runs in hardirq context.
 */
#ifndef UMKA_SERIAL_H
#define UMKA_SERIAL_H

#include <umka/types.h>

typedef void (*serial_rx_handler_t)(const char *buf, size_t n);

/* Non-blocking: copies up to @n buffered bytes, returns how many. */
int serial_read(char *buf, size_t n);
/* Bytes received since boot, and dropped because the ring was full. */
u64 serial_rx_count(void);
u64 serial_rx_dropped(void);
/*
 * Install @fn (NULL: back to the ring); bytes already buffered go to it.
 * On return the old handler is not running on any CPU (so never call
 * this from a handler).
 */
void serial_set_rx_handler(serial_rx_handler_t fn);
/*
 * Bytes received by a KABI console driver: they go where the built-in
 * receive path would have sent them (the handler, or the ring).
 */
void serial_rx_push(const char *buf, size_t n);
/* The built-in receive path lets go of COM1's IRQ, or takes it back. */
void serial_handover(bool to_driver);
/* Polled output with no newline translation (the tty does ONLCR). */
void serial_write_raw(const char *s, size_t n);

#endif
