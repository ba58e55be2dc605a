// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/oom_score_adj (read and write) and oom_score: the OOM
 * killer's adjustment and score of a process (kernel/proc/oom.c).
 */
#include "internal.h"
#include <umka/proc.h>

int proc_pid_oom_adj_show(struct seq_buf *s, const struct proc_inode *pi)
{
	int adj, err = oom_adj_get(pi->tgid, &adj);

	if (!err)
		seq_printf(s, "%d\n", adj);
	return err;
}

int proc_pid_oom_adj_write(const struct proc_inode *pi, const char *buf,
			   size_t n)
{
	long v = 0;
	size_t i = 0;
	bool neg = false;

	/* An integer, maybe signed, then at most a newline: Linux's kstrtoint. */
	while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	if (i < n && (buf[i] == '-' || buf[i] == '+'))
		neg = buf[i++] == '-';
	if (i >= n || buf[i] < '0' || buf[i] > '9')
		return -EINVAL;
	while (i < n && buf[i] >= '0' && buf[i] <= '9' && v <= 100000)
		v = v * 10 + (buf[i++] - '0');
	if (i < n && buf[i] == '\n')
		i++;
	if (i != n)
		return -EINVAL;
	return oom_adj_set(pi->tgid, (int)(neg ? -v : v));
}

int proc_pid_oom_score(struct seq_buf *s, const struct proc_inode *pi)
{
	long score;
	int err = oom_score_of(pi->tgid, &score);

	if (!err)
		seq_printf(s, "%ld\n", score);
	return err;
}
