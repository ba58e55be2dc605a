// SPDX-License-Identifier: MIT
/*
 * /proc/net/unix: one line per open AF_UNIX socket, in Linux's columns
 * (ss and netstat parse them).  Num, the kernel address, reads 0 as
 * Linux shows it to unprivileged readers; an abstract name is printed
 * with '@' for each NUL.
 */
#include "af_unix.h"
#include <umka/seq_buf.h>

#define SO_ACCEPTCON_FLAG (1 << 16)
#define SS_UNCONNECTED 1
#define SS_CONNECTED 3

static void show_name(struct seq_buf *s, const struct unix_address *a)
{
	seq_putc(s, ' ');
	if (a->sun[2]) {
		seq_puts(s, (const char *)a->sun + 2);
		return;
	}
	for (u32 i = 2; i < a->len; i++)
		seq_putc(s, a->sun[i] ? (char)a->sun[i] : '@');
}

static void show_one(struct seq_buf *s, const struct unix_sock *u)
{
	bool listening = u->state == UNIX_LISTENING;

	seq_printf(s, "%016x: %08x %08x %08x %04x %02x %5llu",
		   0, (unsigned int)__atomic_load_n(&u->refs, __ATOMIC_RELAXED),
		   0, listening ? SO_ACCEPTCON_FLAG : 0, (unsigned int)u->type,
		   u->state == UNIX_CONNECTED ? SS_CONNECTED : SS_UNCONNECTED,
		   (unsigned long long)READ_ONCE(u->ino));
	if (u->addr)
		show_name(s, u->addr);
	seq_putc(s, '\n');
}

void unix_proc_show(struct seq_buf *s)
{
	struct unix_sock *u;

	seq_puts(s, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	mutex_lock(&unix_lock);
	list_for_each_entry(u, &unix_all, all)
		show_one(s, u);
	unix_unlock();
}
