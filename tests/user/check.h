/*
 * The check harness shared by the programs in tests/user/.  Each runs
 * unchanged on Linux (the oracle) and on UmkaOS.  CHECK(cond) counts; the
 * first failing check ends the program with exit status N (its number,
 * 255 at most) after printing where it is and errno.  When the main
 * process exits normally it prints how many checks it ran.  Output goes
 * to stderr/stdout when they were open at start, else to /dev/kmsg (the
 * kernel self-tests start programs with no file descriptors).
 */
#ifndef UMKA_TEST_CHECK_H
#define UMKA_TEST_CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_no;
static pid_t check_main_pid;
static int check_fd_open[3];	/* stdin..stderr were open at start */

static void check_say(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check_say(int fd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n, kmsg = -1, saved = errno;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		goto out;
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (!check_fd_open[fd]) {
		kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
		fd = kmsg;
	}
	if (fd >= 0 && write(fd, buf, n) < 0)
		n = -1;
	if (kmsg >= 0)
		close(kmsg);
out:
	errno = saved;
}

static void check_failed(const char *file, int line, const char *what)
{
	int e = errno;

	check_say(2, "%s: check %d failed at %s:%d: %s (errno %d %s)\n",
		  program_invocation_short_name, check_no, file, line, what, e,
		  strerror(e));
	_exit(check_no > 255 ? 255 : check_no);
}

#define CHECK(cond)                                                         \
	do {                                                                \
		check_no++;                                                 \
		if (!(cond))                                                \
			check_failed(__FILE__, __LINE__, #cond);            \
	} while (0)

/* A call that must fail with errno @e (the return value is -1). */
#define CHECK_ERR(call, e) CHECK((call) == -1 && errno == (e))

static void check_summary(void)
{
	if (getpid() == check_main_pid)
		check_say(1, "%s: %d checks passed\n",
			  program_invocation_short_name, check_no);
}

__attribute__((constructor)) static void check_init(void)
{
	check_main_pid = getpid();
	for (int fd = 0; fd < 3; fd++)
		check_fd_open[fd] = fcntl(fd, F_GETFD) >= 0;
	atexit(check_summary);
}

#endif
