// SPDX-License-Identifier: MIT
/*
 * Snapshots of tasks for procfs.  A task may exit and be reaped at any
 * moment, so everything is copied under tasklist_lock and the shared
 * objects a file needs (mm, files, fs) are referenced there; exit and
 * exec switch those pointers under the same lock.  Formatting happens
 * afterwards, with no lock held.
 */
#include "internal.h"
#include <umka/proc.h>
#include <umka/vm.h>
#include <umka/fdtable.h>
#include <umka/fs_struct.h>
#include <umka/sigtypes.h>
#include <umka/string.h>
#include <umka/tty.h>
#include <umka/chrdev.h>

bool proc_task_alive(pid_t tid, u64 start_time)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(tid);
	bool alive = t && t->start_time == start_time &&
		     t->exit_state != EXIT_DEAD;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alive;
}

static char state_letter(const struct task *t)
{
	if (t->exit_state == EXIT_ZOMBIE)
		return 'Z';
	if (t->exit_state == EXIT_DEAD)
		return 'X';
	if (READ_ONCE(t->stop_state))
		return 'T';
	switch (READ_ONCE(t->state)) {
	case TASK_RUNNING:
		return 'R';
	case TASK_UNINTERRUPTIBLE:
		/* Kernel threads idle in D would look hung; Linux's idle
		 * state (I) is close enough to S for ps. */
		return t->mm ? 'D' : 'S';
	default:
		return 'S';
	}
}

/* stat(2)-style device number of a terminal, from its name. */
static u32 tty_encode(struct tty *tty)
{
	const char *name;
	dev_t dev;

	if (!tty)
		return 0;
	name = tty_name(tty);
	if (!strncmp(name, "ttyS", 4))
		dev = MKDEV(TTY_MAJOR, 64 + (name[4] - '0'));
	else if (!strcmp(name, "console"))
		dev = MKDEV(TTYAUX_MAJOR, 1);
	else
		dev = MKDEV(TTYAUX_MAJOR, 0);
	return new_encode_dev(dev);
}

int proc_task_get(const struct proc_inode *pi, struct proc_task *pt,
		  unsigned int want)
{
	unsigned long flags;
	struct task *t, *o;
	struct sighand *sh;
	struct tty *tty;

	memset(pt, 0, sizeof(*pt));
	flags = spin_lock_irqsave(&tasklist_lock);
	t = find_task_by_pid(pi->tid);
	if (!t || t->start_time != pi->start_time ||
	    t->exit_state == EXIT_DEAD) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -ESRCH;
	}
	pt->pid = t->pid;
	pt->tgid = t->tgid;
	pt->ppid = t->parent ? t->parent->tgid : 0;
	pt->pgid = t->pgid;
	pt->sid = t->sid;
	memcpy(pt->comm, t->comm, TASK_COMM_LEN);
	pt->comm[TASK_COMM_LEN - 1] = 0;
	pt->state = state_letter(t);
	pt->cpu = t->cpu;
	pt->start_time = t->start_time;
	pt->nr_switches = t->nr_switches;
	/* /proc/<pid> (the leader) shows the whole process, as on Linux;
	 * task/<tid> of another thread shows that thread. */
	if (t->pid == t->tgid)
		process_cpu_times_locked(t, &pt->times);
	else
		task_cpu_times(t, &pt->times);
	process_children_times_locked(t, &pt->children);
	pt->policy = t->policy;
	pt->rt_priority = t->rt_priority;
	pt->nice = t->nice;
	pt->cred = t->cred;
	/* Only status shows the groups: a reference for it alone. */
	if (want & PT_GROUPS)
		groups_get(pt->cred.groups);
	else
		pt->cred.groups = NULL;
	pt->sig_pending = READ_ONCE(t->pending.set);
	pt->sig_shared = t->sig ? READ_ONCE(t->sig->shared.set) : 0;
	pt->sig_blocked = t->sig_blocked;
	pt->kthread = !t->mm && t->exit_state != EXIT_ZOMBIE;
	tty = t->ctty;
	list_for_each_entry(o, task_list(), all_tasks)
		/* A zombie leader counts until it is reaped, as on Linux. */
		if (o->tgid == t->tgid && o->exit_state != EXIT_DEAD)
			pt->nr_threads++;
	if (!pt->nr_threads)
		pt->nr_threads = 1;
	/* Exit and exec change it under tasklist_lock: read it once. */
	sh = READ_ONCE(t->sighand);
	if (sh) {
		spin_lock(&sh->lock);
		for (int i = 0; i < 64; i++) {
			unsigned long h = sh->action[i].handler;

			if (h == SIG_IGN)
				pt->sig_ignored |= 1ULL << i;
			else if (h != SIG_DFL)
				pt->sig_caught |= 1ULL << i;
		}
		spin_unlock(&sh->lock);
	}
	if ((want & PT_MM) && t->mm) {
		pt->mm = t->mm;
		mm_get(pt->mm);
	}
	if ((want & PT_FILES) && t->files)
		pt->files = files_get(t->files);
	if ((want & PT_FS) && t->fs)
		pt->fs = fs_get(t->fs);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* The serial ttys are never freed; their lock ranks last. */
	pt->tty_nr = tty_encode(tty);
	pt->tpgid = tty ? tty_get_pgrp(tty) : -1;
	if (tty && !pt->tpgid)
		pt->tpgid = -1;
	return 0;
}

void proc_task_put(struct proc_task *pt)
{
	mm_put(pt->mm);
	if (pt->files)
		files_put(pt->files);
	if (pt->fs)
		fs_put(pt->fs);
	groups_put(pt->cred.groups);
	pt->cred.groups = NULL;
	pt->mm = NULL;
	pt->files = NULL;
	pt->fs = NULL;
}

/* Sort a short list of ids (insertion sort: tens to hundreds). */
static void sort_ids(pid_t *ids, u64 *st, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		pid_t v = ids[i];
		u64 s = st[i];
		unsigned int j = i;

		for (; j && ids[j - 1] > v; j--) {
			ids[j] = ids[j - 1];
			st[j] = st[j - 1];
		}
		ids[j] = v;
		st[j] = s;
	}
}

/*
 * The smallest @max ids >= @from: thread group leaders when @tgid is 0,
 * else the threads of @tgid.  Reaped (EXIT_DEAD) tasks are skipped.
 */
unsigned int proc_list_pids(pid_t tgid, pid_t from, pid_t *out,
			    unsigned int max, u64 *start_times)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	unsigned int n = 0;
	struct task *t;

	list_for_each_entry(t, task_list(), all_tasks) {
		unsigned int i;

		if (t->pid < from || t->exit_state == EXIT_DEAD || t->pid <= 0)
			continue;
		if (tgid ? t->tgid != tgid : t->pid != t->tgid)
			continue;
		if (n < max) {
			out[n] = t->pid;
			start_times[n++] = t->start_time;
			continue;
		}
		/* Full: replace the largest if this one is smaller. */
		i = 0;
		for (unsigned int j = 1; j < n; j++)
			if (out[j] > out[i])
				i = j;
		if (max && t->pid < out[i]) {
			out[i] = t->pid;
			start_times[i] = t->start_time;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	sort_ids(out, start_times, n);
	return n;
}
