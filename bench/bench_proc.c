// SPDX-License-Identifier: MIT
/*
 * Process creation: fork of a child that exits at once; vfork and fork
 * of a child that execs a small static program (BENCH_NOP, /bin/nop in
 * the initramfs) which exits at once.  Each operation ends when the
 * parent has reaped the child.
 */
#include "bench.h"

#include <fcntl.h>
#include <sys/wait.h>

static char *nop_path;
static char *nop_argv[2];
static char *nop_envp[1];

static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return bench_fail("waitpid");
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char what[64];

		if (WIFSIGNALED(status))
			snprintf(what, sizeof(what),
				 "child killed by signal %d", WTERMSIG(status));
		else
			snprintf(what, sizeof(what),
				 "child exited with status %d",
				 WEXITSTATUS(status));
		return bench_fail_msg(what);
	}
	return 0;
}

static int op_fork(void *arg, long iters)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0)
			return bench_fail("fork");
		if (reap(pid))
			return -1;
	}
	return 0;
}

/* The vfork child shares our memory until it execs: it leaves execve's
 * errno here when the exec fails. */
static volatile int vfork_errno;

/* The child runs in this frame until it execs or exits and never
 * returns from it, so the caller's variables are safe. */
static __attribute__((noinline)) pid_t vfork_exec(void)
{
	pid_t pid = vfork();

	if (pid == 0) {
		execve(nop_path, nop_argv, nop_envp);
		vfork_errno = errno;
		_exit(127);
	}
	return pid;
}

static int op_vfork_exec(void *arg, long iters)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		pid_t pid;

		vfork_errno = 0;
		pid = vfork_exec();
		if (pid < 0)
			return bench_fail("vfork");
		if (vfork_errno) {
			waitpid(pid, NULL, 0);
			return bench_fail_errno("execve", vfork_errno);
		}
		if (reap(pid))
			return -1;
	}
	return 0;
}

static int op_fork_exec(void *arg, long iters)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execve(nop_path, nop_argv, nop_envp);
			_exit(127);
		}
		if (pid < 0)
			return bench_fail("fork");
		if (reap(pid))
			return -1;
	}
	return 0;
}

/* Before timing an exec, make sure it works, and if not say why: the
 * child sends execve's errno back through a close-on-exec pipe. */
static int check_exec(void)
{
	int p[2], err = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return bench_fail("pipe2");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(nop_path, nop_argv, nop_envp);
		err = errno;
		if (write(p[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return bench_fail("fork");
	}
	if (read(p[0], &err, sizeof(err)) == sizeof(err)) {
		close(p[0]);
		waitpid(pid, NULL, 0);
		char what[300];

		snprintf(what, sizeof(what), "execve %s", nop_path);
		return bench_fail_errno(what, err);
	}
	close(p[0]);
	return reap(pid);
}

static void b_fork(const char *name)
{
	bench_ops(name, op_fork, NULL, 1);
}

static void b_exec(const char *name, bench_op_fn op)
{
	nop_path = (char *)bench_env("BENCH_NOP", "/bin/nop");
	nop_argv[0] = nop_path;
	if (check_exec()) {
		bench_report_error(name);
		return;
	}
	bench_ops(name, op, NULL, 1);
}

static void b_vfork_exec(const char *name)
{
	b_exec(name, op_vfork_exec);
}

static void b_fork_exec(const char *name)
{
	b_exec(name, op_fork_exec);
}

static const struct bench_case cases[] = {
	{"fork_exit_wait", "ns/op", b_fork},
	{"vfork_exec_wait", "ns/op", b_vfork_exec},
	{"fork_exec_wait", "ns/op", b_fork_exec},
};

BENCH_MAIN(cases)
