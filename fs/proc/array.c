// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/{stat,status,statm,comm}: the process table in the
 * formats of proc(5), field for field, so that procps and busybox parse
 * them unchanged.  Counters the kernel does not keep yet (fault counts)
 * read 0.
 */
#include "internal.h"
#include <umka/vm.h>
#include <umka/mm.h>
#include <umka/fdtable.h>
#include <umka/string.h>
#include <umka/smp.h>

#define PF_KTHREAD 0x00200000
#define PF_RANDOMIZE 0x00400000
#define KB_PER_PAGE (PAGE_SIZE / 1024)

/* Sizes of an address space, in pages, from its VMAs. */
struct mm_sizes {
	unsigned long total, data, stack, exec, rss;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long brk_start, stack_top;
	unsigned long arg_start, arg_end, env_start, env_end;
};

static void mm_sizes(struct mm *mm, struct mm_sizes *z)
{
	struct rb_node *n;

	memset(z, 0, sizeof(*z));
	if (!mm)
		return;
	mm_lock(mm);
	for (n = rb_first(&mm->vmas); n; n = rb_next(n)) {
		struct vma *v = rb_entry(n, struct vma, node);
		unsigned long pages = (v->end - v->start) / PAGE_SIZE;

		z->total += pages;
		if (v->flags & (VMA_STACK | VMA_GROWSDOWN))
			z->stack += pages;
		else if ((v->flags & (VMA_WRITE | VMA_SHARED)) == VMA_WRITE)
			z->data += pages;
		else if (v->flags & VMA_EXEC)
			z->exec += pages;
	}
	z->rss = __atomic_load_n(&mm->rss_pages, __ATOMIC_RELAXED);
	z->start_code = mm->start_code;
	z->end_code = mm->end_code;
	z->start_data = mm->start_data;
	z->end_data = mm->end_data;
	z->brk_start = mm->brk_start;
	z->stack_top = mm->stack_top;
	z->arg_start = mm->arg_start;
	z->arg_end = mm->arg_end;
	z->env_start = mm->env_start;
	z->env_end = mm->env_end;
	mm_unlock(mm);
}

int proc_pid_stat(struct seq_buf *s, const struct proc_inode *pi)
{
	struct proc_task pt;
	struct mm_sizes z;
	int err = proc_task_get(pi, &pt, PT_MM);

	if (err)
		return err;
	mm_sizes(pt.mm, &z);
	/* Fields 1-13: ids, tty, flags, fault counts. */
	seq_printf(s, "%d (%s) %c %d %d %d %u %d %u 0 0 0 0 ",
		   pt.pid, pt.comm, pt.state, pt.ppid, pt.pgid, pt.sid,
		   pt.tty_nr, pt.tpgid,
		   pt.kthread ? PF_KTHREAD : PF_RANDOMIZE);
	/* 14-25: times, priority, nice, threads, start, vsize, rss, rsslim. */
	seq_printf(s, "%lu %lu %lu %lu %d %d %d 0 %lu %lu %lu %lu ",
		   ns_to_clock_t(pt.times.utime), ns_to_clock_t(pt.times.stime),
		   ns_to_clock_t(pt.children.utime),
		   ns_to_clock_t(pt.children.stime),
		   pt.rt_priority ? -1 - pt.rt_priority : 20 + pt.nice,
		   pt.nice, pt.nr_threads, ns_to_clock_t(pt.start_time),
		   z.total * PAGE_SIZE, z.rss, ~0UL);
	/* 26-39: code, stack, registers (hidden), signals, wchan, cpu. */
	seq_printf(s, "%lu %lu %lu 0 0 %lu %lu %lu %lu 0 0 0 17 %d ",
		   pt.mm ? z.start_code : 1, pt.mm ? z.end_code : 1,
		   z.stack_top, (pt.sig_pending | pt.sig_shared) & 0xffffffffUL,
		   pt.sig_blocked & 0xffffffffUL,
		   pt.sig_ignored & 0xffffffffUL,
		   pt.sig_caught & 0xffffffffUL, pt.cpu);
	/* 40-52: RT priority, policy, I/O delay, guest times, data, brk,
	 * args, environment, exit code. */
	seq_printf(s, "%d %d 0 0 0 %lu %lu %lu %lu %lu %lu %lu 0\n",
		   pt.rt_priority, pt.policy, z.start_data, z.end_data,
		   z.brk_start, z.arg_start, z.arg_end, z.env_start, z.env_end);
	proc_task_put(&pt);
	return 0;
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'D': return "D (disk sleep)";
	case 'T': return "T (stopped)";
	case 'Z': return "Z (zombie)";
	case 'X': return "X (dead)";
	default: return "S (sleeping)";
	}
}

static void show_kb(struct seq_buf *s, const char *name, unsigned long pages)
{
	seq_printf(s, "%s:\t%8lu kB\n", name, pages * KB_PER_PAGE);
}

int proc_pid_status(struct seq_buf *s, const struct proc_inode *pi)
{
	struct proc_task pt;
	struct mm_sizes z;
	unsigned int fdsize = 0, ncpu = num_online_cpus();
	int err = proc_task_get(pi, &pt, PT_MM | PT_FILES | PT_GROUPS);

	if (err)
		return err;
	mm_sizes(pt.mm, &z);
	if (pt.files)
		fdsize = READ_ONCE(pt.files->max_fds);
	seq_printf(s, "Name:\t%s\nUmask:\t%04o\nState:\t%s\n", pt.comm,
		   pt.cred.umask, state_name(pt.state));
	seq_printf(s, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		   "TracerPid:\t0\n", pt.tgid, pt.pid, pt.ppid);
	seq_printf(s, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		   pt.cred.uid, pt.cred.euid, pt.cred.suid, pt.cred.fsuid,
		   pt.cred.gid, pt.cred.egid, pt.cred.sgid, pt.cred.fsgid);
	seq_printf(s, "FDSize:\t%u\nGroups:\t", fdsize);
	for (u32 i = 0; i < cred_ngroups(&pt.cred); i++)
		seq_printf(s, i ? " %u" : "%u", pt.cred.groups->gid[i]);
	/* Linux ends the list with a space, even an empty one. */
	seq_printf(s, " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		   pt.tgid, pt.pid, pt.pgid, pt.sid);
	if (pt.mm) {
		show_kb(s, "VmPeak", z.total);
		show_kb(s, "VmSize", z.total);
		show_kb(s, "VmLck", 0);
		show_kb(s, "VmPin", 0);
		show_kb(s, "VmHWM", z.rss);
		show_kb(s, "VmRSS", z.rss);
		show_kb(s, "RssAnon", z.rss);
		show_kb(s, "RssFile", 0);
		show_kb(s, "RssShmem", 0);
		show_kb(s, "VmData", z.data);
		show_kb(s, "VmStk", z.stack);
		show_kb(s, "VmExe", z.exec);
		show_kb(s, "VmLib", 0);
		show_kb(s, "VmPTE", 0);
		show_kb(s, "VmSwap", 0);
	}
	seq_printf(s, "Threads:\t%d\nSigQ:\t0/%u\n", pt.nr_threads, 4096U);
	seq_printf(s, "SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n"
		   "SigIgn:\t%016lx\nSigCgt:\t%016lx\n", pt.sig_pending,
		   pt.sig_shared, pt.sig_blocked, pt.sig_ignored,
		   pt.sig_caught);
	/* root has every capability, others none (no capability sets yet) */
	seq_printf(s, "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\n"
		   "CapBnd:\t%016lx\nCapAmb:\t%016lx\n", 0UL,
		   pt.cred.euid ? 0UL : 0x1ffffffffffUL,
		   pt.cred.euid ? 0UL : 0x1ffffffffffUL, 0x1ffffffffffUL,
		   0UL);
	seq_printf(s, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	seq_printf(s, "Cpus_allowed:\t%lx\nCpus_allowed_list:\t0-%u\n",
		   ncpu >= 64 ? ~0UL : (1UL << ncpu) - 1, ncpu - 1);
	seq_printf(s, "Mems_allowed:\t1\nMems_allowed_list:\t0\n");
	seq_printf(s, "voluntary_ctxt_switches:\t%lu\n"
		   "nonvoluntary_ctxt_switches:\t%lu\n", pt.times.nvcsw,
		   pt.times.nivcsw);
	proc_task_put(&pt);
	return 0;
}

int proc_pid_statm(struct seq_buf *s, const struct proc_inode *pi)
{
	struct proc_task pt;
	struct mm_sizes z;
	int err = proc_task_get(pi, &pt, PT_MM);

	if (err)
		return err;
	mm_sizes(pt.mm, &z);
	seq_printf(s, "%lu %lu 0 %lu 0 %lu 0\n", z.total, z.rss,
		   (z.end_code - z.start_code + PAGE_SIZE - 1) / PAGE_SIZE,
		   z.data + z.stack);
	proc_task_put(&pt);
	return 0;
}

int proc_pid_comm(struct seq_buf *s, const struct proc_inode *pi)
{
	struct proc_task pt;
	int err = proc_task_get(pi, &pt, 0);

	if (err)
		return err;
	seq_printf(s, "%s\n", pt.comm);
	return 0;
}

/* cmdline and environ: the strings exec put on the stack, as they are. */
static int show_user_range(struct seq_buf *s, const struct proc_inode *pi,
			   bool env)
{
	struct proc_task pt;
	struct mm_sizes z;
	unsigned long start, end;
	int err = proc_task_get(pi, &pt, PT_MM);

	if (err)
		return err;
	mm_sizes(pt.mm, &z);
	start = env ? z.env_start : z.arg_start;
	end = env ? z.env_end : z.arg_end;
	if (pt.mm && end > start) {
		size_t want = min(end - start, s->size - s->len);
		size_t got = mm_copy_from(pt.mm, s->buf + s->len, start, want);

		s->len += got;
		if (got == want && want < end - start)
			s->overflow = true;	/* retry with more room */
	}
	proc_task_put(&pt);
	return 0;
}

int proc_pid_cmdline(struct seq_buf *s, const struct proc_inode *pi)
{
	return show_user_range(s, pi, false);
}

int proc_pid_environ(struct seq_buf *s, const struct proc_inode *pi)
{
	return show_user_range(s, pi, true);
}
