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
 *
 * Before the programs it loads the disk's drivers listed in
 * /bench/modules/<kernel>.list (UmkaOS's KABI driver, or Debian's
 * modules on Linux) with finit_module, timing each, and waits for the
 * disk to appear.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Seconds a benchmark program may run before SIGALRM ends it. */
#define DEFAULT_PROG_TIMEOUT 180
/* Seconds the disk may take to appear once its driver is loaded. */
#define DISK_TIMEOUT 10
#define SYSLOG_ACTION_READ_ALL 3

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

static unsigned long long now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 0;
	return (unsigned long long)ts.tv_sec * 1000000000ull +
	       (unsigned long long)ts.tv_nsec;
}

/* A figure of /init's in the benchmarks' line format, in microseconds. */
static void report_us(const char *name, unsigned long long ns)
{
	unsigned long long us = ns / 1000;

	printf("BENCH name=%s unit=us median=%llu p10=%llu p90=%llu "
	       "spread=0.0%% reps=1 iters=1\n",
	       name, us, us, us);
}

static const char *const disk_rows[] = {
	"blk_driver_load", "blk_drivers_load", "blk_dev_ready",
};

static void disk_rows_error(int from, const char *text)
{
	for (int i = from; i < 3; i++)
		printf("BENCH name=%s error=%s\n", disk_rows[i], text);
}

/* Which module list is ours: UmkaOS says so in its version string. */
static const char *kernel_tag(void)
{
	struct utsname u;

	if (!uname(&u) && strstr(u.version, "UmkaOS"))
		return "umka";
	return "linux";
}

/*
 * The kernel log lines about loading drivers: UmkaOS times each KABI
 * load itself ("kabi: loaded ... in N us"), and "quiet" keeps that off
 * the console.
 */
static void report_klog(void)
{
	static char log[65536];
	int n = klogctl(SYSLOG_ACTION_READ_ALL, log, sizeof(log) - 1);
	char *line, *save;

	if (n < 0) {
		note("klogctl READ_ALL", errno);
		return;
	}
	log[n] = 0;
	for (line = strtok_r(log, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "kabi: loaded") || strstr(line, "virtio_blk"))
			printf("BENCH-KLOG %s\n", line);
}

/* Waits for the disk's node to open; returns 0 or an errno. */
static int wait_disk(const char *dev, unsigned long long since)
{
	struct timespec ms = {0, 1000000};
	int fd, err;

	for (;;) {
		fd = open(dev, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		err = errno;
		if (now_ns() - since > DISK_TIMEOUT * 1000000000ull)
			return err;
		nanosleep(&ms, NULL);
	}
}

/* finit_module of one file, timed from *t0 to *t1; returns 0 or an errno. */
static int load_module(const char *path, unsigned long long *t0,
		       unsigned long long *t1)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret, err;

	if (fd < 0)
		return errno;
	*t0 = now_ns();
	ret = (int)syscall(SYS_finit_module, fd, "", 0);
	err = errno;
	*t1 = now_ns();
	close(fd);
	/* Already there (built in, or loaded by the kernel itself). */
	return ret && err != EEXIST ? err : 0;
}

/*
 * Loads the disk's drivers, in the list's order (dependencies first, the
 * disk driver last), and reports: blk_driver_load, the disk driver's
 * finit_module; blk_drivers_load, from the first finit_module to the end
 * of the last; blk_dev_ready, from the start of the disk driver's
 * finit_module to the disk's node opening.
 */
static void load_disk_drivers(void)
{
	const char *tag = kernel_tag();
	const char *dev = getenv("BENCH_BLKDEV");
	unsigned long long first = 0, t0 = 0, t1 = 0;
	char list[64], path[256], line[128], text[300];
	int err, n = 0;
	FILE *f;

	snprintf(list, sizeof(list), "/bench/modules/%s.list", tag);
	f = fopen(list, "r");
	if (!f) {
		snprintf(text, sizeof(text), "open %s: %s", list,
			 strerror(errno));
		disk_rows_error(0, text);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		snprintf(path, sizeof(path), "/bench/modules/%s/%s", tag, line);
		err = load_module(path, &t0, &t1);
		if (!n++)
			first = t0;
		if (err) {
			printf("BENCH-MODULE %s error=%s\n", line,
			       strerror(err));
			snprintf(text, sizeof(text), "loading %s: %s", line,
				 strerror(err));
			disk_rows_error(0, text);
			fclose(f);
			report_klog();
			return;
		}
		printf("BENCH-MODULE %s us=%llu\n", line, (t1 - t0) / 1000);
	}
	fclose(f);
	if (!n) {
		disk_rows_error(0, "empty module list");
		return;
	}
	report_us(disk_rows[0], t1 - t0);
	report_us(disk_rows[1], t1 - first);
	if (!dev || !*dev)
		dev = "/dev/vda";
	err = wait_disk(dev, t0);
	if (err) {
		snprintf(text, sizeof(text), "no %s %d s after the driver: %s",
			 dev, DISK_TIMEOUT, strerror(err));
		disk_rows_error(2, text);
	} else {
		report_us(disk_rows[2], now_ns() - t0);
	}
	report_klog();
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
	load_disk_drivers();

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
