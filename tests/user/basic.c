/*
 * The first user-mode test: process and memory system calls, checked
 * without any file descriptors (the VFS is not there yet).  Exit status
 * 0 means every check passed; otherwise it is the number of the first
 * failing check, so the kernel self-test can name it.
 */
#include "check.h"
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static long raw(long nr, long a, long b, long c)
{
	return syscall(nr, a, b, c);
}

static int shared_global = 42;

static void test_ids(void)
{
	CHECK(getpid() > 1);
	CHECK(syscall(SYS_gettid) == getpid());
	CHECK(getppid() >= 1);
}

static void test_errors(void)
{
	struct utsname u;

	CHECK(raw(1000, 0, 0, 0) == -1 && errno == ENOSYS);
	CHECK(raw(SYS_uname, 0, 0, 0) == -1 && errno == EFAULT);
	CHECK(raw(SYS_uname, (long)0xffff800000000000UL, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0 &&
	      strcmp(u.machine, "x86_64") == 0);
}

static void test_brk(void)
{
	/* musl's sbrk() refuses to grow, so use the raw system call. */
	char *cur = (char *)raw(SYS_brk, 0, 0, 0), *end;

	CHECK(cur != NULL);
	end = (char *)raw(SYS_brk, (long)(cur + 3 * 4096 + 100), 0, 0);
	CHECK(end == cur + 3 * 4096 + 100);
	memset(cur, 0x5a, 3 * 4096 + 100);
	CHECK(cur[3 * 4096 + 99] == 0x5a);
	CHECK((char *)raw(SYS_brk, (long)cur, 0, 0) == cur);
	/* Below the start is refused: the old break comes back. */
	CHECK((char *)raw(SYS_brk, 4096, 0, 0) == cur);
}

static void test_mmap(void)
{
	size_t len = 64 * 4096;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	CHECK(((uintptr_t)p & 4095) == 0);
	int zero = 1, kept = 1;

	for (size_t i = 0; i < len; i += 4096)
		zero &= p[i] == 0;	/* demand-zero */
	CHECK(zero);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = (unsigned char)(i >> 12);
	for (size_t i = 0; i < len; i += 4096)
		kept &= p[i] == (unsigned char)(i >> 12);
	CHECK(kept);
	CHECK(mprotect(p, 4096, PROT_READ) == 0);
	/* musl's wrapper rounds the address down: ask the kernel directly. */
	CHECK(raw(SYS_mprotect, (long)(p + 1), 4096, PROT_READ) == -1 &&
	      errno == EINVAL);
	CHECK(munmap(p, len) == 0);
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
		      MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) ==
		      MAP_FAILED && errno == EINVAL);
	CHECK(munmap((void *)4097, 4096) == -1 && errno == EINVAL);
	CHECK(mprotect((void *)0x10000000, 4096, PROT_READ) == -1 &&
	      errno == ENOMEM);
}

static void test_fork_cow(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		shared_global = 7;	/* copy-on-write: parent unaffected */
		_exit(shared_global == 7 ? 33 : 1);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 33);
	CHECK(shared_global == 42);
	CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
}

static void test_segv_status(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		static volatile uintptr_t bad = 16;	/* hidden from the compiler */

		*(volatile int *)bad = 1;
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

static void test_many_children(void)
{
	int status, reaped = 0;

	for (int i = 0; i < 20; i++)
		if (fork() == 0)
			_exit(i);
	while (wait(&status) > 0)
		reaped += WIFEXITED(status);
	CHECK(reaped == 20);
}

int main(int argc, char **argv)
{
	CHECK(argc == 2 && strcmp(argv[1], "hello") == 0);
	test_ids();
	test_errors();
	test_brk();
	test_mmap();
	test_fork_cow();
	test_segv_status();
	test_many_children();
	return 0;
}
