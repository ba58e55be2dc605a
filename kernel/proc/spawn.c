// SPDX-License-Identifier: MIT
/*
 * Starting user processes from kernel context: init at boot, and test
 * programs embedded in the image for the self-tests.
 */
#include <umka/proc.h>
#include <umka/user_image.h>
#include <umka/string.h>
#include <umka/errno.h>
#include <umka/printk.h>
#include <umka/user_return.h>
#include <umka/fdtable.h>
#include <umka/fs_struct.h>
#include <asm/process.h>
#include "../sched/sched.h"

extern const struct user_image user_images[];

const struct user_image *user_image_find(const char *name)
{
	for (const struct user_image *u = user_images; u->name; u++)
		if (!strcmp(u->name, name))
			return u;
	return NULL;
}

struct spawn_args {
	const void *image;
	size_t size;
	const char *name;
	const char *const *argv;
};

static const char *const default_envp[] = { "HOME=/", "TERM=linux",
					     "PATH=/sbin:/bin:/usr/sbin:/usr/bin",
					     NULL };

static int user_starter(void *arg)
{
	struct spawn_args *a = arg;
	int err = 0;

	/*
	 * Test programs are ordinary processes: they make pipes and files
	 * and look paths up from a root and cwd of their own.
	 */
	if (!current->files)
		current->files = files_alloc();
	if (!current->fs)
		current->fs = fs_alloc_root();
	if (!current->files || !current->fs)
		err = -ENOMEM;
	if (!err)
		err = exec_image(a->image, a->size, a->name, a->argv,
				 default_envp);
	if (err) {
		pr_info("spawn: exec of %s failed: %d\n", a->name, err);
		do_exit(127);	/* what a shell reports for a failed exec */
	}
	arch_enter_user(current_pt_regs());
}

int run_user_image(const void *image, size_t size, const char *name,
		   const char *const argv[], int *status)
{
	struct spawn_args a = { image, size, name, argv };
	struct task *t = task_create_blank(name);
	unsigned long flags;
	pid_t pid;

	if (!t)
		return -ENOMEM;
	t->pid = t->tgid = pid = pid_alloc();
	t->pgid = current->pgid;
	t->sid = current->sid;
	t->cred = current->cred;
	groups_get(t->cred.groups);
	rlimit_inherit(t, current);
	t->exit_signal = SIGCHLD_NR;
	t->fn = user_starter;
	t->arg = &a;
	arch_task_init_stack(t);
	flags = spin_lock_irqsave(&tasklist_lock);
	task_register(t, current);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	proc_count_fork();
	wake_up_process(t);
	return do_wait4(pid, status, 0) == pid ? 0 : -ECHILD;
}
