// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/, /proc/<pid>/task/<tid>/, /proc/self and
 * /proc/thread-self.  A process directory is named by its tgid and
 * shows its leader thread; task/ lists every thread.
 */
#include "internal.h"
#include <umka/proc.h>
#include <umka/kprintf.h>
#include <umka/string.h>
#include <uapi/dirent.h>

/* What /proc/<pid>/ and /proc/<pid>/task/<tid>/ both contain. */
#define PID_COMMON_ENTRIES                                                  \
	PROC_FILE("stat", 0444, proc_pid_stat),                             \
	PROC_FILE("status", 0444, proc_pid_status),                         \
	PROC_FILE("statm", 0444, proc_pid_statm),                           \
	PROC_FILE("cmdline", 0444, proc_pid_cmdline),                       \
	PROC_FILE("comm", 0644, proc_pid_comm),                             \
	PROC_FILE("environ", 0400, proc_pid_environ),                       \
	PROC_FILE("maps", 0444, proc_pid_maps),                             \
	PROC_FILE("mounts", 0444, proc_mounts_show),                        \
	PROC_FILE("mountinfo", 0444, proc_mountinfo_show),                  \
	PROC_FILE("limits", 0444, proc_pid_limits),                         \
	PROC_FILE("oom_score", 0444, proc_pid_oom_score),                   \
	{ .name = "oom_score_adj", .mode = S_IFREG | 0644,                  \
	  .show = proc_pid_oom_adj_show, .write = proc_pid_oom_adj_write },  \
	PROC_LINK("exe", proc_pid_exe),                                     \
	PROC_LINK("cwd", proc_pid_cwd),                                     \
	PROC_LINK("root", proc_pid_root),                                   \
	{ .name = "fd", .mode = S_IFDIR | 0500, .iop = &proc_fd_iops,       \
	  .fop = &proc_fd_fops }

static const struct proc_entry tid_entries[] = {
	PID_COMMON_ENTRIES,
};

const struct proc_entry proc_tid_entry = PROC_DIR("", 0555, tid_entries);

static const struct proc_entry pid_entries[] = {
	PID_COMMON_ENTRIES,
	{ .name = "task", .mode = S_IFDIR | 0555, .iop = &proc_task_iops,
	  .fop = &proc_task_fops },
};

const struct proc_entry proc_pid_entry = PROC_DIR("", 0555, pid_entries);

/* A decimal id with no sign or leading zeros, or -1. */
static pid_t parse_id(const char *s, size_t len)
{
	long v = 0;

	if (!len || len > 9 || (s[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Make @d the directory of thread @tid of @tgid, if that exists. */
static int instantiate_task(struct inode *dir, struct dentry *d, pid_t tgid,
			    pid_t tid, const struct proc_entry *ent)
{
	struct proc_inode pi = { .tgid = tgid, .tid = tid, .fd = -1 };
	struct proc_task pt;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *t = find_task_by_pid(tid);
	int err;

	if (!t || t->tgid != (tgid ? tgid : tid) || t->exit_state == EXIT_DEAD ||
	    (!tgid && t->pid != t->tgid)) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return 0;	/* negative */
	}
	pi.tgid = t->tgid;
	pi.start_time = t->start_time;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (proc_task_get(&pi, &pt, 0))
		return 0;
	err = proc_instantiate(dir, d, ent, &pi);
	if (!err) {
		d->d_inode->i_uid = pt.cred.euid;
		d->d_inode->i_gid = pt.cred.egid;
	}
	return err;
}

int proc_pid_lookup(struct inode *dir, struct dentry *d)
{
	pid_t pid = parse_id(d->d_name, d->d_len);

	return pid > 0 ? instantiate_task(dir, d, 0, pid, &proc_pid_entry) : 0;
}

/* Emit ids from the task list at positions @base + id. */
static int readdir_ids(struct file *f, struct dir_context *ctx, loff_t base,
		       pid_t tgid)
{
	pid_t ids[32];
	u64 st[32];
	char name[16];

	for (;;) {
		pid_t from = ctx->pos > base ? (pid_t)(ctx->pos - base) : 0;
		unsigned int n = proc_list_pids(tgid, from, ids, 32, st);

		for (unsigned int i = 0; i < n; i++) {
			int len = snprintf(name, sizeof(name), "%d", ids[i]);

			if (!ctx->emit(ctx, name, len, base + ids[i] + 1,
				       0x100000 + ids[i], DT_DIR))
				return 0;
			ctx->pos = base + ids[i] + 1;
		}
		if (n < 32)
			return 0;
	}
}

int proc_pid_readdir(struct file *f, struct dir_context *ctx, loff_t base)
{
	if (ctx->pos < base)
		ctx->pos = base;
	return readdir_ids(f, ctx, base, 0);
}

/* task/: the threads of the process. */
#define TASK_BASE 2

static int proc_task_lookup(struct inode *dir, struct dentry *d)
{
	pid_t tid = parse_id(d->d_name, d->d_len);
	pid_t tgid = PROC_I(dir)->tgid;

	return tid > 0 ? instantiate_task(dir, d, tgid, tid, &proc_tid_entry)
		       : 0;
}

static int proc_task_iterate(struct file *f, struct dir_context *ctx)
{
	if (!proc_emit_dots(f, ctx))
		return 0;
	return readdir_ids(f, ctx, TASK_BASE, PROC_I(f->f_inode)->tgid);
}

const struct inode_operations proc_task_iops = {
	.lookup = proc_task_lookup,
	.revalidate = proc_revalidate,
};

const struct file_operations proc_task_fops = {
	.llseek = proc_dir_llseek,
	.iterate = proc_task_iterate,
};

int proc_self_link(const struct proc_inode *pi, char *buf, size_t size)
{
	if (!current->tgid)
		return -ENOENT;	/* a kernel thread without an id */
	return snprintf(buf, size, "%d", current->tgid);
}

int proc_thread_self_link(const struct proc_inode *pi, char *buf,
			  size_t size)
{
	if (!current->tgid)
		return -ENOENT;
	return snprintf(buf, size, "%d/task/%d", current->tgid, current->pid);
}
