// SPDX-License-Identifier: MIT
/*
 * System and resource information: sysinfo, getrlimit/setrlimit/
 * prlimit64, getrusage, times, umask-free process knobs (prctl names),
 * getrandom, sched_yield.
 * Errors: EINVAL for unknown resources/options or soft > hard; EPERM
 * for raising a hard limit without root or prlimit on another user's
 * process; ESRCH for a missing pid; EFAULT for bad pointers.
 */
#include <umka/syscall.h>
#include <umka/proc.h>
#include <umka/mm.h>
#include <umka/time.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/random.h>
#include <umka/smp.h>
#include <umka/fdtable.h>

#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ULL)
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14

struct rlimit64 {
	u64 cur, max;
};

/*
 * Linux sizes its thread limit from RAM: one 16 KiB kernel stack per
 * eighth of memory, at least 20; init's RLIMIT_NPROC and
 * RLIMIT_SIGPENDING are half of that.
 */
static u64 default_nproc(void)
{
	static u64 cached;	/* RAM does not change; computed once */
	struct mem_stats st;
	u64 threads;

	if (READ_ONCE(cached))
		return cached;
	mm_get_stats(&st);
	threads = st.total_bytes / PAGE_SIZE / 32;
	WRITE_ONCE(cached, (threads < 20 ? 20 : threads) / 2);
	return cached;
}

void rlimit_prepare_defaults(void)
{
	default_nproc();
}

/* Debian's defaults, which the first process starts with. */
static struct task_rlimit default_limit(unsigned int res)
{
	switch (res) {
	case RLIMIT_STACK:
		return (struct task_rlimit){ 8 << 20, RLIM_INFINITY };
	case RLIMIT_CORE:
		return (struct task_rlimit){ 0, RLIM_INFINITY };
	case RLIMIT_NPROC:
	case RLIMIT_SIGPENDING:
		return (struct task_rlimit){ default_nproc(), default_nproc() };
	case RLIMIT_NOFILE:
		return (struct task_rlimit){ 1024, 1048576 };
	case RLIMIT_MEMLOCK:
		return (struct task_rlimit){ 8 << 20, 8 << 20 };
	case RLIMIT_MSGQUEUE:
		return (struct task_rlimit){ 819200, 819200 };
	case RLIMIT_NICE:
	case RLIMIT_RTPRIO:
		return (struct task_rlimit){ 0, 0 };
	default:
		return (struct task_rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	}
}

static void limits_materialise(struct task *t)
{
	if (t->rlim_valid)
		return;
	for (unsigned int i = 0; i < RLIM_NLIMITS; i++)
		t->rlim[i] = default_limit(i);
	t->rlim_valid = true;
}

void rlimit_inherit(struct task *child, const struct task *parent)
{
	memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
	child->rlim_valid = parent->rlim_valid;
}

static struct task_rlimit task_limit(const struct task *t, unsigned int res)
{
	return t->rlim_valid ? t->rlim[res] : default_limit(res);
}

/*
 * get and set for the process @pid (0: ours).  Another process's limits
 * need root or the same uid throughout (Linux's check without
 * capabilities); a new value is written to every thread.
 */
static long do_prlimit(pid_t pid, unsigned int res, const struct rlimit64 *new,
		       struct rlimit64 *old)
{
	struct task *target, *t;
	struct task_rlimit cur;
	unsigned long f;
	long err = 0;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->cur > new->max)
		return -EINVAL;
	default_nproc();	/* mm_get_stats takes locks: not under ours */
	f = spin_lock_irqsave(&tasklist_lock);
	target = pid ? find_task_by_pid(pid) : current;
	if (!target || target->exit_state) {
		err = -ESRCH;
		goto out;
	}
	if (pid && pid != current->tgid && current->cred.euid != 0 &&
	    (current->cred.uid != target->cred.uid ||
	     current->cred.uid != target->cred.euid ||
	     current->cred.uid != target->cred.suid)) {
		err = -EPERM;
		goto out;
	}
	cur = task_limit(target, res);
	if (old)
		*old = (struct rlimit64){ cur.cur, cur.max };
	if (!new)
		goto out;
	if (new->max > cur.max && current->cred.euid != 0) {
		err = -EPERM;
		goto out;
	}
	if (res == RLIMIT_NOFILE && new->max > NR_OPEN_MAX) {
		err = -EPERM;	/* above fs.nr_open */
		goto out;
	}
	list_for_each_entry(t, task_list(), all_tasks) {
		if (t->tgid != target->tgid || t->exit_state)
			continue;
		limits_materialise(t);
		t->rlim[res] = (struct task_rlimit){ new->cur, new->max };
	}
out:
	spin_unlock_irqrestore(&tasklist_lock, f);
	return err;
}

int task_rlimits_of(pid_t pid, struct task_rlimit out[RLIM_NLIMITS])
{
	unsigned long f;
	struct task *t;

	default_nproc();	/* not under tasklist_lock: see do_prlimit */
	f = spin_lock_irqsave(&tasklist_lock);
	t = find_task_by_pid(pid);
	for (unsigned int i = 0; t && i < RLIM_NLIMITS; i++)
		out[i] = task_limit(t, i);
	spin_unlock_irqrestore(&tasklist_lock, f);
	return t ? 0 : -ESRCH;
}

u64 task_rlimit_cur(const struct task *t, unsigned int res)
{
	if (res >= RLIM_NLIMITS)
		return RLIM_INFINITY;
	return READ_ONCE(t->rlim_valid) ?
	       READ_ONCE(t->rlim[res].cur) : default_limit(res).cur;
}

u64 rlimit_cur(unsigned int res)
{
	return task_rlimit_cur(current, res);
}

unsigned int task_rlimit_nofile(void)
{
	u64 n = rlimit_cur(RLIMIT_NOFILE);

	return n > NR_OPEN_MAX ? NR_OPEN_MAX : (unsigned int)n;
}

SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, res,
		const struct rlimit64 __user *, unew,
		struct rlimit64 __user *, uold)
{
	struct rlimit64 n, o;
	long err;

	if (unew && copy_from_user(&n, unew, sizeof(n)))
		return -EFAULT;
	err = do_prlimit(pid, res, unew ? &n : NULL, &o);
	if (!err && uold && copy_to_user(uold, &o, sizeof(o)))
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, res, struct rlimit64 __user *, rl)
{
	return __do_sys_prlimit64(0, res, NULL, rl);
}

SYSCALL_DEFINE2(setrlimit, unsigned int, res, const struct rlimit64 __user *, rl)
{
	return __do_sys_prlimit64(0, res, rl, NULL);
}

struct sysinfo {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	char reserved[4];
};

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo si;
	struct mem_stats st;
	unsigned long f;
	struct task *t;

	memset(&si, 0, sizeof(si));
	mm_get_stats(&st);
	si.uptime = ktime_get_ns() / NSEC_PER_SEC;
	si.totalram = st.total_bytes;
	si.freeram = st.free_bytes;
	si.mem_unit = 1;
	f = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry(t, task_list(), all_tasks)
		si.procs++;
	spin_unlock_irqrestore(&tasklist_lock, f);
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

SYSCALL_DEFINE2(getrusage, int, who, void __user *, ru)
{
	struct cpu_times ct;
	unsigned long f;

	switch (who) {
	case RUSAGE_SELF:
		process_cpu_times(current, &ct);
		break;
	case RUSAGE_THREAD:
		task_cpu_times(current, &ct);
		break;
	case RUSAGE_CHILDREN:
		f = spin_lock_irqsave(&tasklist_lock);
		process_children_times_locked(current, &ct);
		spin_unlock_irqrestore(&tasklist_lock, f);
		break;
	default:
		return -EINVAL;
	}
	return put_rusage(ru, &ct);
}

/* times(2): clock ticks (USER_HZ) of this process and its children. */
SYSCALL_DEFINE1(times, void __user *, buf)
{
	const u64 tick = NSEC_PER_SEC / 100;	/* USER_HZ */
	u64 ticks = ktime_get_ns() / tick;
	struct cpu_times self, kids;
	unsigned long f;
	s64 tms[4];

	if (buf) {
		f = spin_lock_irqsave(&tasklist_lock);
		process_cpu_times_locked(current, &self);
		process_children_times_locked(current, &kids);
		spin_unlock_irqrestore(&tasklist_lock, f);
		tms[0] = (s64)(self.utime / tick);
		tms[1] = (s64)(self.stime / tick);
		tms[2] = (s64)(kids.utime / tick);
		tms[3] = (s64)(kids.stime / tick);
		if (copy_to_user(buf, tms, sizeof(tms)))
			return -EFAULT;
	}
	return (long)ticks;
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

SYSCALL_DEFINE3(getrandom, void __user *, buf, size_t, len, unsigned int, flags)
{
	u8 chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    (flags & GRND_RANDOM && flags & GRND_INSECURE))
		return -EINVAL;
	if (len > 33554431)
		len = 33554431;	/* Linux caps one call at 32 MiB - 1 */
	while (done < len) {
		size_t n = min(len - done, sizeof(chunk));

		get_random_bytes(chunk, n);
		if (copy_to_user((u8 __user *)buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

static u64 online_mask(void)
{
	u64 bits = 0;

	for (unsigned int c = 0; c < nr_cpus && c < 64; c++)
		if (cpu_online(c))
			bits |= 1ULL << c;
	return bits;
}

/* The task for a pid argument (0: current); tasklist_lock held. */
static struct task *affinity_target(pid_t pid)
{
	return pid ? find_task_by_pid(pid) : current;
}

SYSCALL_DEFINE3(sched_getaffinity, pid_t, pid, unsigned int, len,
		unsigned long __user *, mask)
{
	unsigned long flags;
	struct task *t;
	u64 bits;

	if (len < sizeof(bits) || (len & (sizeof(bits) - 1)))
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	t = affinity_target(pid);
	bits = t ? (t->cpus_allowed ? t->cpus_allowed : ~0ULL) & online_mask() : 0;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!t)
		return -ESRCH;
	if (clear_user(mask, len) || put_user(bits, mask))
		return -EFAULT;
	return sizeof(bits);
}

/*
 * Up to 64 CPUs.  Errors: EINVAL (no online CPU in the mask), ESRCH,
 * EPERM (another user's task), EFAULT.
 */
SYSCALL_DEFINE3(sched_setaffinity, pid_t, pid, unsigned int, len,
		const unsigned long __user *, umask)
{
	u64 mask = 0, allowed;
	unsigned long flags;
	struct task *t;
	bool perm;
	int cpu;

	if (copy_from_user(&mask, umask, min((size_t)len, sizeof(mask))))
		return -EFAULT;
	allowed = mask & online_mask();
	if (!allowed)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	t = affinity_target(pid);
	/* Another user's task: its real or effective uid must be ours. */
	perm = t && (!current->cred.euid || current->cred.euid == t->cred.uid ||
		     current->cred.euid == t->cred.euid);
	if (perm) {
		sched_set_cpus_allowed(t, allowed);
		cpu = READ_ONCE(t->cpu);
		if (!(allowed & (1ULL << cpu)) && t != current)
			sched_migrate(t, __builtin_ctzll(allowed));
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!t)
		return -ESRCH;
	if (!perm)
		return -EPERM;
	/* Ourselves: outside tasklist_lock, since we may switch CPUs. */
	if (t == current && !(allowed & (1ULL << smp_processor_id())))
		sched_migrate(t, __builtin_ctzll(allowed));
	return 0;
}

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16

SYSCALL_DEFINE5(prctl, int, option, unsigned long, a2, unsigned long, a3,
		unsigned long, a4, unsigned long, a5)
{
	char name[TASK_COMM_LEN];
	long n;

	(void)a3, (void)a4, (void)a5;
	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, (const char __user *)a2, sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		memcpy(current->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void __user *)a2, current->comm,
				    sizeof(current->comm)) ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_DUMPABLE:
		return a2 <= 1 ? 0 : -EINVAL;
	case PR_GET_PDEATHSIG:
		return put_user(0, (int __user *)a2);
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(getcpu, unsigned int __user *, cpu, unsigned int __user *, node,
		void __user *, cache)
{
	unsigned int c = smp_processor_id();

	(void)cache;
	if (cpu && put_user(c, cpu))
		return -EFAULT;
	if (node && put_user(0u, node))
		return -EFAULT;
	return 0;
}

/*
 * personality(2).  Only Linux's own persona exists here, with the one
 * flag that holds anyway: ADDR_NO_RANDOMIZE (layouts are not randomised
 * yet).  Any other persona or flag (PER_LINUX32, READ_IMPLIES_EXEC,
 * UNAME26...) would change behaviour this kernel does not have: EINVAL
 * rather than pretend.  0xffffffff only asks.
 */
#define PER_QUERY 0xffffffffU
#define ADDR_NO_RANDOMIZE 0x0040000U

SYSCALL_DEFINE1(personality, unsigned int, persona)
{
	unsigned int old = current->personality;

	if (persona == PER_QUERY)
		return old;
	if (persona & ~ADDR_NO_RANDOMIZE)
		return -EINVAL;
	current->personality = persona;
	return old;
}
