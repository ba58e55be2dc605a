// SPDX-License-Identifier: MIT
/*
 * show_tasks(): every task with its state and, when it is off CPU, its
 * kernel stack, as Linux's SysRq-t.  For hangs: the ktest watchdog
 * calls it before giving up.  Reads other tasks' fields without their
 * locks, so a line may be a moment stale; that is fine for a report.
 */
#include <umka/sched.h>
#include <umka/proc.h>
#include <umka/printk.h>
#include <umka/arch.h>
#include <umka/smp.h>
#include "sched.h"

static bool on_some_cpu(const struct task *t)
{
	for (unsigned int cpu = 0; cpu < num_online_cpus(); cpu++)
		if (READ_ONCE(cpu_rq(cpu)->curr) == t)
			return true;
	return false;
}

static char state_char(const struct task *t)
{
	if (t->exit_state)
		return t->exit_state == EXIT_ZOMBIE ? 'Z' : 'X';
	if (READ_ONCE(t->stop_state))
		return 'T';
	switch (READ_ONCE(t->state)) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	default:
		return '?';
	}
}

static void show_task(const struct task *t)
{
	bool running = on_some_cpu(t);

	pr_emerg("%5d %5d %-15s %c cpu %d%s stop %#x pend %#llx blk %#llx\n",
		 t->pid, t->tgid, t->comm, state_char(t), READ_ONCE(t->cpu),
		 running ? " (running)" : "", READ_ONCE(t->stop_state),
		 (unsigned long long)READ_ONCE(t->pending.set),
		 (unsigned long long)READ_ONCE(t->sig_blocked));
	if (!running && !t->exit_state)
		arch_dump_task_stack(t);
}

void show_tasks(void)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t;

	pr_emerg("  pid  tgid comm            state\n");
	list_for_each_entry(t, task_list(), all_tasks)
		show_task(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}
