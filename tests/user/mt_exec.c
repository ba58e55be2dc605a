/*
 * Thread groups: execve from a multi-threaded process (the other
 * threads are gone before the new image runs, the process keeps its
 * pid even when a thread other than the leader execs, shared pending
 * signals survive and private ones of the dead threads go, racing execs
 * and SIGKILL, a vfork parent among the threads), and a leader that exits before its threads (wait()
 * reports the process only when the last thread has gone, with one
 * SIGCHLD).  The programs exec'd are tiny ELF files written by this
 * test.  Run on Linux it exits 0 as well.
 */
#include "check.h"
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static char top[64];
static char path_pid[128], path_sigs[128];
static char *no_env[] = { NULL };
static volatile long *shared;	/* MAP_SHARED with the children */
static volatile int sigchld_count;

/* Sleep 300 ms, then exit(getpid() & 0xff) if gettid() == getpid(), else 1. */
static const unsigned char pid_code[] = {
	0x68, 0x00, 0xa3, 0xe1, 0x11,		/* push $300000000 */
	0x6a, 0x00,				/* push $0 */
	0x48, 0x89, 0xe7, 0x31, 0xf6,		/* mov %rsp,%rdi; xor %esi,%esi */
	0xb8, 0x23, 0, 0, 0, 0x0f, 0x05,	/* nanosleep */
	0xb8, 0x27, 0, 0, 0, 0x0f, 0x05,	/* getpid */
	0x89, 0xc3,				/* mov %eax,%ebx */
	0xb8, 0xba, 0, 0, 0, 0x0f, 0x05,	/* gettid */
	0xbf, 1, 0, 0, 0,			/* mov $1,%edi */
	0x39, 0xc3, 0x75, 0x03,			/* cmp; jne 1f */
	0x0f, 0xb6, 0xfb,			/* movzbl %bl,%edi */
	0xb8, 0x3c, 0, 0, 0, 0x0f, 0x05,	/* 1: exit */
};

/* exit(40 + SIGUSR1 pending + 2 * SIGUSR2 pending), by rt_sigpending. */
static const unsigned char sigs_code[] = {
	0x48, 0x83, 0xec, 0x08,			/* sub $8,%rsp */
	0x48, 0x89, 0xe7,			/* mov %rsp,%rdi */
	0xbe, 8, 0, 0, 0,			/* mov $8,%esi */
	0xb8, 0x7f, 0, 0, 0, 0x0f, 0x05,	/* rt_sigpending */
	0x48, 0x8b, 0x04, 0x24,			/* mov (%rsp),%rax */
	0x48, 0x89, 0xc7,			/* mov %rax,%rdi */
	0x48, 0xc1, 0xef, 0x09,			/* shr $9,%rdi */
	0x83, 0xe7, 0x01,			/* and $1,%edi */
	0x48, 0xc1, 0xe8, 0x0b,			/* shr $11,%rax */
	0x83, 0xe0, 0x01,			/* and $1,%eax */
	0x01, 0xc0, 0x01, 0xc7,			/* add %eax,%eax; add %eax,%edi */
	0x83, 0xc7, 0x28,			/* add $40,%edi */
	0xb8, 0x3c, 0, 0, 0, 0x0f, 0x05,	/* exit */
};

/* A static ELF executable whose whole text is @code, loaded at 4 MiB. */
static int write_elf(const char *path, const unsigned char *code, size_t n)
{
	unsigned char img[256] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	uint64_t base = 0x400000, entry = base + 120, size = 120 + n;
	uint16_t h16[] = { 2, 62 };		/* ET_EXEC, EM_X86_64 */
	uint32_t version = 1, ptype = 1, pflags = 5;
	uint64_t zero = 0, align = 0x1000;
	int fd;

	memcpy(img + 16, h16, 4);
	memcpy(img + 20, &version, 4);
	memcpy(img + 24, &entry, 8);
	img[32] = 64;				/* e_phoff */
	img[52] = 64;				/* e_ehsize */
	img[54] = 56;				/* e_phentsize */
	img[56] = 1;				/* e_phnum */
	memcpy(img + 64, &ptype, 4);		/* PT_LOAD, R+X, the whole file */
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
	if (write(fd, img, 120 + n) != (ssize_t)(120 + n)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static void on_sigchld(int sig)
{
	(void)sig;
	sigchld_count++;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Threads of the child, started before the exec. */
static void *spinner(void *arg)
{
	(void)arg;
	for (;;)
		__atomic_fetch_add(&shared[0], 1, __ATOMIC_RELAXED);
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	sleep_ms(100000);
	return NULL;
}

static int never_written[2];

static void *reader(void *arg)
{
	char c;

	(void)arg;
	(void)!read(never_written[0], &c, 1);
	return NULL;
}

static void *execer(void *arg)
{
	char *argv[] = { "pid", NULL };

	shared[1] = gettid_();
	/* Two may race here: one wins, the other dies with the rest. */
	while (arg && !__atomic_load_n(&shared[3], __ATOMIC_ACQUIRE))
		;
	execve(path_pid, argv, no_env);
	_exit(99);
}

/* The child: threads that spin, sleep and block, then one execs. */
static void child_threads(int nexecers)
{
	pthread_t t;

	if (pipe(never_written) ||
	    pthread_create(&t, NULL, spinner, NULL) ||
	    pthread_create(&t, NULL, sleeper, NULL) ||
	    pthread_create(&t, NULL, reader, NULL))
		_exit(98);
	while (__atomic_load_n(&shared[0], __ATOMIC_RELAXED) < 1000)
		;
	if (!nexecers)
		execer(NULL);
	for (int i = 0; i < nexecers; i++)
		if (pthread_create(&t, NULL, execer, (void *)1L))
			_exit(97);
	__atomic_store_n(&shared[3], 1, __ATOMIC_RELEASE);
	for (;;)
		__atomic_fetch_add(&shared[2], 1, __ATOMIC_RELAXED);
}

static int count_tasks(pid_t pid, pid_t *only)
{
	char name[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(name, sizeof(name), "/proc/%d/task", pid);
	d = opendir(name);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			n++;
			*only = atoi(e->d_name);
		}
	closedir(d);
	return n;
}

/* "Threads:" of /proc/<pid>/status. */
static int status_threads(pid_t pid)
{
	char name[64], buf[2048], *p;
	int fd, n;

	snprintf(name, sizeof(name), "/proc/%d/status", pid);
	fd = open(name, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "Threads:");
	return p ? atoi(p + 8) : -1;
}

static char stat_state(const char *name)
{
	char buf[512], *p;
	int fd, n;

	fd = open(name, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

/* The state letter of /proc/<pid>/task/<tid>/stat. */
static char task_state(pid_t pid, pid_t tid)
{
	char name[64];

	snprintf(name, sizeof(name), "/proc/%d/task/%d/stat", pid, tid);
	return stat_state(name);
}

static char process_state(pid_t pid)
{
	char name[64];

	snprintf(name, sizeof(name), "/proc/%d/stat", pid);
	return stat_state(name);
}

/*
 * Exec from the main thread (@nexecers 0) or from that many other
 * threads at once, while threads spin, sleep and block in read.
 */
static void test_exec(int nexecers)
{
	char c, name[64];
	int p[2], status;
	long a, b, before;
	pid_t pid, tid = 0;

	memset((void *)shared, 0, 4 * sizeof(long));
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	sigchld_count = 0;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		child_threads(nexecers);
	}
	CHECK(pid > 0);
	close(p[1]);
	/* End of file once the exec has closed the close-on-exec end. */
	CHECK(read(p[0], &c, 1) == 0);
	close(p[0]);
	/* Nothing of the old image runs any more. */
	a = shared[0];
	before = shared[2];
	sleep_ms(30);
	b = shared[0];
	CHECK(a == b && a >= 1000);
	CHECK(shared[2] == before);
	CHECK(count_tasks(pid, &tid) == 1 && tid == pid);
	CHECK(status_threads(pid) == 1);
	if (nexecers) {
		/* The exec'ing thread's own id is gone: it is pid now. */
		CHECK(shared[1] != pid);
		snprintf(name, sizeof(name), "/proc/%d/task/%ld", pid,
			 shared[1]);
		CHECK(access(name, F_OK) == -1);
	}
	CHECK(sigchld_count == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == (pid & 0xff));
	CHECK(sigchld_count == 1);	/* none for the old leader */
}

static int vfork_ctl[2];	/* the vfork child waits for its end */
static int exec_done_w;

static void *vforker(void *arg)
{
	char c;

	(void)arg;
	if (vfork() == 0) {
		/* The vfork child: system calls only, on our stack. */
		syscall(SYS_close, exec_done_w);
		syscall(SYS_close, vfork_ctl[1]);
		__atomic_store_n(&shared[0], 1, __ATOMIC_RELEASE);
		syscall(SYS_read, vfork_ctl[0], &c, 1);
		_exit(0);
	}
	return NULL;
}

/*
 * Another thread is a vfork parent waiting for its child: the exec
 * kills it without waiting for that child (which here waits for us).
 */
static void test_exec_vfork(void)
{
	struct pollfd pfd;
	int p[2], status;
	pthread_t t;
	pid_t pid;
	char c;

	memset((void *)shared, 0, 4 * sizeof(long));
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(pipe2(vfork_ctl, O_CLOEXEC) == 0);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		exec_done_w = p[1];
		if (pthread_create(&t, NULL, vforker, NULL))
			_exit(98);
		while (!__atomic_load_n(&shared[0], __ATOMIC_ACQUIRE))
			;
		execer(NULL);
	}
	CHECK(pid > 0);
	close(p[1]);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(poll(&pfd, 1, 3000) == 1);
	CHECK(read(p[0], &c, 1) == 0);
	close(p[0]);
	close(vfork_ctl[0]);
	close(vfork_ctl[1]);	/* lets the vfork child go */
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == (pid & 0xff));
}

static void *exec_sigs(void *arg)
{
	char *argv[] = { "sigs", NULL };
	pid_t leader = (pid_t)(long)arg;

	/* Private to the leader, which dies: gone.  Shared: stays. */
	if (syscall(SYS_tgkill, leader, leader, SIGUSR2) ||
	    kill(leader, SIGUSR1))
		_exit(96);
	execve(path_sigs, argv, no_env);
	_exit(99);
}

/* Pending signals across an exec by a thread that is not the leader. */
static void test_exec_signals(void)
{
	sigset_t set;
	pthread_t t;
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigaddset(&set, SIGUSR2);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (pthread_create(&t, NULL, exec_sigs,
				   (void *)(long)getpid()))
			_exit(98);
		for (;;)
			pause();
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 41);
}

/* SIGKILL at some moment around an exec: one outcome or the other. */
static void test_exec_kill(void)
{
	int status;
	pid_t pid;

	for (int i = 0; i < 12; i++) {
		memset((void *)shared, 0, 4 * sizeof(long));
		pid = fork();
		if (pid == 0)
			child_threads(1 + i % 2);
		CHECK(pid > 0);
		while (!__atomic_load_n(&shared[3], __ATOMIC_ACQUIRE))
			;
		for (volatile int spin = 0; spin < i * 20000; spin++)
			;
		CHECK(kill(pid, SIGKILL) == 0);
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
		      (WIFEXITED(status) && WEXITSTATUS(status) == (pid & 0xff)));
	}
}

static void *worker_exit(void *arg)
{
	sleep_ms(100);
	if (arg)
		exit(7);			/* exit_group */
	syscall(SYS_exit, 3);			/* this thread alone */
	return NULL;
}

/*
 * The leader exits first: it is not reported, nor its parent signalled,
 * until the last thread has gone.  @group: that one calls exit(7).
 */
static void test_leader_exit(int group)
{
	char name[64];
	int status;
	pid_t pid, tid = 0;
	pthread_t t;

	sigchld_count = 0;
	pid = fork();
	if (pid == 0) {
		if (pthread_create(&t, NULL, worker_exit,
				   (void *)(long)group))
			_exit(98);
		pthread_exit(NULL);
	}
	CHECK(pid > 0);
	/* The leader is a zombie in its task/ entry ... */
	for (int i = 0; i < 500 && task_state(pid, pid) != 'Z'; i++)
		sleep_ms(1);
	CHECK(task_state(pid, pid) == 'Z');
	/* ... but the process is not reported while the worker runs. */
	CHECK(waitpid(pid, &status, WNOHANG) == 0);
	CHECK(kill(pid, 0) == 0);
	/* It stays in /proc, a zombie with two threads, as Linux shows it. */
	snprintf(name, sizeof(name), "/proc/%d/status", pid);
	CHECK(access(name, F_OK) == 0);
	CHECK(status_threads(pid) == 2);
	CHECK(count_tasks(pid, &tid) == 2);
	CHECK(process_state(pid) == 'Z');
	CHECK(sigchld_count == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	/* exit_group's status, else the last thread's (as Linux reports). */
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == (group ? 7 : 3));
	CHECK(sigchld_count == 1);
	CHECK(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD);
}

static void *exec_alone(void *arg)
{
	(void)arg;
	while (task_state(getpid(), getpid()) != 'Z')
		sleep_ms(1);
	execer(NULL);
	return NULL;
}

/* The leader has exited; the one thread left execs and becomes it. */
static void test_exec_after_leader_exit(void)
{
	int status;
	pid_t pid;
	pthread_t t;

	sigchld_count = 0;
	pid = fork();
	if (pid == 0) {
		if (pthread_create(&t, NULL, exec_alone, NULL))
			_exit(98);
		pthread_exit(NULL);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == (pid & 0xff));
	CHECK(sigchld_count == 1);
}

static void *wait_leaders_child(void *arg)
{
	pid_t g = (pid_t)(long)arg;
	int status;

	while (task_state(getpid(), getpid()) != 'Z')
		sleep_ms(1);
	/* The leader's child is the process's: this thread reaps it. */
	if (waitpid(g, &status, 0) != g || !WIFEXITED(status))
		exit(1);
	exit(WEXITSTATUS(status) == 5 ? 0 : 2);
}

static void test_leader_child_stays(void)
{
	int status;
	pid_t pid, g;
	pthread_t t;

	pid = fork();
	if (pid == 0) {
		g = fork();
		if (g == 0) {
			sleep_ms(100);
			_exit(5);
		}
		if (g < 0 || pthread_create(&t, NULL, wait_leaders_child,
					    (void *)(long)g))
			_exit(98);
		pthread_exit(NULL);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void *worker_stop(void *arg)
{
	(void)arg;
	sleep_ms(300);
	exit(7);
}

/* The stops and continues of a process whose leader has exited. */
static void test_leader_exit_stop(void)
{
	int status;
	pid_t pid;
	pthread_t t;

	pid = fork();
	if (pid == 0) {
		if (pthread_create(&t, NULL, worker_stop, NULL))
			_exit(98);
		pthread_exit(NULL);
	}
	CHECK(pid > 0);
	for (int i = 0; i < 500 && task_state(pid, pid) != 'Z'; i++)
		sleep_ms(1);
	CHECK(task_state(pid, pid) == 'Z');
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &status, WCONTINUED) == pid);
	CHECK(WIFCONTINUED(status));
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

int main(void)
{
	struct sigaction sa = { 0 };
	int mounted;

	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART;
	CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
	mounted = access("/proc/self", F_OK) &&
		  mount("proc", "/proc", "proc", 0, NULL) == 0;
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED);
	strcpy(top, "/tmp/mt_exec.XXXXXX");
	CHECK(mkdtemp(top) != NULL);
	snprintf(path_pid, sizeof(path_pid), "%s/pid", top);
	snprintf(path_sigs, sizeof(path_sigs), "%s/sigs", top);
	CHECK(write_elf(path_pid, pid_code, sizeof(pid_code)) == 0);
	CHECK(write_elf(path_sigs, sigs_code, sizeof(sigs_code)) == 0);
	test_exec(0);
	test_exec(1);
	test_exec(2);
	test_exec_signals();
	test_exec_vfork();
	test_exec_kill();
	test_leader_exit(1);
	test_leader_exit(0);
	test_leader_exit_stop();
	test_exec_after_leader_exit();
	test_leader_child_stays();
	CHECK(unlink(path_pid) == 0 && unlink(path_sigs) == 0);
	CHECK(rmdir(top) == 0);
	if (mounted)
		CHECK(umount("/proc") == 0);
	return 0;
}
