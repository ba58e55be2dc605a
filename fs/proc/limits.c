// SPDX-License-Identifier: MIT
/* /proc/<pid>/limits: the resource limits, in Linux's table layout. */
#include "internal.h"
#include <umka/proc.h>

#define LIMIT_INFINITY (~0ULL)

static const struct {
	const char *name, *unit;
} limit_names[16] = {
	{ "Max cpu time", "seconds" },	   { "Max file size", "bytes" },
	{ "Max data size", "bytes" },	   { "Max stack size", "bytes" },
	{ "Max core file size", "bytes" }, { "Max resident set", "bytes" },
	{ "Max processes", "processes" },  { "Max open files", "files" },
	{ "Max locked memory", "bytes" },  { "Max address space", "bytes" },
	{ "Max file locks", "locks" },	   { "Max pending signals", "signals" },
	{ "Max msgqueue size", "bytes" },  { "Max nice priority", NULL },
	{ "Max realtime priority", NULL }, { "Max realtime timeout", "us" },
};

static void show_value(struct seq_buf *s, u64 v)
{
	if (v == LIMIT_INFINITY)
		seq_printf(s, "%-20s ", "unlimited");
	else
		seq_printf(s, "%-20llu ", (unsigned long long)v);
}

int proc_pid_limits(struct seq_buf *s, const struct proc_inode *pi)
{
	struct task_rlimit r[16];
	int err = task_rlimits_of(pi->tid, r);

	if (err)
		return err;
	seq_printf(s, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit",
		   "Hard Limit", "Units");
	for (unsigned int i = 0; i < ARRAY_SIZE(limit_names); i++) {
		seq_printf(s, "%-25s ", limit_names[i].name);
		show_value(s, r[i].cur);
		show_value(s, r[i].max);
		if (limit_names[i].unit)
			seq_printf(s, "%-10s\n", limit_names[i].unit);
		else
			seq_printf(s, "\n");
	}
	return 0;
}
