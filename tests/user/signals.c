/*
 * Signal semantics against what Linux does (run this on Linux: exit 0).
 * Exit status N is the number of the first failing check.
 */
#include "check.h"
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, got_code, got_pid, chld;
static volatile uintptr_t got_addr;
static sigjmp_buf env;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_addr = (uintptr_t)si->si_addr;
	got_code = si->si_code;
	siglongjmp(env, 1);
}

static void on_chld(int sig)
{
	(void)sig;
	chld++;
}

static void test_handler(void)
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(got == SIGUSR1 && got_code == SI_USER && got_pid == getpid());
}

static void test_mask(void)
{
	sigset_t set, old, pend;

	got = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(got == 0);
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	CHECK(got == SIGUSR1);	/* delivered on unblock */
	CHECK(syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4) == -1 &&
	      errno == EINVAL);
}

static void test_segv_handler(void)
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
	if (sigsetjmp(env, 1) == 0)
		*(volatile int *)0x1234 = 1;
	CHECK(got_addr == 0x1234 && got_code == SEGV_MAPERR);
	signal(SIGSEGV, SIG_DFL);
}

static void test_errors(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = SIG_IGN;
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
	CHECK(sigaction(65, &sa, NULL) == -1 && errno == EINVAL);
	CHECK(kill(999999, 0) == -1 && errno == ESRCH);
	CHECK(kill(getpid(), 99) == -1 && errno == EINVAL);
	CHECK(kill(getpid(), 0) == 0);
	CHECK(syscall(SYS_tgkill, 0, getpid(), SIGUSR1) == -1 &&
	      errno == EINVAL);
}

static void test_kill_child(void)
{
	int status;
	pid_t pid;

	signal(SIGCHLD, on_chld);
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(pid > 0);
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	CHECK(chld >= 1);
}

static void test_stop_cont(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

/*
 * Stop and continue children on other CPUs many times: wait() must
 * always see the stop with its status, and SIGCONT must always wake.
 */
static void test_stop_cont_race(void)
{
	int status, bad = 0;

	for (int i = 0; i < 200; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			for (;;)
				pause();
		}
		if (kill(pid, SIGSTOP) || waitpid(pid, &status, WUNTRACED) != pid ||
		    !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
			bad++;
		if (kill(pid, SIGCONT) ||
		    waitpid(pid, &status, WCONTINUED) != pid ||
		    !WIFCONTINUED(status))
			bad++;
		kill(pid, SIGKILL);
		if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status))
			bad++;
	}
	CHECK(bad == 0);
}

static void test_resethand_and_ignore(void)
{
	struct sigaction sa = { 0 }, cur;

	got = 0;
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	CHECK(raise(SIGUSR2) == 0 && got == SIGUSR2);
	CHECK(sigaction(SIGUSR2, NULL, &cur) == 0 &&
	      cur.sa_handler == SIG_DFL);
	signal(SIGUSR2, SIG_IGN);
	CHECK(raise(SIGUSR2) == 0);	/* ignored: we live on */
}

static char altstack[16384];
static volatile uintptr_t handler_sp;

static void on_alt(int sig)
{
	int local;

	(void)sig;
	handler_sp = (uintptr_t)&local;
}

static void test_altstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { 0 };

	CHECK(sigaltstack(&ss, NULL) == 0);
	sa.sa_handler = on_alt;
	sa.sa_flags = SA_ONSTACK;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(handler_sp > (uintptr_t)altstack &&
	      handler_sp < (uintptr_t)altstack + sizeof(altstack));
	ss.ss_size = 100;
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
}

int main(void)
{
	test_handler();
	test_mask();
	test_segv_handler();
	test_errors();
	test_kill_child();
	test_stop_cont();
	test_stop_cont_race();
	test_resethand_and_ignore();
	test_altstack();
	return 0;
}
