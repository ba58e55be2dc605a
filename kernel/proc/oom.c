// SPDX-License-Identifier: MIT
/*
 * The OOM killer.  There is no swap and no page cache to shrink, so when
 * a page fault cannot get a page the only way forward is to end a
 * process: the one with the highest badness, Linux's score: its resident
 * set plus oom_score_adj thousandths of all memory.  A process whose
 * adjustment is -1000 is never chosen.  /proc/<pid>/oom_score_adj sets
 * the adjustment (inherited by fork, kept across exec), oom_score shows
 * the score.
 */
#include <umka/proc.h>
#include <umka/signal.h>
#include <umka/printk.h>
#include <umka/mm_types.h>
#include <umka/mm.h>
#include <umka/page.h>
#include <umka/errno.h>

#define OOM_ADJ_MIN (-1000)
#define OOM_ADJ_MAX 1000

#define SIGMASK_KILL (1ULL << (SIGKILL - 1))

/* Killed, or on its way out with its memory not yet freed. */
static bool dying(const struct task *t)
{
	return (__atomic_load_n(&t->pending.set, __ATOMIC_RELAXED) &
		SIGMASK_KILL) != 0;
}

/* All memory, in pages; takes allocator locks, so never under ours. */
static s64 total_pages(void)
{
	struct mem_stats st;

	mm_get_stats(&st);
	return st.total_bytes >= PAGE_SIZE ? (s64)(st.total_bytes / PAGE_SIZE)
					    : 1;
}

static int adj_of(const struct task *t)
{
	return t->sig ? READ_ONCE(t->sig->oom_score_adj) : 0;
}

/* Linux's badness: resident pages, moved by adj/1000 of all memory. */
static s64 badness(const struct task *t, s64 total)
{
	s64 rss = (s64)__atomic_load_n(&t->mm->rss_pages, __ATOMIC_RELAXED);

	return rss + adj_of(t) * total / 1000;
}

bool out_of_memory(void)
{
	s64 total = total_pages(), best = 0, score;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t, *victim = NULL;

	list_for_each_entry(t, task_list(), all_tasks) {
		if (!t->mm || t->exit_state)
			continue;	/* kernel threads and zombies hold no rss */
		if (dying(t)) {
			/* Killing a second process would be one too many. */
			spin_unlock_irqrestore(&tasklist_lock, flags);
			return false;
		}
		if (t->pid == 1 || adj_of(t) == OOM_ADJ_MIN)
			continue;	/* init's death would panic */
		score = badness(t, total);
		if (!victim || score > best) {
			victim = t;
			best = score;
		}
	}
	if (victim) {
		/* The whole thread group goes; signal its leader. */
		struct task *leader = find_task_by_pid(victim->tgid);

		if (leader && leader->mm)
			victim = leader;
		pr_err("Out of memory: Killed process %d (%s) anon-rss:%llukB "
		       "oom_score_adj:%d\n", victim->pid, victim->comm,
		       (unsigned long long)__atomic_load_n(
			       &victim->mm->rss_pages, __ATOMIC_RELAXED) * 4,
		       adj_of(victim));
		send_signal(victim, SIGKILL, SI_KERNEL, 0);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return victim != NULL;
}

/* /proc/<pid>/oom_score_adj: read it, or set it (-EACCES: lowering it
 * needs root, as CAP_SYS_RESOURCE on Linux). */
int oom_adj_get(pid_t pid, int *adj)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(pid);

	if (t)
		*adj = adj_of(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t ? 0 : -ESRCH;
}

int oom_adj_set(pid_t pid, int adj)
{
	unsigned long flags;
	struct task *t;
	int err = 0;

	if (adj < OOM_ADJ_MIN || adj > OOM_ADJ_MAX)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	t = find_task_by_pid(pid);
	if (!t || !t->sig)
		err = -ESRCH;
	else if (adj < t->sig->oom_score_adj && current->cred.euid != 0)
		err = -EACCES;
	else
		WRITE_ONCE(t->sig->oom_score_adj, adj);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

/* /proc/<pid>/oom_score: 0..2000, as Linux prints it. */
int oom_score_of(pid_t pid, long *score)
{
	s64 total = total_pages(), points = 0;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(pid);

	if (t && t->mm && adj_of(t) != OOM_ADJ_MIN)
		points = 1000 + badness(t, total) * 1000 / total;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!t)
		return -ESRCH;
	*score = points < 0 ? 0 : points > 2000 ? 2000 : (long)points;
	return 0;
}
