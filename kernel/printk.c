// SPDX-License-Identifier: MIT
/*
 * The kernel log: a ring of variable-length records.  When the ring is
 * full the oldest records are dropped whole, so a reader never sees a
 * torn line.  Formatting happens before the lock is taken.
 */
#include <umka/printk.h>
#include <umka/kprintf.h>
#include <umka/spinlock.h>
#include <umka/string.h>

#define LOG_BUF_SIZE (128 * 1024)
#define LOG_LINE_MAX 1024

struct log_record {
	u64 ts_ns;
	u16 len;	/* text bytes, no terminator */
	u8 level;
	u8 pad[5];
	char text[];
};

static char log_buf[LOG_BUF_SIZE] __aligned(16);
static size_t log_head;		/* oldest record */
static size_t log_tail;		/* where the next record goes */
static size_t log_used;
static DEFINE_SPINLOCK(log_lock, LOCK_LEVEL_PRINTK);

static struct console *consoles;
static int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static u64 (*log_clock)(void);
static bool panic_mode;

static size_t record_size(size_t len)
{
	return ALIGN_UP(sizeof(struct log_record) + len, 16);
}

/*
 * Records never wrap: if one does not fit before the end of the buffer,
 * a zero-length record with level 0xff marks the rest as padding.  Records
 * are 16-byte multiples, so the marker always fits.
 */
static void drop_oldest(void)
{
	struct log_record *r = (struct log_record *)(log_buf + log_head);
	size_t sz = r->level == 0xff ? LOG_BUF_SIZE - log_head :
				       record_size(r->len);

	log_head = (log_head + sz) % LOG_BUF_SIZE;
	log_used -= sz;
}

static void log_store(int level, u64 ts, const char *text, size_t len)
{
	size_t sz = record_size(len);
	struct log_record *r;

	if (LOG_BUF_SIZE - log_tail < sz) {
		size_t waste = LOG_BUF_SIZE - log_tail;

		while (log_used && LOG_BUF_SIZE - log_used < waste)
			drop_oldest();
		{
			r = (struct log_record *)(log_buf + log_tail);
			r->level = 0xff;
			r->len = 0;
		}
		log_used += waste;
		log_tail = 0;
	}
	while (log_used && LOG_BUF_SIZE - log_used < sz)
		drop_oldest();
	r = (struct log_record *)(log_buf + log_tail);
	r->ts_ns = ts;
	r->len = (u16)len;
	r->level = (u8)level;
	memcpy(r->text, text, len);
	log_tail = (log_tail + sz) % LOG_BUF_SIZE;
	log_used += sz;
}

static void console_emit(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
}

static int parse_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == KERN_SOH[0] && f[1] >= '0' && f[1] <= '7') {
		*fmt = f + 2;
		return f[1] - '0';
	}
	return LOGLEVEL_DEFAULT;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX], prefix[32];
	int level = parse_level(&fmt);
	u64 ts = log_clock ? log_clock() : 0;
	unsigned long flags;
	int len, plen;

	len = vsnprintf(line, sizeof(line), fmt, ap);
	if (len >= (int)sizeof(line))
		len = sizeof(line) - 1;
	/* One record per message; the trailing newline is implied. */
	if (len && line[len - 1] == '\n')
		len--;
	plen = snprintf(prefix, sizeof(prefix), "[%5llu.%06llu] ",
			(unsigned long long)(ts / 1000000000),
			(unsigned long long)(ts % 1000000000 / 1000));

	if (panic_mode)
		flags = 0;
	else
		flags = spin_lock_irqsave(&log_lock);
	log_store(level, ts, line, len);
	if (level < console_loglevel) {
		console_emit(prefix, plen);
		console_emit(line, len);
		console_emit("\n", 1);
	}
	if (!panic_mode)
		spin_unlock_irqrestore(&log_lock, flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void register_console(struct console *con)
{
	unsigned long flags = spin_lock_irqsave(&log_lock);

	con->next = consoles;
	consoles = con;
	spin_unlock_irqrestore(&log_lock, flags);
}

void console_set_loglevel(int level)
{
	if (level >= 0 && level <= 8)
		console_loglevel = level;
}

int console_get_loglevel(void)
{
	return console_loglevel;
}

void printk_set_clock(u64 (*now_ns)(void))
{
	log_clock = now_ns;
}

/*
 * From now on print without the lock.  If a CPU that panic() stopped
 * held it, it may have been stopped mid-line: end that line so the
 * report starts on a fresh one.
 */
void printk_panic_mode(void)
{
	bool torn = spin_is_locked(&log_lock);

	panic_mode = true;
	if (torn)
		console_emit("\n", 1);
}

static int format_record(char *buf, size_t size, const struct log_record *r)
{
	return snprintf(buf, size, "<%u>[%5llu.%06llu] %.*s\n", r->level,
			(unsigned long long)(r->ts_ns / 1000000000),
			(unsigned long long)(r->ts_ns % 1000000000 / 1000),
			(int)r->len, r->text);
}

static size_t next_record(size_t pos, const struct log_record **rec)
{
	const struct log_record *r = (const void *)(log_buf + pos);

	*rec = r->level == 0xff ? NULL : r;
	if (r->level == 0xff)
		return LOG_BUF_SIZE - pos;
	return record_size(r->len);
}

/*
 * Like syslog(2) SYSLOG_ACTION_READ_ALL: the newest records that fit, so
 * first measure from the oldest and skip until the rest fits.
 */
size_t printk_read_all(char *buf, size_t size)
{
	unsigned long flags = spin_lock_irqsave(&log_lock);
	const struct log_record *r;
	size_t pos = log_head, left = log_used, out = 0, total = 0, sz;

	for (size_t p = pos, l = left; l; p = (p + sz) % LOG_BUF_SIZE, l -= sz) {
		sz = next_record(p, &r);
		if (r)
			total += format_record(NULL, 0, r);
	}
	for (; left && total >= size; pos = (pos + sz) % LOG_BUF_SIZE,
	     left -= sz) {
		sz = next_record(pos, &r);
		if (r)
			total -= format_record(NULL, 0, r);
	}
	for (; left; pos = (pos + sz) % LOG_BUF_SIZE, left -= sz) {
		sz = next_record(pos, &r);
		if (r)
			out += format_record(buf + out, size - out, r);
	}
	spin_unlock_irqrestore(&log_lock, flags);
	return out;
}
