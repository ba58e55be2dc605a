/*
 * Processes: fork, vfork, execve/execveat (ELF, #! scripts, errors and
 * limits), exit statuses, wait4 and waitid, kill, process groups, ids
 * and credentials, umask, and resource limits (per process, inherited).
 * The programs exec'd are tiny ELF files written by this test.  Run on
 * Linux it exits 0 as well.
 */
#include "check.h"
#include <poll.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#define BADP ((void *)8)

static char top[64];
static char path_argc[128], path_fd3[128];
static char *no_env[] = { NULL };

static long sys(long nr, long a, long b, long c, long d, long e)
{
	return syscall(nr, a, b, c, d, e);
}

/* A static ELF executable whose whole text is @code, loaded at 4 MiB. */
static int write_elf(const char *path, const unsigned char *code, size_t n)
{
	unsigned char img[256] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	uint64_t base = 0x400000, entry = base + 120, size = 120 + n;
	uint16_t h16[] = { 2, 62 };
	uint32_t version = 1;
	int fd;

	memcpy(img + 16, h16, 4);		/* ET_EXEC, EM_X86_64 */
	memcpy(img + 20, &version, 4);
	memcpy(img + 24, &entry, 8);
	img[32] = 64;				/* e_phoff */
	img[52] = 64;				/* e_ehsize */
	img[54] = 56;				/* e_phentsize */
	img[56] = 1;				/* e_phnum */
	/* One PT_LOAD, R+X, the whole file. */
	uint32_t ptype = 1, pflags = 5;
	uint64_t zero = 0, align = 0x1000;
	memcpy(img + 64, &ptype, 4);
	memcpy(img + 68, &pflags, 4);
	memcpy(img + 72, &zero, 8);
	memcpy(img + 80, &base, 8);
	memcpy(img + 88, &base, 8);
	memcpy(img + 96, &size, 8);
	memcpy(img + 104, &size, 8);
	memcpy(img + 112, &align, 8);
	memcpy(img + 120, code, n);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0)
		return -1;
	if (write(fd, img, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int put(const char *name, const char *data, mode_t mode)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ssize_t n = fd < 0 ? -1 : write(fd, data, strlen(data));

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(data) ? 0 : -1;
}

/* Fork, exec in the child; the wait status, or -errno of the exec. */
static int spawn(const char *path, void *argv, void *envp)
{
	int p[2], err = 0, status;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1000;
	pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		err = errno;
		write(p[1], &err, sizeof(err));
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1001;
	return err ? -err : status;
}

static void test_exec(void)
{
	/* exit(argc) */
	static const unsigned char argc_code[] = {
		0x48, 0x8b, 0x3c, 0x24,		/* mov (%rsp),%rdi */
		0xb8, 0x3c, 0, 0, 0,		/* mov $60,%eax */
		0x0f, 0x05,			/* syscall */
	};
	/* exit(fcntl(3, F_GETFD)) */
	static const unsigned char fd3_code[] = {
		0xbf, 3, 0, 0, 0, 0xbe, 1, 0, 0, 0,	/* edi = 3, esi = 1 */
		0xb8, 72, 0, 0, 0, 0x0f, 0x05,		/* fcntl */
		0x89, 0xc7, 0xb8, 60, 0, 0, 0, 0x0f, 0x05,	/* exit */
	};
	char *argv3[] = { "a", "b", "c", NULL };
	char *argv1[] = { "x", NULL };
	char script[300];
	int status, fd;

	snprintf(path_argc, sizeof(path_argc), "%s/argc", top);
	snprintf(path_fd3, sizeof(path_fd3), "%s/fd3", top);
	CHECK(write_elf(path_argc, argc_code, sizeof(argc_code)) == 0);
	CHECK(write_elf(path_fd3, fd3_code, sizeof(fd3_code)) == 0);
	status = spawn(path_argc, argv3, no_env);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	/* No argv at all: Linux passes one empty string. */
	status = spawn(path_argc, NULL, NULL);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) <= 1);

	/* Errors. */
	CHECK(spawn("missing", argv1, no_env) == -ENOENT);
	CHECK(spawn("", argv1, no_env) == -ENOENT);
	CHECK(spawn(top, argv1, no_env) == -EACCES);		/* a directory */
	CHECK(put("noexec", "data", 0644) == 0);
	CHECK(spawn("noexec", argv1, no_env) == -EACCES);
	CHECK(put("junk", "\177ELF this is not an executable at all", 0755) == 0);
	CHECK(spawn("junk", argv1, no_env) == -ENOEXEC);
	CHECK(put("empty", "", 0755) == 0);
	CHECK(spawn("empty", argv1, no_env) == -ENOEXEC);
	CHECK(spawn("noexec/x", argv1, no_env) == -ENOTDIR);
	CHECK(spawn(BADP, argv1, no_env) == -EFAULT);
	CHECK(spawn(path_argc, BADP, no_env) == -EFAULT);
	char *bad_argv[] = { "x", BADP, NULL };
	CHECK(spawn(path_argc, bad_argv, no_env) == -EFAULT);
	CHECK(spawn(path_argc, argv1, BADP) == -EFAULT);
	/* One string longer than MAX_ARG_STRLEN (32 pages). */
	static char huge[32 * 4096 + 1];
	memset(huge, 'h', sizeof(huge) - 1);
	char *huge_argv[] = { "x", huge, NULL };
	CHECK(spawn(path_argc, huge_argv, no_env) == -E2BIG);
	huge[sizeof(huge) - 2] = '\0';			/* now it fits */
	status = spawn(path_argc, huge_argv, no_env);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	/* Many strings, more than a quarter of the 8 MiB stack limit. */
	static char *many[40000];
	for (int i = 0; i < 39999; i++)
		many[i] = huge + sizeof(huge) - 80;	/* 78 bytes each */
	CHECK(spawn(path_argc, many, no_env) == -E2BIG);

	/* #! scripts: the interpreter gets its argument and the script. */
	snprintf(script, sizeof(script), "#!%s one\n", path_argc);
	CHECK(put("script", script, 0755) == 0);
	char *sargv[] = { "script", "p", "q", NULL };
	status = spawn("script", sargv, no_env);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5);
	snprintf(script, sizeof(script), "#!  %s\t\n", path_argc);
	CHECK(put("script2", script, 0755) == 0);
	status = spawn("script2", sargv, no_env);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4);
	/* A script running a script. */
	snprintf(script, sizeof(script), "#!%s/script\n", top);
	CHECK(put("script3", script, 0755) == 0);
	status = spawn("script3", argv1, no_env);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4);
	CHECK(put("badinterp", "#!/no/such/interpreter\n", 0755) == 0);
	CHECK(spawn("badinterp", argv1, no_env) == -ENOENT);
	snprintf(script, sizeof(script), "#!%s/loop\n", top);
	CHECK(put("loop", script, 0755) == 0);
	CHECK(spawn("loop", argv1, no_env) == -ELOOP);
	CHECK(put("noninterp", "#!\n", 0755) == 0);
	CHECK(spawn("noninterp", argv1, no_env) == -ENOEXEC);

	/* execveat: by descriptor, and its flags. */
	CHECK((fd = open(path_argc, O_RDONLY)) >= 0);
	int high = fcntl(fd, F_DUPFD, 10);	/* well clear of fd 3 */
	CHECK(high >= 10 && close(fd) == 0);
	fd = high;
	pid_t pid = fork();
	if (pid == 0) {
		sys(SYS_execveat, fd, (long)"", (long)argv3, (long)no_env,
		    AT_EMPTY_PATH);
		_exit(100 + errno);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3);
	CHECK(sys(SYS_execveat, AT_FDCWD, (long)path_argc, (long)argv3,
		  (long)no_env, 0x1) == -1 && errno == EINVAL);
	CHECK(sys(SYS_execveat, fd, (long)"", (long)argv3, (long)no_env,
		  0) == -1 && errno == ENOENT);
	CHECK(sys(SYS_execveat, fd, (long)"x", (long)argv3, (long)no_env,
		  0) == -1 && errno == ENOTDIR);
	CHECK(sys(SYS_execveat, 999, (long)"x", (long)argv3, (long)no_env,
		  0) == -1 && errno == EBADF);

	/* Close-on-exec: fd 3 survives an exec unless marked. */
	CHECK(dup2(fd, 3) == 3);
	status = spawn(path_fd3, argv1, no_env);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(fcntl(3, F_SETFD, FD_CLOEXEC) == 0);
	status = spawn(path_fd3, argv1, no_env);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == (256 - EBADF));
	CHECK(close(3) == 0 && close(fd) == 0);
}

static void test_wait(void)
{
	siginfo_t si;
	int status;
	pid_t pid;

	CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
	CHECK(waitpid(-1, &status, 0) == -1 && errno == ECHILD);
	CHECK(waitpid(1, &status, 0) == -1 && errno == ECHILD);
	CHECK(waitpid(-1, &status, 0x4000) == -1 && errno == EINVAL);

	/* Exit codes are cut to 8 bits. */
	pid = fork();
	if (pid == 0)
		_exit(256 + 5);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 5);
	/* WNOHANG on a live child, and a status pointer that is bad. */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK(waitpid(pid, &status, WNOHANG) == 0);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(wait4(pid, BADP, 0, NULL) == -1 && errno == EFAULT);
	CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD);  /* reaped */

	/* Stopped, continued, killed. */
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) &&
	      WSTOPSIG(status) == SIGSTOP);
	CHECK(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0);	/* once */
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status));
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGTERM);

	/* A zombie still exists for kill(pid, 0) until reaped. */
	pid = fork();
	if (pid == 0)
		_exit(9);
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0);
	CHECK(si.si_pid == pid && si.si_signo == SIGCHLD &&
	      si.si_code == CLD_EXITED && si.si_status == 9 &&
	      si.si_uid == getuid());
	CHECK(kill(pid, 0) == 0);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == pid);
	CHECK(kill(pid, 0) == -1 && errno == ESRCH);

	/* waitid: killed, stopped, nothing yet, errors. */
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0 &&
	      si.si_signo == 0);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0 && si.si_code == CLD_STOPPED &&
	      si.si_status == SIGSTOP);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitid(P_PID, pid, &si, WCONTINUED) == 0 &&
	      si.si_code == CLD_CONTINUED && si.si_status == SIGCONT);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitid(P_PGID, 0, &si, WEXITED) == 0 && si.si_pid == pid &&
	      si.si_code == CLD_KILLED && si.si_status == SIGKILL);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == -1 && errno == ECHILD);
	CHECK(waitid(P_ALL, 0, &si, 0) == -1 && errno == EINVAL);
	CHECK(waitid(P_ALL, 0, &si, WEXITED | 0x4000) == -1 && errno == EINVAL);
	CHECK(waitid(7, 0, &si, WEXITED) == -1 && errno == EINVAL);
	CHECK(waitid(P_PID, 0, &si, WEXITED) == -1 && errno == EINVAL);

	/* vfork: the parent waits until the child is gone. */
	static volatile int touched;
	touched = 0;
	pid = vfork();
	if (pid == 0) {
		touched = 1;	/* the same memory, while the parent sleeps */
		_exit(7);
	}
	CHECK(touched == 1);
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 7);
}

static void test_kill_groups(void)
{
	int status;
	pid_t pid, me = getpid();

	CHECK(kill(me, 0) == 0);
	CHECK(kill(me, 65) == -1 && errno == EINVAL);
	CHECK(kill(me, -1) == -1 && errno == EINVAL);
	CHECK(kill(999999, 0) == -1 && errno == ESRCH);
	CHECK(kill(-999999, SIGTERM) == -1 && errno == ESRCH);
	CHECK(sys(SYS_tgkill, me, 999999, 0, 0, 0) == -1 && errno == ESRCH);
	CHECK(sys(SYS_tgkill, 0, me, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_tkill, -3, 0, 0, 0, 0) == -1 && errno == EINVAL);

	/* A process group of two children, killed at once. */
	pid_t a = fork();
	if (a == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	CHECK(setpgid(a, a) == 0 || errno == EACCES);
	pid_t b = fork();
	if (b == 0) {
		for (;;)
			pause();
	}
	CHECK(setpgid(b, a) == 0 && getpgid(b) == a);
	CHECK(setpgid(b, 999999) == -1 && errno == EPERM);
	CHECK(kill(-a, SIGUSR1) == 0);
	CHECK(waitpid(a, &status, 0) == a && WTERMSIG(status) == SIGUSR1);
	CHECK(waitpid(b, &status, 0) == b && WTERMSIG(status) == SIGUSR1);
	CHECK(getpgid(0) == getpgrp() && getsid(0) == getsid(getpid()));
	CHECK(getsid(999999) == -1 && errno == ESRCH);

	/* A non-root process may not signal root's. */
	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(1);
		if (kill(me, 0) != -1 || errno != EPERM)
			_exit(2);
		if (kill(getpid(), 0))
			_exit(3);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
}

static void test_ids(void)
{
	uid_t r, e, s;
	gid_t groups[4], g = 0;
	int status;

	CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 && s == 0);
	CHECK(getresgid(&r, &e, &s) == 0 && r == 0);
	CHECK(sys(SYS_getresuid, (long)BADP, (long)&e, (long)&s, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(setgroups(2, (gid_t[]){ 10, 20 }) == 0);
	CHECK(getgroups(0, NULL) == 2);
	CHECK(getgroups(4, groups) == 2 && groups[0] == 10 && groups[1] == 20);
	CHECK(getgroups(1, groups) == -1 && errno == EINVAL);
	CHECK(sys(SYS_getgroups, 2, (long)BADP, 0, 0, 0) == -1 && errno == EFAULT);
	CHECK(sys(SYS_setgroups, 65537, (long)groups, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(setgroups(0, NULL) == 0 && getgroups(0, NULL) == 0);

	pid_t pid = fork();
	if (pid == 0) {
		int n = 0;
		uid_t a, b, c;

#define T(cond) do { n++; if (!(cond)) _exit(n); } while (0)
		T(setresgid(100, 200, 300) == 0);
		T(getresgid(&a, &b, &c) == 0 && a == 100 && b == 200 && c == 300);
		T(getgid() == 100 && getegid() == 200);
		T(setresuid(1000, 1001, 1002) == 0);
		T(getuid() == 1000 && geteuid() == 1001);
		/* Unprivileged: only to one of the three ids. */
		T(setresuid(-1, 1002, -1) == 0 && geteuid() == 1002);
		T(setresuid(-1, 0, -1) == -1 && errno == EPERM);
		T(setuid(0) == -1 && errno == EPERM);
		T(setuid(1000) == 0 && geteuid() == 1000);
		T(setreuid(1001, -1) == -1 && errno == EPERM);
		T(setgroups(1, &g) == -1 && errno == EPERM);
		T(setgid(0) == -1 && errno == EPERM);
		T(sethostname("x", 1) == -1 && errno == EPERM);
		T(setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 10, 2000000 }) == -1 &&
		  errno == EPERM);
		T(open("/", O_RDONLY) >= 0);
		_exit(0);
#undef T
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	/* Root may set any ids, and setuid drops all three. */
	pid = fork();
	if (pid == 0) {
		uid_t a, b, c;

		if (setuid(500) || getresuid(&a, &b, &c) || a != 500 || b != 500 ||
		    c != 500)
			_exit(1);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);
	CHECK(getuid() == 0);

	mode_t old = umask(0777);
	CHECK(umask(old) == 0777);
	CHECK(umask(01777) == old && umask(old) == 0777);	/* 0777 kept */
}

static void test_rlimits(void)
{
	struct rlimit rl, orig;
	int status;

	CHECK(getrlimit(RLIMIT_NOFILE, &orig) == 0);
	CHECK(getrlimit(99, &rl) == -1 && errno == EINVAL);
	CHECK(sys(SYS_getrlimit, RLIMIT_NOFILE, (long)BADP, 0, 0, 0) == -1 &&
	      errno == EFAULT);
	rl.rlim_cur = 20;
	rl.rlim_max = 10;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL);
	CHECK(prlimit(999999, RLIMIT_NOFILE, NULL, &rl) == -1 && errno == ESRCH);
	CHECK(prlimit(0, RLIMIT_NOFILE, NULL, &rl) == 0 &&
	      rl.rlim_cur == orig.rlim_cur);

	/* Limits belong to one process; a child inherits them. */
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit l = { 8, 8 };
		int n = 0;

#define T(cond) do { n++; if (!(cond)) _exit(n); } while (0)
		int nul = open("/dev/null", O_RDONLY);

		T(nul >= 0 && nul < 7);
		T(setrlimit(RLIMIT_NOFILE, &l) == 0);
		T(dup2(nul, 7) == 7);
		T(dup2(nul, 8) == -1 && errno == EBADF);
		T(fcntl(nul, F_DUPFD, 8) == -1 && errno == EINVAL);
		int fds = 0;
		while (open("/dev/null", O_RDONLY) >= 0)
			fds++;
		T(errno == EMFILE && fds <= 8);
		l.rlim_cur = 6;		/* the soft limit moves freely below */
		T(setrlimit(RLIMIT_NOFILE, &l) == 0);
		T(getrlimit(RLIMIT_NOFILE, &l) == 0 && l.rlim_cur == 6 &&
		  l.rlim_max == 8);
		l.rlim_cur = 8;
		T(setrlimit(RLIMIT_NOFILE, &l) == 0);
		pid_t gc = fork();
		if (gc == 0) {
			struct rlimit m;

			_exit(getrlimit(RLIMIT_NOFILE, &m) == 0 && m.rlim_cur == 8 ?
			      0 : 1);
		}
		int st;
		T(waitpid(gc, &st, 0) == gc && WEXITSTATUS(st) == 0);
		_exit(0);
#undef T
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == orig.rlim_cur &&
	      rl.rlim_max == orig.rlim_max);

	/* prlimit on a child: read and set from outside. */
	int p[2];
	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {
		char c;
		struct rlimit m;

		close(p[1]);
		read(p[0], &c, 1);
		_exit(getrlimit(RLIMIT_CORE, &m) == 0 && m.rlim_cur == 4096 ? 0 : 1);
	}
	close(p[0]);
	struct rlimit nl = { 4096, RLIM_INFINITY }, ol;
	CHECK(prlimit(pid, RLIMIT_CORE, &nl, &ol) == 0);
	CHECK(prlimit(pid, RLIMIT_CORE, NULL, &ol) == 0 && ol.rlim_cur == 4096);
	CHECK(write(p[1], "g", 1) == 1 && close(p[1]) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 0);

	/* RLIMIT_FSIZE: SIGXFSZ, or EFBIG when that is ignored. */
	pid = fork();
	if (pid == 0) {
		struct rlimit l = { 100, 100 };
		char buf[200] = { 0 };
		int fd = open("big", O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0 || setrlimit(RLIMIT_FSIZE, &l))
			_exit(1);
		signal(SIGXFSZ, SIG_IGN);
		if (write(fd, buf, 150) != 100)	/* short, up to the limit */
			_exit(2);
		if (write(fd, buf, 1) != -1 || errno != EFBIG)
			_exit(3);
		if (ftruncate(fd, 1000) != -1 || errno != EFBIG)
			_exit(4);
		signal(SIGXFSZ, SIG_DFL);
		write(fd, buf, 1);
		_exit(5);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGXFSZ);
	struct stat st;
	CHECK(stat("big", &st) == 0 && st.st_size == 100 && unlink("big") == 0);

	/* RLIMIT_AS and RLIMIT_DATA bound mappings and the heap. */
	pid = fork();
	if (pid == 0) {
		struct rlimit l = { 64 << 20, 1UL << 30 };
		void *m;

		if (setrlimit(RLIMIT_DATA, &l))
			_exit(1);
		m = mmap(NULL, 128 << 20, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m != MAP_FAILED || errno != ENOMEM)
			_exit(2);
		l.rlim_cur = 1UL << 30;		/* only soft limits go up */
		if (setrlimit(RLIMIT_DATA, &l) || setrlimit(RLIMIT_AS, &l))
			_exit(3);
		m = mmap(NULL, 2UL << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (m != MAP_FAILED || errno != ENOMEM)
			_exit(4);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);

	/* getrusage and times. */
	struct rusage ru;
	struct tms t;
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0);
	CHECK(getrusage(5, &ru) == -1 && errno == EINVAL);
	CHECK(sys(SYS_getrusage, RUSAGE_SELF, (long)BADP, 0, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(times(&t) != (clock_t)-1);
	CHECK(sys(SYS_times, (long)BADP, 0, 0, 0, 0) == -1 && errno == EFAULT);
}

static void test_misc(void)
{
	struct utsname u;
	char name[80];

	CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0);
	CHECK(gethostname(name, sizeof(name)) == 0);
	CHECK(sethostname(name, 65) == -1 && errno == EINVAL);
	CHECK(sethostname(name, -1) == -1 && errno == EINVAL);
	CHECK(sys(SYS_sethostname, (long)BADP, 4, 0, 0, 0) == -1 && errno == EFAULT);
	CHECK(sethostname(name, strlen(name)) == 0);
	CHECK(sys(SYS_uname, (long)BADP, 0, 0, 0, 0) == -1 && errno == EFAULT);
	CHECK(getppid() > 0 && getpid() != getppid());
	CHECK(sys(SYS_gettid, 0, 0, 0, 0, 0) == getpid());
}

/* The groups line of /proc/self/status, without "Groups:\t". */
static int status_groups(char *out, size_t size)
{
	static char buf[8192];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	char *p, *e;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "\nGroups:\t");
	if (!p)
		return -1;
	p += strlen("\nGroups:\t");
	e = strchr(p, '\n');
	if (!e || (size_t)(e - p) >= size)
		return -1;
	memcpy(out, p, e - p);
	out[e - p] = 0;
	return 0;
}

/*
 * Supplementary groups up to NGROUPS_MAX (65536): kept sorted, shown in
 * /proc/<pid>/status, inherited by fork, and used for permission checks.
 */
static void test_many_groups(void)
{
	enum { MAX = 65536, SOME = 40 };
	int mounted = access("/proc/self", F_OK) &&
		      mount("proc", "/proc", "proc", 0, NULL) == 0;
	gid_t *g = malloc(MAX * sizeof(gid_t)), *back = malloc(MAX * sizeof(gid_t));
	char line[512], want[512] = "";
	int status, fd;
	pid_t pid;

	CHECK(g && back);
	for (int i = 0; i < MAX; i++)
		g[i] = 200000 - i * 3;		/* descending */
	CHECK(setgroups(MAX, g) == 0);
	CHECK(getgroups(0, NULL) == MAX);
	CHECK(getgroups(MAX - 1, back) == -1 && errno == EINVAL);
	CHECK(getgroups(MAX, back) == MAX);
	CHECK(back[0] == 200000 - (MAX - 1) * 3 && back[MAX - 1] == 200000);
	int sorted = 1;
	for (int i = 1; i < MAX; i++)
		sorted &= back[i - 1] < back[i];
	CHECK(sorted);
	CHECK(sys(SYS_setgroups, MAX + 1, (long)g, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(getgroups(0, NULL) == MAX);	/* unchanged by the failure */

	/* More than the 32 once kept: status lists them all, in order. */
	for (int i = 0; i < SOME; i++)
		g[i] = 5000 + (SOME - 1 - i);
	CHECK(setgroups(SOME, g) == 0);
	for (int i = 0; i < SOME; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "%d ", 5000 + i);
	CHECK(status_groups(line, sizeof(line)) == 0);
	CHECK(strcmp(line, want) == 0);

	/* The last group grants access to a file of that group alone. */
	CHECK((fd = open("grp", O_WRONLY | O_CREAT, 0)) >= 0 && close(fd) == 0);
	CHECK(chown("grp", 0, 5000 + SOME - 1) == 0 && chmod("grp", 0040) == 0);
	CHECK(chmod(".", 0711) == 0);
	pid = fork();
	if (pid == 0) {
		gid_t mine[SOME + 1];
		int n = 0;

#define T(cond) do { n++; if (!(cond)) _exit(n); } while (0)
		T(getgroups(SOME, mine) == SOME && mine[SOME - 1] == 5000 + SOME - 1);
		T(setresuid(1000, 1000, 1000) == 0);
		T((fd = open("grp", O_RDONLY)) >= 0 && close(fd) == 0);
		T(open("grp", O_WRONLY) == -1 && errno == EACCES);
		_exit(0);
#undef T
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	/* A child's new list leaves the parent's alone. */
	pid = fork();
	if (pid == 0)
		_exit(setgroups(1, g) == 0 && getgroups(0, NULL) == 1 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(getgroups(0, NULL) == SOME);
	CHECK(chmod(".", 0700) == 0 && unlink("grp") == 0);
	CHECK(setgroups(0, NULL) == 0 && getgroups(0, NULL) == 0);
	CHECK(status_groups(line, sizeof(line)) == 0 && strcmp(line, " ") == 0);
	if (mounted)
		CHECK(umount("/proc") == 0);
	free(g);
	free(back);
}

/* /proc/self/limits: Linux's table, with what setrlimit set. */
static void test_proc_limits(void)
{
	int mounted = access("/proc/self", F_OK) &&
		      mount("proc", "/proc", "proc", 0, NULL) == 0;
	struct rlimit old, r;
	char buf[4096], want[128], hard[24] = "unlimited";
	int fd, n;

	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
	r = (struct rlimit){ 512, old.rlim_max };	/* keep the hard one */
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0);
	if (old.rlim_max != RLIM_INFINITY)
		snprintf(hard, sizeof(hard), "%llu",
			 (unsigned long long)old.rlim_max);
	fd = open("/proc/self/limits", O_RDONLY);
	CHECK(fd >= 0 && (n = read(fd, buf, sizeof(buf) - 1)) > 0);
	buf[n > 0 ? n : 0] = 0;
	CHECK(!strncmp(buf, "Limit                     Soft Limit           "
		       "Hard Limit           Units     \n", 79));
	snprintf(want, sizeof(want), "\n%-25s %-20d %-20s %-10s\n",
		 "Max open files", 512, hard, "files");
	CHECK(strstr(buf, want) != NULL);
	CHECK(strstr(buf, "\nMax file size             unlimited            "
			  "unlimited            bytes     \n") != NULL);
	CHECK(strstr(buf, "\nMax realtime priority     ") != NULL);
	CHECK(close(fd) == 0 && setrlimit(RLIMIT_NOFILE, &old) == 0);
	if (mounted)
		CHECK(umount("/proc") == 0);
}

static int read_int_file(const char *path, long *v)
{
	char buf[32];
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	*v = strtol(buf, NULL, 10);
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (int)strlen(text) ? 0 : -1;
}

/* oom_score_adj: bounded, inherited; -1000 makes a process unkillable. */
static void test_oom_adj(void)
{
	int mounted = access("/proc/self", F_OK) &&
		      mount("proc", "/proc", "proc", 0, NULL) == 0;
	long adj = -1, score = -1, orig;
	int status;
	pid_t pid;

	CHECK(read_int_file("/proc/self/oom_score_adj", &orig) == 0);
	CHECK(write_file("/proc/self/oom_score_adj", "500\n") == 0);
	CHECK(read_int_file("/proc/self/oom_score_adj", &adj) == 0 && adj == 500);
	CHECK(read_int_file("/proc/self/oom_score", &score) == 0 &&
	      score >= 1000 && score <= 2000);
	CHECK(write_file("/proc/self/oom_score_adj", "1001") == -1 &&
	      errno == EINVAL);
	CHECK(write_file("/proc/self/oom_score_adj", "x") == -1 &&
	      errno == EINVAL);
	pid = fork();
	if (pid == 0) {
		long a = 0;

		/* Inherited by fork; the child's own change stays its own. */
		if (read_int_file("/proc/self/oom_score_adj", &a) || a != 500)
			_exit(1);
		_exit(write_file("/proc/self/oom_score_adj", "700") ? 2 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(read_int_file("/proc/self/oom_score_adj", &adj) == 0 && adj == 500);
	/* Below the start value needs CAP_SYS_RESOURCE (a container's root
	 * may lack it); then the process is never chosen, and scores 0. */
	if (write_file("/proc/self/oom_score_adj", "-1000") == 0)
		CHECK(read_int_file("/proc/self/oom_score", &score) == 0 &&
		      score == 0);
	else
		CHECK(errno == EACCES);
	{
		char text[32];

		snprintf(text, sizeof(text), "%ld", orig);
		CHECK(write_file("/proc/self/oom_score_adj", text) == 0);
	}
	if (mounted)
		CHECK(umount("/proc") == 0);
}

/* pidfd_open/pidfd_send_signal: a process as a pollable descriptor. */
static void test_pidfd(void)
{
	struct pollfd pfd = { .events = POLLIN };
	int status, p[2];
	pid_t pid = fork();

	if (pid == 0) {
		usleep(50000);
		_exit(5);
	}
	pfd.fd = sys(SYS_pidfd_open, pid, 0, 0, 0, 0);
	CHECK(pfd.fd >= 0 && (fcntl(pfd.fd, F_GETFD) & FD_CLOEXEC));
	CHECK(poll(&pfd, 1, 0) == 0);			/* still running */
	CHECK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN));
	{
		siginfo_t si = { 0 };

		CHECK(waitid(P_PIDFD, pfd.fd, &si, WEXITED | WNOWAIT) == 0 &&
		      si.si_pid == pid && si.si_status == 5);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 5);
	CHECK(sys(SYS_pidfd_send_signal, pfd.fd, SIGTERM, 0, 0, 0) == -1 &&
	      errno == ESRCH);				/* gone */
	CHECK(close(pfd.fd) == 0);
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	pfd.fd = sys(SYS_pidfd_open, pid, 0, 0, 0, 0);
	CHECK(pfd.fd >= 0);
	CHECK(sys(SYS_pidfd_send_signal, pfd.fd, SIGTERM, 0, 0x100, 0) == -1 &&
	      errno == EINVAL);
	CHECK(sys(SYS_pidfd_send_signal, pfd.fd, SIGTERM, 0, 0, 0) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGTERM);
	CHECK(close(pfd.fd) == 0 && pipe(p) == 0);
	CHECK(sys(SYS_pidfd_send_signal, p[0], SIGTERM, 0, 0, 0) == -1 &&
	      errno == EBADF);
	CHECK(sys(SYS_pidfd_open, 0, 0, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_pidfd_open, getpid(), 1, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(sys(SYS_pidfd_open, 999999, 0, 0, 0, 0) == -1 && errno == ESRCH);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
}

int main(void)
{
	strcpy(top, "/tmp/proc.XXXXXX");
	CHECK(mkdtemp(top) != NULL && chdir(top) == 0);
	test_exec();
	test_wait();
	test_kill_groups();
	test_ids();
	test_many_groups();
	test_rlimits();
	test_proc_limits();
	test_oom_adj();
	test_pidfd();
	test_misc();
	static const char *const names[] = {
		"argc", "fd3", "noexec", "junk", "empty", "script", "script2",
		"script3", "badinterp", "loop", "noninterp",
	};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK(unlink(names[i]) == 0);
	CHECK(chdir("/") == 0 && rmdir(top) == 0);
	return 0;
}
