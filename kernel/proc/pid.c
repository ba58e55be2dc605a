// SPDX-License-Identifier: MIT
/*
 * Process ids and the task list.  Ids count up and wrap at PID_MAX,
 * skipping ids still in use, so a pid is not reused while visible.
 */
#include <umka/proc.h>
#include <umka/wait.h>
#include <umka/time.h>

#define PID_MAX 32768

DEFINE_SPINLOCK(tasklist_lock, LOCK_LEVEL_TASKLIST);
static LIST_HEAD(all_tasks);
static pid_t last_pid = 1;	/* 1 is init's, given out explicitly */

struct list_head *task_list(void)
{
	return &all_tasks;
}

struct task *find_task_by_pid(pid_t pid)
{
	struct task *t;

	list_for_each_entry(t, &all_tasks, all_tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

pid_t pid_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t pid = last_pid;

	do {
		pid = pid >= PID_MAX - 1 ? 2 : pid + 1;
	} while (find_task_by_pid(pid));
	last_pid = pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return pid;
}

/* Link @t into the task list and under @parent; tasklist_lock held. */
void task_register(struct task *t, struct task *parent)
{
	list_init(&t->children);
	t->start_time = ktime_get_ns();
	t->parent = parent;
	if (parent)
		list_add_tail(&t->sibling, &parent->children);
	else
		list_init(&t->sibling);
	list_add_tail(&t->all_tasks, &all_tasks);
}

void task_unregister(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	list_del(&t->sibling);
	list_del(&t->all_tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}
