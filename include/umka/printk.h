/* SPDX-License-Identifier: MIT */
/*
 * Kernel log.  Messages carry a level (Linux's numbering, 0 = emerg ..
 * 7 = debug) and a timestamp, are kept in a ring buffer for dmesg and
 * syslog(2), and are echoed to the consoles when their level is below
 * the console log level (loglevel=, quiet).
 */
#ifndef UMKA_PRINTK_H
#define UMKA_PRINTK_H

#include <umka/types.h>
#include <umka/compiler.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"

#define LOGLEVEL_DEFAULT 4	/* for messages without a level */
#define CONSOLE_LOGLEVEL_DEFAULT 7
#define CONSOLE_LOGLEVEL_QUIET 4

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#define pr_emerg(...) printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)

struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t n);
	struct console *next;
};

void register_console(struct console *con);
void console_set_loglevel(int level);
int console_get_loglevel(void);
/* Called once a clock exists; before that, timestamps read 0. */
void printk_set_clock(u64 (*now_ns)(void));
/* Drop the log lock so that a panicking CPU can always print. */
void printk_panic_mode(void);

/*
 * Copy the whole log as text, "<level>[seconds] message" lines (the
 * format of syslog(2) SYSLOG_ACTION_READ_ALL), into buf.  Returns bytes
 * written.  Used by dmesg and the self-tests.
 */
size_t printk_read_all(char *buf, size_t size);

#endif
