// SPDX-License-Identifier: MIT
/*
 * The OOM killer.  There is no swap and no page cache to shrink, so when
 * a page fault cannot get a page the only way forward is to end a
 * process: the one with the largest resident set, which frees the most
 * memory for a single kill (Linux's badness score without adjustments).
 */
#include <umka/proc.h>
#include <umka/signal.h>
#include <umka/printk.h>
#include <umka/mm_types.h>

#define SIGMASK_KILL (1ULL << (SIGKILL - 1))

/* Killed, or on its way out with its memory not yet freed. */
static bool dying(const struct task *t)
{
	return (__atomic_load_n(&t->pending.set, __ATOMIC_RELAXED) &
		SIGMASK_KILL) != 0;
}

bool out_of_memory(void)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t, *victim = NULL;
	u64 best = 0, rss;

	list_for_each_entry(t, task_list(), all_tasks) {
		if (!t->mm || t->exit_state)
			continue;	/* kernel threads and zombies hold no rss */
		if (dying(t)) {
			/* Killing a second process would be one too many. */
			spin_unlock_irqrestore(&tasklist_lock, flags);
			return false;
		}
		if (t->pid == 1)
			continue;	/* init's death would panic */
		rss = __atomic_load_n(&t->mm->rss_pages, __ATOMIC_RELAXED);
		if (!victim || rss > best) {
			victim = t;
			best = rss;
		}
	}
	if (victim) {
		/* The whole thread group goes; signal its leader. */
		struct task *leader = find_task_by_pid(victim->tgid);

		if (leader && leader->mm)
			victim = leader;
		pr_err("Out of memory: Killed process %d (%s) anon-rss:%llukB\n",
		       victim->pid, victim->comm,
		       (unsigned long long)best * 4);
		send_signal(victim, SIGKILL, SI_KERNEL, 0);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return victim != NULL;
}
