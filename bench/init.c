// SPDX-License-Identifier: MIT
/*
 * /init of the benchmark initramfs (layout in docs/performance.md).
 *
 * Prints "BENCH-INIT-START <CLOCK_MONOTONIC ns>" first, mounts /proc,
 * /dev (devtmpfs) and /tmp (tmpfs), reports MemFree and MemTotal from
 * /proc/meminfo, names the clocksource if sysfs can say (best effort,
 * silent), runs every program named in /bench/list in turn, then
 * prints "BENCH-DONE <CLOCK_MONOTONIC ns>" and powers the machine off. Anything
 * that fails is reported on a "BENCH-INIT" line and the run goes on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Seconds a benchmark program may run before SIGALRM ends it. */
#define DEFAULT_PROG_TIMEOUT 180

static void note(const char *what, int err)
{
	printf("BENCH-INIT %s: %s\n", what, strerror(err));
}

/* When the kernel gave us no console on fds 0-2, open it ourselves. */
static void open_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static void do_mount(const char *src, const char *dir, const char *type)
{
	char what[96];

	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(what, sizeof(what), "mkdir %s", dir);
		note(what, errno);
	}
	if (mount(src, dir, type, 0, NULL)) {
		snprintf(what, sizeof(what), "mount %s on %s", type, dir);
		note(what, errno);
	}
}

/* The clock the benchmarks' clock_gettime reads, where sysfs says. */
static void report_clocksource(void)
{
	char cs[64];
	FILE *f;

	if (mkdir("/sys", 0755) && errno != EEXIST)
		return;
	if (mount("sysfs", "/sys", "sysfs", 0, NULL))
		return;
	f = fopen("/sys/devices/system/clocksource/clocksource0/"
		  "current_clocksource",
		  "r");
	if (f) {
		if (fgets(cs, sizeof(cs), f)) {
			cs[strcspn(cs, "\n")] = 0;
			printf("BENCH-INIT clocksource %s\n", cs);
		}
		fclose(f);
	}
	umount("/sys");
}

/* MemFree and MemTotal, in the benchmarks' line format. */
static void report_meminfo(void)
{
	static const char *const keys[][2] = {
		{"MemFree:", "boot_memfree"},
		{"MemTotal:", "boot_memtotal"},
	};
	char line[128];
	int found[2] = {0, 0};
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f) {
		int err = errno;

		for (int k = 0; k < 2; k++)
			printf("BENCH name=%s error=open /proc/meminfo: %s\n",
			       keys[k][1], strerror(err));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		for (int k = 0; k < 2; k++) {
			size_t n = strlen(keys[k][0]);
			unsigned long kib;

			if (strncmp(line, keys[k][0], n) ||
			    sscanf(line + n, "%lu", &kib) != 1)
				continue;
			printf("BENCH name=%s unit=KiB median=%lu p10=%lu "
			       "p90=%lu spread=0.0%% reps=1 iters=1\n",
			       keys[k][1], kib, kib, kib);
			found[k] = 1;
		}
	}
	fclose(f);
	for (int k = 0; k < 2; k++)
		if (!found[k])
			printf("BENCH name=%s error=no %s line in "
			       "/proc/meminfo\n",
			       keys[k][1], keys[k][0]);
}

static void run_program(const char *name, int timeout)
{
	char path[160], what[200];
	char *argv[2];
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "/bench/%s", name);
	argv[0] = path;
	argv[1] = NULL;
	printf("BENCH-RUN %s\n", name);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* The alarm survives exec: a program that hangs is
		 * killed and the others still run. */
		alarm(timeout);
		execv(path, argv);
		printf("BENCH-INIT execve %s: %s\n", path, strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	if (pid < 0) {
		snprintf(what, sizeof(what), "fork for %s", name);
		note(what, errno);
		return;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(what, sizeof(what), "waitpid for %s", name);
			note(what, errno);
			return;
		}
	}
	if (WIFSIGNALED(status))
		printf("BENCH-INIT %s killed by signal %d%s\n", name,
		       WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
	else if (WEXITSTATUS(status))
		printf("BENCH-INIT %s exited with status %d\n", name,
		       WEXITSTATUS(status));
}

static void run_list(int timeout)
{
	char line[128];
	FILE *f = fopen("/bench/list", "r");

	if (!f) {
		note("open /bench/list", errno);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (line[0] && line[0] != '#')
			run_program(line, timeout);
	}
	fclose(f);
}

int main(void)
{
	struct timespec ts;
	int clock_ok = !clock_gettime(CLOCK_MONOTONIC, &ts);
	int clock_err = errno;
	int have_console = fcntl(1, F_GETFD) >= 0;
	struct utsname u;
	const char *t;
	int timeout;

	if (!have_console) {
		/* Nowhere to print yet: make /dev first. */
		mkdir("/dev", 0755);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		open_console();
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (clock_ok)
		printf("BENCH-INIT-START %llu\n",
		       (unsigned long long)ts.tv_sec * 1000000000ull +
			       (unsigned long long)ts.tv_nsec);
	else
		printf("BENCH-INIT-START error=clock_gettime: %s\n",
		       strerror(clock_err));
	if (!uname(&u))
		printf("BENCH-INIT kernel %s %s %s\n", u.sysname, u.release,
		       u.version);
	do_mount("proc", "/proc", "proc");
	if (have_console)
		do_mount("devtmpfs", "/dev", "devtmpfs");
	do_mount("tmpfs", "/tmp", "tmpfs");
	report_meminfo();
	report_clocksource();

	setenv("BENCH_NOP", "/bin/nop", 0);
	setenv("BENCH_TMPDIR", "/tmp", 0);
	t = getenv("BENCH_PROG_TIMEOUT");
	timeout = t ? atoi(t) : 0;
	run_list(timeout > 0 ? timeout : DEFAULT_PROG_TIMEOUT);

	/* The end time too, so that the harness can compare the guest's
	 * clock with the host's over the whole run. */
	if (!clock_gettime(CLOCK_MONOTONIC, &ts))
		printf("BENCH-DONE %llu\n",
		       (unsigned long long)ts.tv_sec * 1000000000ull +
			       (unsigned long long)ts.tv_nsec);
	else
		printf("BENCH-DONE\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	note("reboot(RB_POWER_OFF)", errno);
	fflush(stdout);
	for (;;)
		pause();
}
