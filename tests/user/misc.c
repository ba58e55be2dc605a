/*
 * Time, identity and resource calls, checked against Linux behaviour:
 * clocks, sleeps, alarm/itimers, ids, process groups and sessions,
 * rlimits, sysinfo, getrandom, prctl.  Exit N = first failing check.
 */
#include "check.h"
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long ns_of(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void test_clocks(void)
{
	struct timespec a, b, req = { 0, 30 * 1000 * 1000 };
	struct timeval tv;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	CHECK(nanosleep(&req, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	CHECK(ns_of(b) - ns_of(a) >= 30 * 1000 * 1000);
	CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_sec > 1700000000);
	CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1700000000);
	CHECK(syscall(SYS_clock_gettime, 12345, &a) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8) == -1 &&
	      errno == EFAULT);
	req.tv_nsec = 1000000000;
	CHECK(nanosleep(&req, NULL) == -1 && errno == EINVAL);
	CHECK(clock_getres(CLOCK_MONOTONIC, &a) == 0 && a.tv_sec == 0);
	/* An absolute sleep to a time in the past returns at once. */
	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &a, NULL) == 0);
}

static void test_alarm(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur;

	signal(SIGALRM, on_alarm);
	CHECK(alarm(5) == 0);
	CHECK(alarm(0) >= 4);	/* the old one's remaining seconds */
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	while (alarms < 3)
		pause();
	CHECK(getitimer(ITIMER_REAL, &cur) == 0 && cur.it_interval.tv_usec == 20000);
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	it.it_value.tv_usec = 1000000;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);
}

static void test_ids(void)
{
	uid_t r, e, s;

	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0);
	CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && s == 0);
	CHECK(getgroups(0, NULL) >= 0);
	CHECK(getgroups(-1, NULL) == -1 && errno == EINVAL);
}

static void test_sessions(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pid_t me = getpid();

		if (setsid() != me || getsid(0) != me || getpgrp() != me)
			_exit(1);
		if (setsid() != -1 || errno != EPERM)	/* already a leader */
			_exit(2);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK(setpgid(pid, pid) == 0 || errno == EACCES);
	CHECK(getpgid(pid) == pid);
	CHECK(setpgid(-1, 0) == -1 && errno == EINVAL);
	CHECK(getpgid(999999) == -1 && errno == ESRCH);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid);
}

static void test_resources(void)
{
	struct rlimit rl;
	struct sysinfo si;
	unsigned char buf[64];
	char name[16];

	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= 256);
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur >= 1 << 20);
	CHECK(getrlimit(1000, &rl) == -1 && errno == EINVAL);
	rl.rlim_cur = rl.rlim_max + 1;
	if (rl.rlim_max != RLIM_INFINITY)
		CHECK(setrlimit(RLIMIT_STACK, &rl) == -1 && errno == EINVAL);
	CHECK(sysinfo(&si) == 0 && si.totalram > 0 && si.freeram <= si.totalram);
	memset(buf, 0, sizeof(buf));
	CHECK(getrandom(buf, sizeof(buf), 0) == sizeof(buf));
	int nonzero = 0;
	for (unsigned i = 0; i < sizeof(buf); i++)
		nonzero += buf[i] != 0;
	CHECK(nonzero > 32);
	CHECK(getrandom(buf, 8, 0x100) == -1 && errno == EINVAL);
	CHECK(prctl(PR_SET_NAME, "umka-test") == 0);
	CHECK(prctl(PR_GET_NAME, name) == 0 && strcmp(name, "umka-test") == 0);
}

static void test_affinity(void)
{
	cpu_set_t set;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0);
	CHECK(CPU_COUNT(&set) == n);
	for (int cpu = n - 1; cpu >= 0; cpu--) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
		CHECK(sched_getcpu() == cpu);	/* we moved there */
	}
	/* Pinned to CPU 0 now: a child inherits the mask and runs there. */
	pid_t pid = fork();
	if (pid == 0) {
		cpu_set_t c;

		if (sched_getaffinity(0, sizeof(c), &c) || CPU_COUNT(&c) != 1 ||
		    sched_getcpu() != 0)
			_exit(1);
		_exit(0);
	}
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CPU_ZERO(&set);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == -1 && errno == EINVAL);
}

struct cap_hdr {
	unsigned int version;
	int pid;
};

struct cap_set {
	unsigned int effective, permitted, inheritable;
};

/*
 * capget/capset: root holds capabilities, others none; the header's
 * version is checked and corrected.  (Whether root holds all of them
 * depends on where it runs: a container's root may not.)
 */
static void test_capabilities(void)
{
	struct cap_hdr h = { 0x20080522, 0 };
	struct cap_set d[2], d2[2];
	int status;
	pid_t pid;

	CHECK(syscall(SYS_capget, &h, d) == 0);
	CHECK(d[0].effective && d[0].effective == d[0].permitted);
	CHECK(syscall(SYS_capget, &h, NULL) == 0);	/* a probe */
	CHECK(syscall(SYS_capset, &h, d) == 0);		/* no change */
	CHECK(syscall(SYS_capget, &h, d2) == 0 && !memcmp(d, d2, sizeof(d)));
	h.version = 0x12345678;
	CHECK(syscall(SYS_capget, &h, d) == -1 && errno == EINVAL &&
	      h.version == 0x20080522);
	h.pid = 999999;
	CHECK(syscall(SYS_capget, &h, d) == -1 && errno == ESRCH);
	h.pid = -1;
	CHECK(syscall(SYS_capget, &h, d) == -1 && errno == EINVAL);
	h.pid = getppid();
	CHECK(syscall(SYS_capset, &h, d2) == -1 && errno == EPERM);
	h.pid = 0;
	CHECK(syscall(SYS_capget, &h, (void *)8) == -1 && errno == EFAULT);
	/* Every uid non-zero: no capabilities left. */
	pid = fork();
	if (pid == 0) {
		struct cap_set c[2];

		if (setresuid(1000, 1000, 1000) || syscall(SYS_capget, &h, c))
			_exit(1);
		_exit(c[0].effective || c[0].permitted || c[1].permitted ? 2 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
}

/* personality: Linux's own, with ADDR_NO_RANDOMIZE, kept across fork. */
static void test_personality(void)
{
	int status;
	pid_t pid;

	CHECK(syscall(SYS_personality, 0xffffffffUL) == 0);
	CHECK(syscall(SYS_personality, 0x0040000UL) == 0);
	CHECK(syscall(SYS_personality, 0xffffffffUL) == 0x0040000);
	pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_personality, 0xffffffffUL) == 0x0040000 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	CHECK(syscall(SYS_personality, 0UL) == 0x0040000);
	CHECK(syscall(SYS_personality, 0xffffffffUL) == 0);
}

/* ioprio: a class and level per task, checked, kept, inherited. */
static void test_ioprio(void)
{
	int idle = 3 << 13, be7 = (2 << 13) | 7, status;
	pid_t pid;

	CHECK(syscall(SYS_ioprio_set, 1, 0, idle) == 0);
	CHECK(syscall(SYS_ioprio_get, 1, 0) == idle);
	CHECK(syscall(SYS_ioprio_set, 1, getpid(), be7) == 0);
	CHECK(syscall(SYS_ioprio_get, 1, getpid()) == be7);
	pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_ioprio_get, 1, 0) == be7 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	CHECK(syscall(SYS_ioprio_set, 1, 0, 5 << 13) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_ioprio_set, 0, 0, be7) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_ioprio_get, 9, 0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_ioprio_get, 1, 999999) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_ioprio_set, 1, 0, 0) == 0 &&
	      syscall(SYS_ioprio_get, 1, 0) == 0);
}

int main(void)
{
	test_clocks();
	test_alarm();
	test_ids();
	test_sessions();
	test_resources();
	test_affinity();
	test_capabilities();
	test_personality();
	test_ioprio();
	return 0;
}
