/* SPDX-License-Identifier: MIT */
/*
 * procfs internals, shared by the pseudo filesystems built on them
 * (procfs, sysfs, umkafs).  Every file and directory is described by a
 * proc_entry (a row of a static table); its inode carries a proc_inode
 * saying which process, thread, descriptor or named kernel object it is
 * about.  Directories are built lazily by ->lookup, and dentries of
 * things that went away (an exited process, a closed descriptor, an
 * unloaded driver) are dropped by ->revalidate.
 */
#ifndef FS_PROC_INTERNAL_H
#define FS_PROC_INTERNAL_H

#include <umka/fs.h>
#include <umka/file.h>
#include <umka/seq_buf.h>
#include <umka/sched.h>

struct proc_inode;
struct proc_named_ops;
struct files_struct;
struct fs_struct;
struct tty;

struct proc_entry {
	const char *name;
	mode_t mode;
	/* Regular files: generate the contents at open. */
	int (*show)(struct seq_buf *s, const struct proc_inode *pi);
	/* Writable files: one write(2) sets the value. */
	int (*write)(const struct proc_inode *pi, const char *buf, size_t n);
	/* Symlinks: the target, computed at each use. */
	int (*link)(const struct proc_inode *pi, char *buf, size_t size);
	/* Magic links: where following leads (a referenced path). */
	int (*link_path)(const struct proc_inode *pi, struct path *out);
	/* Directories: a static table of entries ... */
	const struct proc_entry *dir;
	unsigned int ndir;
	/* ... or operations of their own (the root, task/, fd/) ... */
	const struct inode_operations *iop;
	const struct file_operations *fop;
	/* ... or named kernel objects that come and go (named.c). */
	const struct proc_named_ops *named;
};

#define PROC_DIR(n, m, table) \
	{ .name = n, .mode = S_IFDIR | (m), .dir = table, \
	  .ndir = ARRAY_SIZE(table) }
#define PROC_FILE(n, m, fn) { .name = n, .mode = S_IFREG | (m), .show = fn }
#define PROC_LINK(n, fn) { .name = n, .mode = S_IFLNK | 0777, .link = fn }
#define PROC_NAMED(n, m, ops) \
	{ .name = n, .mode = S_IFDIR | (m), .named = ops }

/* The longest object name a named directory holds, with its NUL. */
#define PROC_NAME_MAX 32

struct proc_inode {
	const struct proc_entry *ent;
	pid_t tgid;		/* the process, 0 for global files */
	pid_t tid;		/* the thread shown: tgid, or a task/ entry */
	u64 start_time;		/* of tid, to tell a reused id apart */
	int fd;			/* fd/ entries, else -1 */
	/* The object of a named directory entry (a driver, a device) that
	 * this directory or file is about, "" elsewhere. */
	char name[PROC_NAME_MAX];
};

/*
 * A directory of named kernel objects (umkafs: drivers, devices).  A
 * name is looked up in the owning subsystem each time, so an object
 * that appeared is found at once and one that went away is dropped
 * from the dcache by ->revalidate; a listing is a snapshot taken when
 * the directory is opened.  The object's directory and files get its
 * name in proc_inode.name and look the object up again to show it.
 */
struct proc_named_ops {
	/*
	 * The row describing object @name (a directory, usually), or NULL
	 * if there is no such object now.  Called inside a path walk, under
	 * vfs_ns_lock: it may take only locks ranked after LOCK_LEVEL_VFS_NS.
	 */
	const struct proc_entry *(*lookup)(const char *name);
	/*
	 * Calls @emit for each object there is now; stops and returns what
	 * @emit returned if that is non-zero.  Called at open with no lock
	 * held.
	 */
	int (*list)(int (*emit)(void *ctx, const char *name), void *ctx);
};

static inline const struct proc_inode *PROC_I(const struct inode *inode)
{
	return inode->i_private;
}

/* inode.c */
struct inode *proc_make_inode(struct super_block *sb,
			      const struct proc_inode *parent,
			      const struct proc_entry *ent);
int proc_instantiate(struct inode *dir, struct dentry *d,
		     const struct proc_entry *ent, const struct proc_inode *pi);
bool proc_revalidate(struct inode *dir, struct dentry *d);
int proc_lookup_table(struct inode *dir, struct dentry *d);
/* Emit the entries of a table, at positions 2.. of a directory. */
bool proc_readdir_table(struct file *f, struct dir_context *ctx,
			const struct proc_entry *table, unsigned int n);
bool proc_emit_dots(struct file *f, struct dir_context *ctx);
loff_t proc_dir_llseek(struct file *f, loff_t off, int whence);
extern const struct inode_operations proc_table_iops;
extern const struct file_operations proc_table_fops;
extern const struct inode_operations proc_link_iops;
extern const struct inode_operations proc_magic_link_iops;
/* named.c */
extern const struct inode_operations proc_named_iops;
extern const struct file_operations proc_named_fops;
/*
 * A new instance of a pseudo filesystem whose root directory is @root:
 * the get_sb of procfs, sysfs and umkafs.
 */
struct super_block *proc_get_sb_root(struct file_system_type *type,
				     const struct proc_entry *root);

/* file.c: generated files. */
extern const struct file_operations proc_file_fops;

/*
 * task.c: a snapshot of a task, copied under tasklist_lock.  The mm,
 * files and fs are referenced when asked for with PT_* and released by
 * proc_task_put().
 */
#define PT_MM 1
#define PT_FILES 2
#define PT_FS 4
#define PT_GROUPS 8	/* a reference to the supplementary groups */

struct proc_task {
	pid_t pid, tgid, ppid, pgid, sid, tpgid;
	char comm[TASK_COMM_LEN];
	char state;			/* R S D T Z X */
	int nr_threads;
	int cpu;
	u64 start_time;
	u64 nr_switches;
	struct cpu_times times;		/* the process's, or the thread's */
	struct cpu_times children;
	int policy, rt_priority, nice;
	struct cred cred;
	u64 sig_pending, sig_shared, sig_blocked, sig_ignored, sig_caught;
	u32 tty_nr;			/* encoded as stat(2)'s st_rdev */
	bool kthread;
	struct mm *mm;
	struct files_struct *files;
	struct fs_struct *fs;
};

int proc_task_get(const struct proc_inode *pi, struct proc_task *pt,
		  unsigned int want);
void proc_task_put(struct proc_task *pt);
bool proc_task_alive(pid_t tid, u64 start_time);
/* Process ids (thread group leaders), or threads of @tgid, ascending
 * from @from; fills @out and returns how many (at most @max). */
unsigned int proc_list_pids(pid_t tgid, pid_t from, pid_t *out,
			    unsigned int max, u64 *start_times);

/* Clock ticks as times(2) counts them (USER_HZ). */
#define USER_HZ 100
static inline u64 ns_to_clock_t(u64 ns)
{
	return ns / (1000000000ULL / USER_HZ);
}

/* pid.c: /proc/<pid>/ and task/<tid>/. */
extern const struct proc_entry proc_pid_entry;
extern const struct proc_entry proc_tid_entry;
int proc_pid_lookup(struct inode *dir, struct dentry *d);
int proc_pid_readdir(struct file *f, struct dir_context *ctx, loff_t base);
int proc_self_link(const struct proc_inode *pi, char *buf, size_t size);
int proc_thread_self_link(const struct proc_inode *pi, char *buf,
			  size_t size);

/* Per-process files. */
int proc_pid_stat(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_status(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_statm(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_cmdline(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_environ(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_comm(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_maps(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_exe(const struct proc_inode *pi, char *buf, size_t size);
int proc_pid_cwd(const struct proc_inode *pi, char *buf, size_t size);
int proc_pid_root(const struct proc_inode *pi, char *buf, size_t size);
bool proc_fd_open(const struct proc_inode *pi);
extern const struct inode_operations proc_fd_iops;
extern const struct file_operations proc_fd_fops;
extern const struct inode_operations proc_task_iops;
extern const struct file_operations proc_task_fops;

/* Global files. */
int proc_meminfo_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_cpuinfo_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_uptime_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_loadavg_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_stat_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_filesystems_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_modules_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_version_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_cmdline_show(struct seq_buf *s, const struct proc_inode *pi);
#define PROC_BUS_NENTRIES 1
extern const struct proc_entry proc_bus_entries[PROC_BUS_NENTRIES];
#define PROC_SYS_NENTRIES 1
extern const struct proc_entry proc_sys_entries[PROC_SYS_NENTRIES];
int proc_mounts_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_mountinfo_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_limits(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_oom_adj_show(struct seq_buf *s, const struct proc_inode *pi);
int proc_pid_oom_adj_write(const struct proc_inode *pi, const char *buf,
			   size_t n);
int proc_pid_oom_score(struct seq_buf *s, const struct proc_inode *pi);

#endif
