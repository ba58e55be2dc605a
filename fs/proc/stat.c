// SPDX-License-Identifier: MIT
/*
 * /proc/uptime, /proc/loadavg and /proc/stat: time and scheduler
 * counters.  The cpu lines and the idle time come from the scheduler's
 * tick samples (user, system, idle; the other states read 0); load
 * averages read 0.00 until the scheduler samples them, but the task
 * counts and last pid are real.
 */
#include "internal.h"
#include <umka/proc.h>
#include <umka/time.h>
#include <umka/smp.h>
#include <umka/percpu.h>
#include <umka/timer.h>

/* Scheduler ticks of @cpu as USER_HZ clock ticks: user, system, idle. */
static void cpu_clock_ticks(unsigned int cpu, u64 out[3])
{
	sched_cpu_ticks(cpu, out);
	for (int i = 0; i < 3; i++)
		out[i] = out[i] * USER_HZ / HZ;
}

int proc_uptime_show(struct seq_buf *s, const struct proc_inode *pi)
{
	u64 up = ktime_get_ns(), idle = 0, ticks[3];

	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (!cpu_online(c))
			continue;
		sched_cpu_ticks(c, ticks);
		idle += ticks[2] * TICK_NSEC;
	}
	seq_printf(s, "%lu.%02lu %lu.%02lu\n", (u64)(up / NSEC_PER_SEC),
		   (u64)(up % NSEC_PER_SEC / (NSEC_PER_SEC / 100)),
		   (u64)(idle / NSEC_PER_SEC),
		   (u64)(idle % NSEC_PER_SEC / (NSEC_PER_SEC / 100)));
	return 0;
}

struct task_counts {
	unsigned int total, running, blocked;
	pid_t last;
};

static void count_tasks(struct task_counts *tc)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t;

	tc->total = tc->running = tc->blocked = 0;
	tc->last = 0;
	list_for_each_entry(t, task_list(), all_tasks) {
		if (t->exit_state || t->is_idle)
			continue;
		tc->total++;
		if (READ_ONCE(t->state) == TASK_RUNNING)
			tc->running++;
		else if (READ_ONCE(t->state) == TASK_UNINTERRUPTIBLE && t->mm)
			tc->blocked++;
		if (t->pid > tc->last)
			tc->last = t->pid;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

int proc_loadavg_show(struct seq_buf *s, const struct proc_inode *pi)
{
	struct task_counts tc;

	count_tasks(&tc);
	seq_printf(s, "0.00 0.00 0.00 %u/%u %d\n", tc.running, tc.total,
		   tc.last);
	return 0;
}

int proc_stat_show(struct seq_buf *s, const struct proc_inode *pi)
{
	u64 now = ktime_get_ns(), ctxt = 0, sum[3] = { 0 }, t[3];
	u64 boot = (u64)((ktime_get_real_ns() - now) / NSEC_PER_SEC);
	struct task_counts tc;

	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (!cpu_online(c))
			continue;
		ctxt += sched_nr_switches(c);
		cpu_clock_ticks(c, t);
		for (int i = 0; i < 3; i++)
			sum[i] += t[i];
	}
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	seq_printf(s, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", sum[0], sum[1],
		   sum[2]);
	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (!cpu_online(c))
			continue;
		cpu_clock_ticks(c, t);
		seq_printf(s, "cpu%u %lu 0 %lu %lu 0 0 0 0 0 0\n", c, t[0], t[1],
			   t[2]);
	}
	count_tasks(&tc);
	seq_printf(s, "intr 0\nctxt %lu\nbtime %lu\nprocesses %d\n"
		   "procs_running %u\nprocs_blocked %u\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		   ctxt, boot, tc.last, tc.running ? tc.running : 1,
		   tc.blocked);
	return 0;
}
