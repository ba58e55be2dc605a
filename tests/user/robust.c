// SPDX-License-Identifier: MIT
/*
 * Robustness checks, one per argument; they behave the same on Linux.
 *
 *   robust nproc        fork bomb under RLIMIT_NPROC (needs root: it
 *                       drops to uid 1000 in a child)
 *   robust oom [kill]   touch more memory than exists; with "kill" the
 *                       child must die of SIGKILL (the OOM killer),
 *                       without it an ENOMEM from mmap also passes
 *   robust pipe         SIGPIPE and EPIPE for a pipe with no reader
 *   robust loop PATH N  N rounds of fork, execve(PATH, "exit"), wait
 *   robust exit         exit 0 at once (the exec target of "loop")
 *
 * Exit status 0 is success; otherwise it names the failing check.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>

#define CHECK(n, cond)                                                     \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "robust: check %d failed: %s\n",  \
				n, #cond);                                 \
			return n;                                          \
		}                                                          \
	} while (0)

#define NPROC_LIMIT 50

/*
 * Each process forks until the limit refuses, then reaps its children.
 * Exit 0 when EAGAIN was seen and every child did the same.
 */
static int bomb(void)
{
	int bad = 0, status;
	pid_t pid;

	for (;;) {
		pid = fork();
		if (pid == 0)
			_exit(bomb());
		if (pid < 0)
			break;
	}
	if (errno != EAGAIN)
		bad = 1;
	while ((pid = wait(&status)) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	if (errno != ECHILD)
		bad = 1;
	return bad;
}

static int test_nproc(void)
{
	struct rlimit old, rl;
	int status;
	pid_t pid;

	CHECK(1, getrlimit(RLIMIT_NPROC, &old) == 0);
	pid = fork();
	CHECK(2, pid >= 0);
	if (pid == 0) {
		/* Root is exempt: become an ordinary user first. */
		rl.rlim_cur = NPROC_LIMIT;
		rl.rlim_max = old.rlim_max;
		if (setrlimit(RLIMIT_NPROC, &rl) || setuid(1000))
			_exit(10);
		status = bomb();
		/* The limits may be system-wide: put the soft one back. */
		setrlimit(RLIMIT_NPROC, &old);
		_exit(status ? 11 : 0);
	}
	CHECK(3, waitpid(pid, &status, 0) == pid);
	CHECK(4, WIFEXITED(status));
	CHECK(5, WEXITSTATUS(status) == 0);
	/* Everything was reaped, and root can still fork. */
	CHECK(6, wait(&status) == -1 && errno == ECHILD);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(7, pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(8, WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return 0;
}

static int overcommit_always(void)
{
	FILE *f = fopen("/proc/sys/vm/overcommit_memory", "r");
	int mode = 0;

	if (f) {
		if (fscanf(f, "%d", &mode) != 1)
			mode = 0;
		fclose(f);
	}
	return mode == 1;
}

#define CHUNK (16UL << 20)

/* Touch up to twice the RAM there is, 16 MiB at a time. */
static int hog(unsigned long ram)
{
	for (unsigned long done = 0; done < 2 * ram; done += CHUNK) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return errno == ENOMEM ? 3 : 4;
		for (unsigned long i = 0; i < CHUNK; i += 4096)
			p[i] = 1;
	}
	return 5;	/* more than all of RAM fitted: impossible */
}

static int test_oom(int must_kill)
{
	struct sysinfo si;
	unsigned long ram;
	long brk0;
	int status;
	pid_t pid;
	void *p;

	CHECK(1, sysinfo(&si) == 0);
	ram = (unsigned long)si.totalram * si.mem_unit;
	/* One request for more than all of RAM is refused outright. */
	if (!overcommit_always()) {
		p = mmap(NULL, 4 * ram, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(2, p == MAP_FAILED && errno == ENOMEM);
		/* brk answers a refusal with the old break. */
		brk0 = syscall(SYS_brk, 0);
		CHECK(3, syscall(SYS_brk, brk0 + 4 * ram) == brk0);
	}
	pid = fork();
	CHECK(4, pid >= 0);
	if (pid == 0)
		_exit(hog(ram));
	CHECK(5, waitpid(pid, &status, 0) == pid);
	if (must_kill)
		CHECK(6, WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	else
		CHECK(7, (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
				 (WIFEXITED(status) && WEXITSTATUS(status) == 3));
	/* We survived, and memory is usable again. */
	p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(8, p != MAP_FAILED);
	memset(p, 1, CHUNK);
	CHECK(9, munmap(p, CHUNK) == 0);
	return 0;
}

static int test_pipe(void)
{
	int fd[2], status;
	pid_t pid;

	/* Default action: the writer dies of SIGPIPE. */
	CHECK(1, pipe(fd) == 0);
	CHECK(2, close(fd[0]) == 0);
	pid = fork();
	CHECK(3, pid >= 0);
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		(void)!write(fd[1], "x", 1);
		_exit(0);
	}
	CHECK(4, waitpid(pid, &status, 0) == pid);
	CHECK(5, WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	CHECK(6, close(fd[1]) == 0);

	/* The reader is a process that died; SIGPIPE ignored: EPIPE. */
	CHECK(7, pipe(fd) == 0);
	pid = fork();
	CHECK(8, pid >= 0);
	if (pid == 0)
		_exit(0);	/* the child's copy of the read end goes */
	CHECK(9, close(fd[0]) == 0);
	CHECK(10, waitpid(pid, &status, 0) == pid);
	CHECK(11, signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	errno = 0;
	CHECK(12, write(fd[1], "x", 1) == -1 && errno == EPIPE);
	CHECK(13, close(fd[1]) == 0);
	signal(SIGPIPE, SIG_DFL);
	return 0;
}

static int test_loop(const char *path, int n)
{
	char *const argv[] = { "robust", "exit", NULL };
	char *const envp[] = { NULL };
	int status;

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		CHECK(1, pid >= 0);
		if (pid == 0) {
			execve(path, argv, envp);
			_exit(127);
		}
		CHECK(2, waitpid(pid, &status, 0) == pid);
		CHECK(3, WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 100;
	if (!strcmp(argv[1], "exit"))
		return 0;
	if (!strcmp(argv[1], "nproc"))
		return test_nproc();
	if (!strcmp(argv[1], "oom"))
		return test_oom(argc > 2 && !strcmp(argv[2], "kill"));
	if (!strcmp(argv[1], "pipe"))
		return test_pipe();
	if (!strcmp(argv[1], "loop") && argc > 3)
		return test_loop(argv[2], atoi(argv[3]));
	return 100;
}
