/*
 * Scheduling system calls and CPU-time accounting, checked against what
 * Linux does: sched_{set,get}{scheduler,param,attr}, the priority
 * ranges, sched_rr_get_interval, nice via setpriority/getpriority, the
 * permission rules for an unprivileged user, and that times(),
 * getrusage(), wait4(), /proc/<pid>/stat and the CPU-time clocks report
 * the time really used.  Run as root (it drops to uid 1000 in children);
 * it passes on Linux too.  Exit N = first failing check.
 *
 * musl leaves sched_setscheduler() and friends unimplemented (they act
 * on threads, not processes), so the raw system calls are used.
 */
#include "check.h"
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif
#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_KEEP_POLICY 0x08

struct attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
	uint32_t util_min, util_max;
};

/* A pid that names nobody (pid_max tops out at 2^22 on Linux). */
#define NO_PID 0x3ffffff0

static long setscheduler(pid_t pid, int policy, int prio)
{
	struct sched_param p = { .sched_priority = prio };

	return syscall(SYS_sched_setscheduler, pid, policy, &p);
}

static long getscheduler(pid_t pid)
{
	return syscall(SYS_sched_getscheduler, pid);
}

static int getparam(pid_t pid)
{
	struct sched_param p = { .sched_priority = -1 };

	if (syscall(SYS_sched_getparam, pid, &p))
		return -1;
	return p.sched_priority;
}

static long setattr(pid_t pid, struct attr *a)
{
	return syscall(SYS_sched_setattr, pid, a, 0);
}

static long getattr(pid_t pid, struct attr *a)
{
	return syscall(SYS_sched_getattr, pid, a, sizeof(*a), 0);
}

/* The raw getpriority: 20 - nice. */
static long raw_getpriority(int which, int who)
{
	return syscall(SYS_getpriority, which, who);
}

static long long ns_of(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long clock_ns(clockid_t id)
{
	struct timespec t;

	if (clock_gettime(id, &t))
		return -1;
	return ns_of(t);
}

/* Burn @ms of this thread's CPU time (with a wall-clock safety net). */
static int spin_cpu(long ms)
{
	long long start = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	long long wall = clock_ns(CLOCK_MONOTONIC);
	volatile unsigned long x = 0;

	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - start < ms * 1000000LL) {
		for (int i = 0; i < 10000; i++)
			x += i;
		if (clock_ns(CLOCK_MONOTONIC) - wall > 60 * 1000000000LL)
			return -1;
	}
	return 0;
}

static void test_ranges(void)
{
	CHECK(sched_get_priority_max(SCHED_FIFO) == 99);
	CHECK(sched_get_priority_min(SCHED_FIFO) == 1);
	CHECK(sched_get_priority_max(SCHED_RR) == 99);
	CHECK(sched_get_priority_min(SCHED_RR) == 1);
	CHECK(sched_get_priority_max(SCHED_OTHER) == 0);
	CHECK(sched_get_priority_min(SCHED_OTHER) == 0);
	CHECK(sched_get_priority_max(SCHED_BATCH) == 0);
	CHECK(sched_get_priority_min(SCHED_IDLE) == 0);
	CHECK(sched_get_priority_max(SCHED_DEADLINE) == 0);
	CHECK(sched_get_priority_max(42) == -1 && errno == EINVAL);
	CHECK(sched_get_priority_min(-1) == -1 && errno == EINVAL);
}

static void test_get_set(void)
{
	struct sched_param p = { 0 };
	struct timespec ts;

	CHECK(getscheduler(0) == SCHED_OTHER);
	CHECK(getscheduler(getpid()) == SCHED_OTHER);
	CHECK(getscheduler(-1) == -1 && errno == EINVAL);
	CHECK(getscheduler(NO_PID) == -1 && errno == ESRCH);
	CHECK(getparam(0) == 0);
	CHECK(syscall(SYS_sched_getparam, 0, NULL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_sched_getparam, -1, &p) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_sched_getparam, NO_PID, &p) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_sched_getparam, 0, (void *)8) == -1 &&
	      errno == EFAULT);

	/* Bad arguments, in Linux's order of checks. */
	CHECK(setscheduler(0, SCHED_FIFO, 0) == -1 && errno == EINVAL);
	CHECK(setscheduler(0, SCHED_FIFO, 100) == -1 && errno == EINVAL);
	CHECK(setscheduler(0, SCHED_OTHER, 5) == -1 && errno == EINVAL);
	CHECK(setscheduler(0, 42, 0) == -1 && errno == EINVAL);
	CHECK(setscheduler(0, -1, 0) == -1 && errno == EINVAL);
	CHECK(setscheduler(-1, SCHED_OTHER, 0) == -1 && errno == EINVAL);
	CHECK(setscheduler(NO_PID, SCHED_OTHER, 0) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, (void *)8) ==
	      -1 && errno == EFAULT);
	/* Through sched_setscheduler, deadline has no parameters: invalid. */
	CHECK(setscheduler(0, SCHED_DEADLINE, 0) == -1 && errno == EINVAL);
	CHECK(getscheduler(0) == SCHED_OTHER);

	/* Real time, as root. */
	CHECK(setscheduler(0, SCHED_FIFO, 10) == 0);
	CHECK(getscheduler(0) == SCHED_FIFO);
	CHECK(getparam(0) == 10);
	p.sched_priority = 20;
	CHECK(syscall(SYS_sched_setparam, 0, &p) == 0);
	CHECK(getparam(0) == 20 && getscheduler(0) == SCHED_FIFO);
	p.sched_priority = 0;
	CHECK(syscall(SYS_sched_setparam, 0, &p) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_sched_rr_get_interval, 0, &ts) == 0 &&
	      ts.tv_sec == 0 && ts.tv_nsec == 0);
	CHECK(setscheduler(0, SCHED_RR, 5) == 0);
	CHECK(getscheduler(0) == SCHED_RR && getparam(0) == 5);
	CHECK(syscall(SYS_sched_rr_get_interval, 0, &ts) == 0 &&
	      ts.tv_sec == 0 && ts.tv_nsec == 100000000);
	CHECK(sched_yield() == 0);
	CHECK(syscall(SYS_sched_rr_get_interval, -1, &ts) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_sched_rr_get_interval, NO_PID, &ts) == -1 &&
	      errno == ESRCH);
	CHECK(syscall(SYS_sched_rr_get_interval, 0, NULL) == -1 &&
	      errno == EFAULT);

	/* Back to normal; batch and idle take no priority either. */
	CHECK(setscheduler(0, SCHED_OTHER, 0) == 0);
	CHECK(getscheduler(0) == SCHED_OTHER && getparam(0) == 0);
	CHECK(syscall(SYS_sched_rr_get_interval, 0, &ts) == 0 &&
	      ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
	CHECK(setscheduler(0, SCHED_BATCH, 0) == 0);
	CHECK(getscheduler(0) == SCHED_BATCH);
	CHECK(setscheduler(0, SCHED_IDLE, 0) == 0);
	CHECK(getscheduler(0) == SCHED_IDLE);
	CHECK(setscheduler(0, SCHED_OTHER, 0) == 0);
}

static void test_reset_on_fork(void)
{
	int status;
	pid_t pid;

	CHECK(setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 10) == 0);
	CHECK(getscheduler(0) == (SCHED_FIFO | SCHED_RESET_ON_FORK));
	pid = fork();
	if (pid == 0)
		_exit(getscheduler(0) == SCHED_OTHER && getparam(0) == 0 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* Without the flag, a child inherits the policy. */
	CHECK(setscheduler(0, SCHED_RR, 3) == 0);
	CHECK(getscheduler(0) == SCHED_RR);
	pid = fork();
	if (pid == 0)
		_exit(getscheduler(0) == SCHED_RR && getparam(0) == 3 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(setscheduler(0, SCHED_OTHER, 0) == 0);
}

static void test_attr(void)
{
	struct attr a;
	unsigned char big[sizeof(struct attr) + 8];

	memset(&a, 0xff, sizeof(a));
	CHECK(getattr(0, &a) == 0);
	CHECK(a.size == sizeof(a) && a.policy == SCHED_OTHER && a.nice == 0 &&
	      a.priority == 0 && a.flags == 0);
	CHECK(syscall(SYS_sched_getattr, 0, &a, 47, 0) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_sched_getattr, 0, &a, sizeof(a), 1) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_sched_getattr, 0, NULL, sizeof(a), 0) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_sched_getattr, -1, &a, sizeof(a), 0) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_sched_getattr, NO_PID, &a, sizeof(a), 0) == -1 &&
	      errno == ESRCH);
	CHECK(syscall(SYS_sched_getattr, 0, (void *)8, sizeof(a), 0) == -1 &&
	      errno == EFAULT);
	/* The first version of the struct: 48 bytes, size reported so. */
	memset(&a, 0, sizeof(a));
	CHECK(syscall(SYS_sched_getattr, 0, &a, 48, 0) == 0 && a.size == 48);

	/* nice through sched_setattr, seen by getpriority. */
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.policy = SCHED_OTHER;
	a.nice = 7;
	CHECK(setattr(0, &a) == 0);
	CHECK(raw_getpriority(PRIO_PROCESS, 0) == 20 - 7);
	CHECK(getpriority(PRIO_PROCESS, 0) == 7);
	a.nice = 100;		/* out of range: clamped to 19 */
	CHECK(setattr(0, &a) == 0);
	CHECK(getpriority(PRIO_PROCESS, 0) == 19);
	a.nice = 0;
	a.size = 0;		/* 0 means the first version */
	CHECK(setattr(0, &a) == 0 && getpriority(PRIO_PROCESS, 0) == 0);

	/* Real time through setattr; KEEP_POLICY changes only the rest. */
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.policy = SCHED_FIFO;
	a.priority = 15;
	CHECK(setattr(0, &a) == 0);
	CHECK(getscheduler(0) == SCHED_FIFO && getparam(0) == 15);
	a.policy = SCHED_OTHER;
	a.priority = 25;
	a.flags = SCHED_FLAG_KEEP_POLICY;
	CHECK(setattr(0, &a) == 0);
	CHECK(getscheduler(0) == SCHED_FIFO && getparam(0) == 25);
	memset(&a, 0, sizeof(a));
	CHECK(getattr(0, &a) == 0 && a.policy == SCHED_FIFO &&
	      a.priority == 25);
	a.flags = SCHED_FLAG_RESET_ON_FORK;
	CHECK(setattr(0, &a) == 0);
	memset(&a, 0, sizeof(a));
	CHECK(getattr(0, &a) == 0 && a.policy == SCHED_FIFO &&
	      a.flags == SCHED_FLAG_RESET_ON_FORK);
	CHECK(getscheduler(0) == (SCHED_FIFO | SCHED_RESET_ON_FORK));
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	CHECK(setattr(0, &a) == 0 && getscheduler(0) == SCHED_OTHER);

	/* Bad arguments. */
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	CHECK(syscall(SYS_sched_setattr, 0, &a, 1) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_sched_setattr, 0, NULL, 0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_sched_setattr, -1, &a, 0) == -1 && errno == EINVAL);
	CHECK(setattr(NO_PID, &a) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_sched_setattr, 0, (void *)8, 0) == -1 &&
	      errno == EFAULT);
	a.policy = 42;
	CHECK(setattr(0, &a) == -1 && errno == EINVAL);
	a.policy = SCHED_OTHER;
	a.flags = 0x100;
	CHECK(setattr(0, &a) == -1 && errno == EINVAL);
	a.flags = 0;
	a.policy = SCHED_RR;
	a.priority = 0;
	CHECK(setattr(0, &a) == -1 && errno == EINVAL);
	a.policy = SCHED_DEADLINE;	/* runtime 0, deadline 0: invalid */
	CHECK(setattr(0, &a) == -1 && errno == EINVAL);
	a.runtime = 20000000;		/* runtime > deadline: invalid */
	a.deadline = 10000000;
	a.period = 30000000;
	CHECK(setattr(0, &a) == -1 && errno == EINVAL);
	/* Too small a size: E2BIG, and the size we know is written back. */
	a.policy = SCHED_OTHER;
	a.size = 40;
	CHECK(setattr(0, &a) == -1 && errno == E2BIG && a.size == sizeof(a));
	/* A bigger struct is fine if the bytes we do not know are zero. */
	memset(big, 0, sizeof(big));
	memcpy(big, &a, sizeof(a));
	((struct attr *)big)->size = sizeof(big);
	CHECK(syscall(SYS_sched_setattr, 0, big, 0) == 0);
	big[sizeof(big) - 1] = 1;
	CHECK(syscall(SYS_sched_setattr, 0, big, 0) == -1 && errno == E2BIG);
	CHECK(getscheduler(0) == SCHED_OTHER);
}

static void test_nice(void)
{
	int status;
	pid_t pid;

	CHECK(raw_getpriority(PRIO_PROCESS, 0) == 20);
	CHECK(raw_getpriority(PRIO_PROCESS, getpid()) == 20);
	CHECK(setpriority(PRIO_PROCESS, 0, 10) == 0);
	CHECK(raw_getpriority(PRIO_PROCESS, 0) == 10);
	errno = 0;
	CHECK(nice(2) == 12 && errno == 0);
	CHECK(getpriority(PRIO_PROCESS, 0) == 12);
	CHECK(setpriority(PRIO_PROCESS, 0, 1000) == 0);	/* clamped */
	CHECK(raw_getpriority(PRIO_PROCESS, 0) == 1);
	CHECK(setpriority(PRIO_PROCESS, 0, -1000) == 0);	/* root may */
	CHECK(raw_getpriority(PRIO_PROCESS, 0) == 40);
	CHECK(setpriority(PRIO_PROCESS, 0, 0) == 0);
	CHECK(setpriority(5, 0, 0) == -1 && errno == EINVAL);
	CHECK(raw_getpriority(-1, 0) == -1 && errno == EINVAL);
	CHECK(raw_getpriority(PRIO_PROCESS, NO_PID) == -1 && errno == ESRCH);
	CHECK(setpriority(PRIO_PROCESS, NO_PID, 0) == -1 && errno == ESRCH);
	CHECK(raw_getpriority(PRIO_USER, 0) >= 1);
	CHECK(raw_getpriority(PRIO_PGRP, 0) >= 1);
	/* A whole process group, in a child that has a group of its own. */
	pid = fork();
	if (pid == 0) {
		if (setpgid(0, 0) || setpriority(PRIO_PGRP, 0, 4) ||
		    getpriority(PRIO_PROCESS, 0) != 4 ||
		    raw_getpriority(PRIO_PGRP, getpgrp()) != 16)
			_exit(1);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The nice level is inherited. */
	CHECK(setpriority(PRIO_PROCESS, 0, 3) == 0);
	pid = fork();
	if (pid == 0)
		_exit(getpriority(PRIO_PROCESS, 0) == 3 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(setpriority(PRIO_PROCESS, 0, 0) == 0);
}

/*
 * Unprivileged (uid 1000, RLIMIT_NICE and RLIMIT_RTPRIO 0 as Debian
 * sets them): raising nice is fine, lowering it is EACCES from
 * setpriority and EPERM from sched_setattr, real time and deadline are
 * EPERM, and other users' tasks are EPERM.  Exit status: 0 or the
 * number of the failed step.
 */
static int unprivileged(pid_t root_pid)
{
	struct rlimit zero = { 0, 0 };
	struct attr a;
	cpu_set_t set;
	int step = 0;

#define STEP(cond) do { step++; if (!(cond)) return step; } while (0)
	STEP(setrlimit(RLIMIT_NICE, &zero) == 0);
	STEP(setrlimit(RLIMIT_RTPRIO, &zero) == 0);
	STEP(setuid(1000) == 0 && geteuid() == 1000);
	STEP(setpriority(PRIO_PROCESS, 0, 5) == 0);
	STEP(getpriority(PRIO_PROCESS, 0) == 5);
	STEP(setpriority(PRIO_PROCESS, 0, 4) == -1 && errno == EACCES);
	STEP(setpriority(PRIO_PROCESS, 0, 10) == 0);
	STEP(setscheduler(0, SCHED_FIFO, 1) == -1 && errno == EPERM);
	STEP(setscheduler(0, SCHED_RR, 1) == -1 && errno == EPERM);
	STEP(getscheduler(0) == SCHED_OTHER);
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.policy = SCHED_OTHER;
	a.nice = 9;
	STEP(setattr(0, &a) == -1 && errno == EPERM);
	a.nice = 11;
	STEP(setattr(0, &a) == 0 && getpriority(PRIO_PROCESS, 0) == 11);
	a.policy = SCHED_DEADLINE;
	a.runtime = 10000000;
	a.deadline = 30000000;
	a.period = 30000000;
	STEP(setattr(0, &a) == -1 && errno == EPERM);
	/* Batch is allowed; idle too, but not leaving it (nice 20 > 11). */
	STEP(setscheduler(0, SCHED_BATCH, 0) == 0);
	STEP(setscheduler(0, SCHED_IDLE, 0) == 0);
	STEP(setscheduler(0, SCHED_OTHER, 0) == -1 && errno == EPERM);
	STEP(getscheduler(0) == SCHED_IDLE);
	/* Another user's process. */
	STEP(setpriority(PRIO_PROCESS, root_pid, 19) == -1 && errno == EPERM);
	STEP(setscheduler(root_pid, SCHED_OTHER, 0) == -1 && errno == EPERM);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	STEP(sched_setaffinity(root_pid, sizeof(set), &set) == -1 &&
	     errno == EPERM);
	/* Looking is allowed. */
	STEP(getscheduler(root_pid) == SCHED_OTHER);
	STEP(raw_getpriority(PRIO_PROCESS, root_pid) == 20);
	STEP(sched_getaffinity(root_pid, sizeof(set), &set) == 0);
	return 0;
#undef STEP
}

static void test_permissions(void)
{
	struct rlimit nice_rl, rt_rl;
	int status;
	pid_t pid;

	/* The child lowers its own limits; ours stay as they are. */
	CHECK(getrlimit(RLIMIT_NICE, &nice_rl) == 0);
	CHECK(getrlimit(RLIMIT_RTPRIO, &rt_rl) == 0);
	pid = fork();
	if (pid == 0)
		_exit(unprivileged(getppid()));
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		check_say(2, "sched: unprivileged step %d failed\n",
			  WEXITSTATUS(status));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	setrlimit(RLIMIT_NICE, &nice_rl);
	setrlimit(RLIMIT_RTPRIO, &rt_rl);
}

/* Field @n (1-based) of a /proc/<pid>/stat line, after the comm. */
static long long stat_field(const char *path, int n)
{
	char buf[1024], *p;
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	p += 2;		/* field 3 starts here */
	for (int i = 3; i < n && p; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (p)
		sscanf(p, "%lld", &v);
	return v;
}

/* Where procfs is: /proc, or a mount of our own if none is there. */
static const char *proc_root(void)
{
	static const char *root;
	struct stat st;

	if (root)
		return root;
	if (stat("/proc/self/stat", &st) == 0) {
		root = "/proc";
	} else {
		mkdir("/sched-proc", 0555);
		if (mount("proc", "/sched-proc", "proc", 0, NULL) == 0)
			root = "/sched-proc";
	}
	return root;
}

static void test_cpu_time(void)
{
	long hz = sysconf(_SC_CLK_TCK);
	long long p0, p1, t0, t1, w0;
	struct rusage ru;
	struct tms tms;
	char path[64];
	clockid_t cid;
	int status;
	pid_t pid;

	CHECK(hz == 100);
	t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(t0 >= 0 && p0 >= t0);
	CHECK(spin_cpu(200) == 0);
	t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	p1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(t1 - t0 >= 200000000LL && p1 - p0 >= 200000000LL);
	/* Sleeping costs (almost) no CPU time. */
	w0 = clock_ns(CLOCK_MONOTONIC);
	usleep(200000);
	CHECK(clock_ns(CLOCK_MONOTONIC) - w0 >= 200000000LL);
	CHECK(clock_ns(CLOCK_THREAD_CPUTIME_ID) - t1 < 50000000LL);
	/* The same time through getrusage, times and the clock of a pid. */
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
	CHECK(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec >= 200000);
	/* A loop in user code is mostly user time. */
	CHECK(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec >= 100000);
	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0 &&
	      ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec >= 100000);
	CHECK(times(&tms) != (clock_t)-1);
	/* Each of the two is rounded down to a tick. */
	CHECK(tms.tms_utime + tms.tms_stime >= 18);
	CHECK(clock_getcpuclockid(getpid(), &cid) == 0);
	CHECK(clock_gettime(cid, &(struct timespec){ 0 }) == 0);
	CHECK(getrusage(5, &ru) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_getrusage, RUSAGE_SELF, (void *)8) == -1 &&
	      errno == EFAULT);
	CHECK(proc_root() != NULL);
	snprintf(path, sizeof(path), "%s/%d/stat", proc_root(), getpid());
	CHECK(stat_field(path, 14) + stat_field(path, 15) >= 18);
	CHECK(stat_field(path, 19) == 0);	/* nice */
	CHECK(stat_field(path, 41) == SCHED_OTHER);	/* policy */

	/* A child's time: wait4's rusage, RUSAGE_CHILDREN, cutime. */
	pid = fork();
	if (pid == 0)
		_exit(spin_cpu(150) ? 1 : 0);
	CHECK(pid > 0);
	CHECK(wait4(pid, &status, 0, &ru) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec >= 150000);
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	CHECK(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec >= 150000);
	CHECK(times(&tms) != (clock_t)-1 && tms.tms_cutime + tms.tms_cstime >= 13);
	snprintf(path, sizeof(path), "%s/self/stat", proc_root());
	CHECK(stat_field(path, 16) + stat_field(path, 17) >= 13);

	/* /proc shows priority and policy of a real-time task. */
	CHECK(setscheduler(0, SCHED_RR, 7) == 0);
	snprintf(path, sizeof(path), "%s/%d/stat", proc_root(), getpid());
	CHECK(stat_field(path, 18) == -8);	/* -1 - rt_priority */
	CHECK(stat_field(path, 40) == 7 && stat_field(path, 41) == SCHED_RR);
	CHECK(setscheduler(0, SCHED_OTHER, 0) == 0);
	CHECK(setpriority(PRIO_PROCESS, 0, 6) == 0);
	CHECK(stat_field(path, 18) == 26 && stat_field(path, 19) == 6);
	CHECK(setpriority(PRIO_PROCESS, 0, 0) == 0);
	if (strcmp(proc_root(), "/proc"))
		umount2(proc_root(), 0);
}

int main(void)
{
	if (getuid() != 0) {
		check_say(2, "sched: must run as root\n");
		return 200;
	}
	test_ranges();
	test_get_set();
	test_reset_on_fork();
	test_attr();
	test_nice();
	test_permissions();
	test_cpu_time();
	return 0;
}
