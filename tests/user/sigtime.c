/*
 * Signals, time, waiting and futexes at their edges: the argument
 * checks of each call, sigtimedwait and sigqueueinfo, EINTR against
 * SA_RESTART, SIGCHLD ignored, every clock id, the sleeps, poll, ppoll,
 * select and pselect6, and the futex operations.  Run on Linux it
 * exits 0 as well.
 */
#include "check.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include "uapi.h"

#define BADP ((void *)8)

static long sys(long nr, long a, long b, long c, long d, long e)
{
	return syscall(nr, a, b, c, d, e);
}

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	return syscall(nr, a, b, c, d, e, f);
}

static long long now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static volatile sig_atomic_t hits, last_sig, last_code, last_value;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	last_code = si->si_code;
	last_value = si->si_value.sival_int;
}

static void handle(int sig, int flags)
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void test_signal_args(void)
{
	struct sigaction sa = { 0 }, old;
	uint64_t set = 0, got;
	stack_t ss;

	sa.sa_handler = SIG_IGN;
	CHECK(sys(SYS_rt_sigaction, 0, (long)&sa, 0, 8, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_rt_sigaction, 65, (long)&sa, 0, 8, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_rt_sigaction, SIGSTOP, (long)&sa, 0, 8, 0) == -1 &&
	      errno == EINVAL);
	CHECK(sys(SYS_rt_sigaction, SIGKILL, 0, (long)&old, 8, 0) == 0);
	CHECK(sys(SYS_rt_sigaction, SIGUSR1, (long)&sa, 0, 4, 0) == -1 &&
	      errno == EINVAL);
	CHECK(sys(SYS_rt_sigaction, SIGUSR1, (long)BADP, 0, 8, 0) == -1 &&
	      errno == EFAULT);
	CHECK(sys(SYS_rt_sigaction, SIGUSR1, 0, (long)BADP, 8, 0) == -1 &&
	      errno == EFAULT);
	/* SIGKILL and SIGSTOP cannot be blocked: they drop out silently. */
	set = ~0ULL;
	CHECK(sys(SYS_rt_sigprocmask, SIG_SETMASK, (long)&set, 0, 8, 0) == 0);
	CHECK(sys(SYS_rt_sigprocmask, SIG_SETMASK, 0, (long)&got, 8, 0) == 0);
	CHECK(!(got & (1ULL << (SIGKILL - 1))) && !(got & (1ULL << (SIGSTOP - 1))) &&
	      (got & (1ULL << (SIGUSR1 - 1))));
	set = 0;
	CHECK(sys(SYS_rt_sigprocmask, SIG_SETMASK, (long)&set, 0, 8, 0) == 0);
	CHECK(sys(SYS_rt_sigprocmask, SIG_BLOCK, (long)BADP, 0, 8, 0) == -1 &&
	      errno == EFAULT);
	CHECK(sys(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)BADP, 8, 0) == -1 &&
	      errno == EFAULT);
	/* A bad how is ignored when there is no new set. */
	CHECK(sys(SYS_rt_sigprocmask, 77, 0, (long)&got, 8, 0) == 0);
	CHECK(sys(SYS_rt_sigpending, (long)&got, 16, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(sys(SYS_rt_sigpending, (long)BADP, 8, 0, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(sys(SYS_rt_sigsuspend, (long)&set, 4, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	/* sigaltstack. */
	CHECK(sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_DISABLE));
	ss.ss_flags = 0x1234;
	ss.ss_size = 65536;
	ss.ss_sp = malloc(65536);
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == EINVAL);
	ss.ss_flags = 0;
	ss.ss_size = 1024;
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
	CHECK(sys(SYS_sigaltstack, (long)BADP, 0, 0, 0, 0) == -1 && errno == EFAULT);
	ss.ss_size = 65536;
	CHECK(sigaltstack(&ss, NULL) == 0);
	CHECK(sigaltstack(NULL, &ss) == 0 && ss.ss_flags == 0 && ss.ss_size == 65536);
	ss.ss_flags = SS_DISABLE;
	CHECK(sigaltstack(&ss, NULL) == 0);
}

static void test_sigtimedwait(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec zero = { 0, 0 }, bad = { 0, 1000000000 };
	struct timespec tmo = { 0, 30 * 1000 * 1000 };
	int status;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(sigtimedwait(&set, &si, &zero) == -1 && errno == EAGAIN);
	CHECK(sigtimedwait(&set, &si, &bad) == -1 && errno == EINVAL);
	long long t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(sigtimedwait(&set, &si, &tmo) == -1 && errno == EAGAIN);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 30 * 1000 * 1000);
	CHECK(sys(SYS_rt_sigtimedwait, (long)&set, (long)&si, 0, 4, 0) == -1 &&
	      errno == EINVAL);
	/* A pending one is taken at once, with its information. */
	CHECK(kill(getpid(), SIGUSR2) == 0);
	memset(&si, 0, sizeof(si));
	CHECK(sigtimedwait(&set, &si, &zero) == SIGUSR2);
	CHECK(si.si_signo == SIGUSR2 && si.si_code == SI_USER &&
	      si.si_pid == getpid() && si.si_uid == getuid());
	CHECK(sigpending(&set) == 0 && !sigismember(&set, SIGUSR2));
	/* One sent by a child while we wait. */
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 20 * 1000 * 1000 };

		nanosleep(&d, NULL);
		kill(parent, SIGUSR2);
		_exit(0);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigwaitinfo(&set, &si) == SIGUSR2 && si.si_pid == pid);
	CHECK(waitpid(pid, &status, 0) == pid);
	/* sigqueue: a value travels with the signal. */
	union sigval v = { .sival_int = 4242 };
	CHECK(sigqueue(getpid(), SIGRTMIN, v) == 0);
	sigaddset(&set, SIGRTMIN);
	CHECK(sigtimedwait(&set, &si, &zero) == SIGRTMIN &&
	      si.si_code == SI_QUEUE && si.si_value.sival_int == 4242);
	siginfo_t fake = { 0 };
	fake.si_code = SI_USER;		/* posing as kill() from elsewhere */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK(sys(SYS_rt_sigqueueinfo, pid, SIGUSR1, (long)&fake, 0, 0) == -1 &&
	      errno == EPERM);
	CHECK(sys(SYS_rt_sigqueueinfo, pid, SIGUSR1, (long)BADP, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &status, 0) == pid);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
}

static void test_restart(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	struct timespec ts = { 5, 0 }, rem = { 0, 0 };
	int p[2], status;
	char c;

	/* Without SA_RESTART a blocked read fails with EINTR... */
	handle(SIGALRM, 0);
	CHECK(pipe(p) == 0);
	hits = 0;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(read(p[0], &c, 1) == -1 && errno == EINTR && hits == 1);
	/* ...with it the read goes on until the data comes. */
	handle(SIGALRM, SA_RESTART);
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 100 * 1000 * 1000 };

		nanosleep(&d, NULL);
		write(p[1], "k", 1);
		_exit(0);
	}
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(read(p[0], &c, 1) == 1 && c == 'k' && hits == 2);
	CHECK(waitpid(pid, &status, 0) == pid);
	/* nanosleep is never restarted: EINTR and the time left. */
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(nanosleep(&ts, &rem) == -1 && errno == EINTR && hits == 3);
	CHECK(rem.tv_sec <= 5 && rem.tv_sec >= 3);
	/* sigsuspend returns EINTR once a handler ran. */
	sigset_t none;
	sigemptyset(&none);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(sigsuspend(&none) == -1 && errno == EINTR && hits == 4);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
	signal(SIGALRM, SIG_DFL);

	/* SIGCHLD ignored: children are reaped by themselves. */
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(3);
	CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD);
	signal(SIGCHLD, SIG_DFL);
	/* The mask is inherited by a child, pending signals are not. */
	sigset_t b;
	sigemptyset(&b);
	sigaddset(&b, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &b, NULL) == 0 && raise(SIGUSR1) == 0);
	pid = fork();
	if (pid == 0) {
		sigset_t m, pend;

		sigprocmask(SIG_BLOCK, NULL, &m);
		sigpending(&pend);
		_exit(sigismember(&m, SIGUSR1) && !sigismember(&pend, SIGUSR1) ?
		      0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	signal(SIGUSR1, SIG_IGN);		/* drops the pending one */
	CHECK(sigpending(&b) == 0 && !sigismember(&b, SIGUSR1));
	sigemptyset(&b);
	sigaddset(&b, SIGUSR1);
	CHECK(sigprocmask(SIG_UNBLOCK, &b, NULL) == 0);
	signal(SIGUSR1, SIG_DFL);
}

static void test_clocks(void)
{
	static const clockid_t ids[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
		CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW,
		CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
		CLOCK_TAI,	/* the _ALARM clocks depend on an RTC alarm */
	};
	struct timespec ts, res;
	struct timeval tv;

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		CHECK(clock_gettime(ids[i], &ts) == 0 && ts.tv_nsec >= 0 &&
		      ts.tv_nsec < 1000000000);
		CHECK(clock_getres(ids[i], &res) == 0 && res.tv_sec == 0 &&
		      res.tv_nsec > 0);
	}
	CHECK(sys(SYS_clock_gettime, 10, (long)&ts, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_clock_gettime, 16, (long)&ts, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_clock_getres, 16, (long)&res, 0, 0, 0) == -1 && errno == EINVAL);
	CHECK(sys(SYS_clock_getres, CLOCK_MONOTONIC, 0, 0, 0, 0) == 0);
	CHECK(sys(SYS_clock_getres, CLOCK_MONOTONIC, (long)BADP, 0, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_nsec == 1);
	/* Monotonic clocks do not go back; boot time includes it. */
	long long a = now_ns(CLOCK_MONOTONIC), b = now_ns(CLOCK_MONOTONIC);
	CHECK(b >= a && now_ns(CLOCK_BOOTTIME) >= a);
	CHECK(now_ns(CLOCK_MONOTONIC_COARSE) <= now_ns(CLOCK_MONOTONIC));
	/* The wall clocks agree. */
	CHECK(gettimeofday(&tv, NULL) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec - tv.tv_sec <= 1);
	CHECK(time(NULL) - ts.tv_sec <= 1);
	time_t t;
	CHECK(sys(SYS_time, (long)&t, 0, 0, 0, 0) == t && t >= ts.tv_sec);
	CHECK(sys(SYS_time, (long)BADP, 0, 0, 0, 0) == -1 && errno == EFAULT);
	CHECK(sys(SYS_gettimeofday, (long)BADP, 0, 0, 0, 0) == -1 && errno == EFAULT);
	/* A monotonic clock cannot be set; bad times are refused first. */
	ts.tv_nsec = 0;
	CHECK(clock_settime(CLOCK_MONOTONIC, &ts) == -1 && errno == EINVAL);
	ts.tv_nsec = -1;
	CHECK(clock_settime(CLOCK_REALTIME, &ts) == -1 && errno == EINVAL);
	/* CPU time moves when we spin. */
	long long c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	for (volatile int i = 0; i < 3000000; i++)
		;
	CHECK(now_ns(CLOCK_PROCESS_CPUTIME_ID) > c0);
	CHECK(now_ns(CLOCK_THREAD_CPUTIME_ID) > 0);
}

static void test_sleeps(void)
{
	struct timespec ts = { 0, 0 }, rem;

	CHECK(nanosleep(&ts, NULL) == 0);
	ts.tv_sec = -1;
	CHECK(nanosleep(&ts, NULL) == -1 && errno == EINVAL);
	ts = (struct timespec){ 0, -5 };
	CHECK(nanosleep(&ts, NULL) == -1 && errno == EINVAL);
	CHECK(sys(SYS_nanosleep, (long)BADP, 0, 0, 0, 0) == -1 && errno == EFAULT);
	/* clock_nanosleep reports errors as its return value. */
	ts = (struct timespec){ 0, 1000000 };
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &rem) == 0);
	CHECK(clock_nanosleep(99, 0, &ts, NULL) == EINVAL);
	CHECK(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL) == EINVAL);
	ts.tv_nsec = 1000000000;
	CHECK(clock_nanosleep(CLOCK_REALTIME, 0, &ts, NULL) == EINVAL);
	/* Absolute: until a point 20 ms ahead. */
	long long until = now_ns(CLOCK_MONOTONIC) + 20 * 1000 * 1000;
	ts = (struct timespec){ until / 1000000000, until % 1000000000 };
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) >= until);
	/* Absolute on the wall clock, in the past: at once. */
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0);
	ts.tv_sec -= 10;
	CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL) == 0);
	CHECK(clock_nanosleep(CLOCK_BOOTTIME, 0, &(struct timespec){ 0, 1000 },
			      NULL) == 0);
	/* Timers: which, bounds, the old value. */
	struct itimerval it = { { 0, 0 }, { 100, 0 } }, old;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && old.it_value.tv_sec <= 100 &&
	      old.it_value.tv_sec >= 98);
	CHECK(alarm(0) >= 98);			/* alarm shares the timer */
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && old.it_value.tv_sec == 0 &&
	      old.it_value.tv_usec == 0);
	CHECK(getitimer(5, &old) == -1 && errno == EINVAL);
	CHECK(setitimer(5, &it, NULL) == -1 && errno == EINVAL);
	CHECK(sys(SYS_getitimer, ITIMER_REAL, (long)BADP, 0, 0, 0) == -1 &&
	      errno == EFAULT);
	it.it_interval.tv_usec = -1;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);
	CHECK(alarm(3) == 0 && alarm(0) >= 2);
}

static void test_poll_select(void)
{
	struct pollfd pf[3];
	int p[2];
	fd_set r, w;
	struct timeval tv;
	struct timespec ts;

	CHECK(pipe(p) == 0);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ -1, POLLIN, 7 };		/* ignored */
	pf[2] = (struct pollfd){ 999, POLLIN, 0 };		/* not open */
	CHECK(poll(pf, 3, 0) == 1 && pf[0].revents == 0 && pf[1].revents == 0 &&
	      pf[2].revents == POLLNVAL);
	CHECK(poll(NULL, 0, 0) == 0);
	CHECK(poll(BADP, 1, 0) == -1 && errno == EFAULT);
	CHECK(sys(SYS_poll, (long)pf, 1 << 22, 0, 0, 0) == -1 && errno == EINVAL);
	long long t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(poll(pf, 1, 30) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 29 * 1000 * 1000);
	/* Errors and hangups are reported whether asked for or not. */
	CHECK(close(p[0]) == 0);
	pf[0] = (struct pollfd){ p[1], 0, 0 };
	CHECK(poll(pf, 1, 0) == 1 && pf[0].revents == POLLERR);
	CHECK(close(p[1]) == 0);

	/* ppoll: timespec, mask and their checks. */
	CHECK(pipe(p) == 0 && write(p[1], "x", 1) == 1);
	pf[0] = (struct pollfd){ p[0], POLLIN | POLLOUT, 0 };
	ts = (struct timespec){ 0, 0 };
	CHECK(ppoll(pf, 1, &ts, NULL) == 1 && pf[0].revents == POLLIN);
	ts.tv_nsec = 1000000000;
	CHECK(ppoll(pf, 1, &ts, NULL) == -1 && errno == EINVAL);
	ts.tv_nsec = 0;
	sigset_t m;
	sigemptyset(&m);
	CHECK(sys(SYS_ppoll, (long)pf, 1, (long)&ts, (long)&m, 4) == -1 &&
	      errno == EINVAL);
	CHECK(sys(SYS_ppoll, (long)pf, 1, (long)BADP, 0, 8) == -1 && errno == EFAULT);

	/* select. */
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	tv = (struct timeval){ 0, 0 };
	CHECK(select(p[1] + 1, &r, &w, NULL, &tv) == 2);
	CHECK(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w));
	char c;
	CHECK(read(p[0], &c, 1) == 1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 20000 };
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(sys(SYS_select, p[0] + 1, (long)&r, 0, 0, (long)&tv) == 0 &&
	      !FD_ISSET(p[0], &r));
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 19 * 1000 * 1000);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);	/* the time left */
	CHECK(select(-1, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL);
	tv = (struct timeval){ -1, 0 };
	CHECK(select(0, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL);
	FD_ZERO(&r);
	FD_SET(60, &r);
	tv = (struct timeval){ 0, 0 };
	CHECK(select(61, &r, NULL, NULL, &tv) == -1 && errno == EBADF);
	CHECK(sys(SYS_select, 4, (long)BADP, 0, 0, (long)&tv) == -1 &&
	      errno == EFAULT);
	/* pselect6 with a timespec. */
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	ts = (struct timespec){ 0, 0 };
	CHECK(pselect(p[1] + 1, NULL, &w, NULL, &ts, NULL) == 1);
	ts.tv_nsec = -1;
	CHECK(pselect(p[1] + 1, NULL, &w, NULL, &ts, NULL) == -1 && errno == EINVAL);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
}

static int fw1, fw2;
static volatile int woken;

static void *futex_waiter(void *arg)
{
	int *word = arg;

	sys6(SYS_futex, (long)word, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
	__atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Give the waiters time to go to sleep on the word. */
static void wait_for_waiters(void)
{
	struct timespec d = { 0, 100 * 1000 * 1000 };

	nanosleep(&d, NULL);
}

static void test_futex(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 }, bad = { 0, -1 };
	static int word = 1;
	pthread_t th[3];

	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAIT, 2, 0, 0, 0) == -1 &&
	      errno == EAGAIN);
	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAIT_PRIVATE, 1, (long)&ts, 0,
		   0) == -1 && errno == ETIMEDOUT);
	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAIT, 1, (long)&bad, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAIT, 1, (long)BADP, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(sys6(SYS_futex, (long)BADP, FUTEX_WAIT, 1, 0, 0, 0) == -1 &&
	      errno == EFAULT);
	CHECK(sys6(SYS_futex, (long)&word + 2, FUTEX_WAIT, 1, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(sys6(SYS_futex, (long)&word, 99, 1, 0, 0, 0) == -1 &&
	      errno == ENOSYS);
	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAKE, 5, 0, 0, 0) == 0);
	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAIT_BITSET, 1, 0, 0, 0) == -1 &&
	      errno == EINVAL);			/* bitset 0 */
	/* WAIT_BITSET's timeout is absolute. */
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 10 * 1000 * 1000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAIT_BITSET, 1, (long)&abs, 0,
		   ~0) == -1 && errno == ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) >= abs.tv_sec * 1000000000LL + abs.tv_nsec);
	CHECK(sys6(SYS_futex, (long)&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
		   1, (long)&ts, 0, ~0) == -1 && errno == ETIMEDOUT);

	/* Wake counts and requeue. */
	fw1 = fw2 = 0;
	woken = 0;
	for (int i = 0; i < 3; i++)
		CHECK(pthread_create(&th[i], NULL, futex_waiter, &fw1) == 0);
	wait_for_waiters();
	CHECK(sys6(SYS_futex, (long)&fw1, FUTEX_CMP_REQUEUE_PRIVATE, 1, 5,
		   (long)&fw2, 1) == -1 && errno == EAGAIN);	/* fw1 != 1 */
	CHECK(sys6(SYS_futex, (long)&fw1, FUTEX_CMP_REQUEUE_PRIVATE, 1, 5,
		   (long)&fw2, 0) == 3);			/* 1 woken, 2 moved */
	for (int i = 0; i < 100 && woken < 1; i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	CHECK(woken == 1);
	CHECK(sys6(SYS_futex, (long)&fw1, FUTEX_WAKE_PRIVATE, 10, 0, 0, 0) == 0);
	CHECK(sys6(SYS_futex, (long)&fw2, FUTEX_WAKE_PRIVATE, 10, 0, 0, 0) == 2);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	CHECK(woken == 3);
	/* WAKE_OP: set fw2 to 7, wake fw1 waiters and fw2's if it was 0. */
	fw2 = 0;
	CHECK(sys6(SYS_futex, (long)&fw1, FUTEX_WAKE_OP_PRIVATE, 1, 1, (long)&fw2,
		   FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 0)) == 0);
	CHECK(fw2 == 7);
	CHECK(sys6(SYS_futex, (long)&fw1, FUTEX_WAKE_OP_PRIVATE, 1, 1, (long)&fw2,
		   FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 100)) == 0 && fw2 == 8);
	CHECK(sys6(SYS_futex, (long)&fw1, FUTEX_WAKE_OP_PRIVATE, 1, 1, (long)BADP,
		   0) == -1 && errno == EFAULT);
	/* A waiter interrupted by a handler (without SA_RESTART): EINTR. */
	handle(SIGALRM, 0);
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	CHECK(sys6(SYS_futex, (long)&fw1, FUTEX_WAIT, 0, 0, 0, 0) == -1 &&
	      errno == EINTR);
	signal(SIGALRM, SIG_DFL);
}

static uint64_t tfd_read(int fd)
{
	uint64_t v = 0;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? v : 0;
}

/* timerfd: expiries counted, read, polled; periodic ones catch up. */
static void test_timerfd(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	struct itimerspec v = { .it_value.tv_nsec = 20000000 }, cur, old;
	struct pollfd pfd = { .events = POLLIN };
	struct epoll_event ev = { .events = EPOLLIN };
	struct timespec now;
	int p[2], ep, blk;
	uint64_t n;

	CHECK(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	CHECK_ERR(read(fd, &n, sizeof(n)), EAGAIN);	/* disarmed */
	CHECK(timerfd_settime(fd, 0, &v, NULL) == 0);
	pfd.fd = fd;
	CHECK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN));
	CHECK(tfd_read(fd) == 1);
	CHECK_ERR(read(fd, &n, sizeof(n)), EAGAIN);
	/* Periodic: a late reader gets every period it missed. */
	v.it_value.tv_nsec = v.it_interval.tv_nsec = 10000000;
	CHECK(timerfd_settime(fd, 0, &v, NULL) == 0);
	usleep(55000);
	CHECK(tfd_read(fd) >= 2);
	v = (struct itimerspec){ .it_value.tv_sec = 10, .it_interval.tv_sec = 1 };
	CHECK(timerfd_settime(fd, 0, &v, &old) == 0 && old.it_interval.tv_nsec ==
	      10000000 && old.it_value.tv_sec == 0);
	CHECK(timerfd_gettime(fd, &cur) == 0 && cur.it_value.tv_sec >= 8 &&
	      cur.it_value.tv_sec <= 10 && cur.it_interval.tv_sec == 1 &&
	      cur.it_interval.tv_nsec == 0);
	v = (struct itimerspec){ 0 };	/* disarm */
	CHECK(timerfd_settime(fd, 0, &v, &old) == 0 && old.it_value.tv_sec >= 8);
	CHECK(timerfd_gettime(fd, &cur) == 0 && !cur.it_value.tv_sec &&
	      !cur.it_value.tv_nsec && !cur.it_interval.tv_sec);
	CHECK(close(fd) == 0);
	/* An absolute wall-clock deadline, seen through epoll; then the past. */
	fd = timerfd_create(CLOCK_REALTIME, 0);
	CHECK(fd >= 0 && clock_gettime(CLOCK_REALTIME, &now) == 0);
	v.it_value.tv_sec = now.tv_sec + (now.tv_nsec >= 970000000);
	v.it_value.tv_nsec = (now.tv_nsec + 30000000) % 1000000000;
	CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &v, NULL) == 0);
	ep = epoll_create1(0);
	ev.data.fd = fd;
	CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0);
	CHECK(epoll_wait(ep, &ev, 1, 5000) == 1 && ev.data.fd == fd);
	CHECK(tfd_read(fd) == 1);
	v.it_value.tv_sec = 1;	/* 1970: long past, fires at once */
	CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &v, NULL) == 0);
	CHECK(tfd_read(fd) == 1);	/* a blocking read */
	/* A blocking read that waits. */
	blk = timerfd_create(CLOCK_BOOTTIME, 0);
	v = (struct itimerspec){ .it_value.tv_nsec = 30000000 };
	CHECK(blk >= 0 && timerfd_settime(blk, 0, &v, NULL) == 0);
	CHECK(tfd_read(blk) == 1);
	/* Errors. */
	CHECK_ERR(timerfd_create(99, 0), EINVAL);
	CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 1), EINVAL);
	v.it_value.tv_nsec = 1000000000;
	CHECK_ERR(timerfd_settime(blk, 0, &v, NULL), EINVAL);
	v.it_value.tv_nsec = 0;
	CHECK_ERR(timerfd_settime(blk, 4, &v, NULL), EINVAL);
	CHECK(pipe(p) == 0);
	CHECK_ERR(timerfd_settime(p[0], 0, &v, NULL), EINVAL);
	CHECK_ERR(timerfd_gettime(999, &cur), EBADF);
	CHECK_ERR(timerfd_gettime(blk, (void *)8), EFAULT);
	CHECK_ERR(read(blk, &n, 4), EINVAL);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0 && close(ep) == 0);
	CHECK(close(fd) == 0 && close(blk) == 0);
}

/* signalfd: blocked signals read as records, polled, queued in order. */
static void test_signalfd(void)
{
	struct signalfd_siginfo r[3];
	struct epoll_event ev = { .events = EPOLLIN };
	sigset_t m, old;
	int fd, blk, ep, p[2], status;
	pid_t pid;

	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigaddset(&m, SIGUSR2);
	sigaddset(&m, SIGRTMIN);
	sigaddset(&m, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &m, &old) == 0);
	sigdelset(&m, SIGUSR2);
	fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
	CHECK(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	CHECK_ERR(read(fd, r, sizeof(r[0])), EAGAIN);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(read(fd, r, sizeof(r)) == sizeof(r[0]) &&
	      r[0].ssi_signo == SIGUSR1 && r[0].ssi_code == SI_USER &&
	      r[0].ssi_pid == (uint32_t)getpid() &&
	      r[0].ssi_uid == (uint32_t)getuid());
	/* Real-time signals queue, each with its value. */
	CHECK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 42 }) == 0);
	CHECK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 43 }) == 0);
	CHECK(read(fd, r, sizeof(r)) == 2 * sizeof(r[0]) &&
	      r[0].ssi_int == 42 && r[1].ssi_int == 43 &&
	      r[1].ssi_code == SI_QUEUE);
	/* Outside the mask until the mask changes. */
	CHECK(raise(SIGUSR2) == 0);
	CHECK_ERR(read(fd, r, sizeof(r)), EAGAIN);
	sigaddset(&m, SIGUSR2);
	CHECK(signalfd(fd, &m, 0) == fd);
	CHECK(read(fd, r, sizeof(r)) == sizeof(r[0]) && r[0].ssi_signo == SIGUSR2);
	/* A child's exit, seen through epoll. */
	ep = epoll_create1(0);
	CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0);
	pid = fork();
	if (pid == 0)
		_exit(7);
	CHECK(epoll_wait(ep, &ev, 1, 5000) == 1);
	CHECK(read(fd, r, sizeof(r)) == sizeof(r[0]) &&
	      r[0].ssi_signo == SIGCHLD && r[0].ssi_code == CLD_EXITED &&
	      r[0].ssi_status == 7 && r[0].ssi_pid == (uint32_t)pid);
	CHECK(waitpid(pid, &status, 0) == pid);
	/* A blocking read waits for a signal sent later. */
	blk = signalfd(-1, &m, 0);
	pid = fork();
	if (pid == 0) {
		usleep(30000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	CHECK(blk >= 0 && read(blk, r, sizeof(r[0])) == sizeof(r[0]) &&
	      r[0].ssi_signo == SIGUSR1);
	CHECK(waitpid(pid, &status, 0) == pid);
	while (read(fd, r, sizeof(r)) > 0)
		;	/* the SIGCHLD of that child */
	/* Errors. */
	CHECK_ERR(signalfd(-1, &m, SFD_CLOEXEC | 1), EINVAL);
	CHECK_ERR(syscall(SYS_signalfd4, -1, &m, 4, 0), EINVAL);
	CHECK_ERR(syscall(SYS_signalfd4, -1, (void *)8, 8, 0), EFAULT);
	CHECK(pipe(p) == 0);
	CHECK_ERR(signalfd(p[0], &m, 0), EINVAL);
	CHECK_ERR(signalfd(999, &m, 0), EBADF);
	CHECK_ERR(read(fd, r, 64), EINVAL);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0 && close(ep) == 0);
	CHECK(close(fd) == 0 && close(blk) == 0);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}

/* POSIX timers: signals with their ids and values, overruns, threads. */
static void test_posix_timers(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGRTMIN,
			       .sigev_value.sival_int = 77 };
	struct itimerspec v = { .it_value.tv_nsec = 20000000 }, cur;
	timer_t a, b, c;
	sigset_t m, old;
	siginfo_t si;
	int status;
	pid_t pid;

	sigemptyset(&m);
	sigaddset(&m, SIGALRM);
	sigaddset(&m, SIGRTMIN);
	sigaddset(&m, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &m, &old) == 0);
	/* No sigevent: SIGALRM to the process, the id as its value. */
	CHECK(timer_create(CLOCK_MONOTONIC, NULL, &a) == 0);
	CHECK(timer_settime(a, 0, &v, NULL) == 0);
	sigemptyset(&m);
	sigaddset(&m, SIGALRM);
	CHECK(sigwaitinfo(&m, &si) == SIGALRM && si.si_code == SI_TIMER &&
	      si.si_value.sival_int == (int)(intptr_t)a);
	/* Periodic, late: one signal, the rest counted as overruns. */
	CHECK(timer_create(CLOCK_REALTIME, &ev, &b) == 0);
	v.it_value.tv_nsec = v.it_interval.tv_nsec = 5000000;
	CHECK(timer_settime(b, 0, &v, NULL) == 0);
	usleep(60000);
	sigemptyset(&m);
	sigaddset(&m, SIGRTMIN);
	CHECK(sigwaitinfo(&m, &si) == SIGRTMIN && si.si_value.sival_int == 77 &&
	      si.si_overrun >= 2 && timer_getoverrun(b) == si.si_overrun);
	CHECK(timer_gettime(b, &cur) == 0 && cur.it_interval.tv_nsec == 5000000);
	CHECK(timer_delete(b) == 0);
	CHECK_ERR(timer_gettime(b, &cur), EINVAL);
	CHECK_ERR(syscall(SYS_timer_delete, b), EINVAL);	/* musl: raw */
	/* SIGEV_NONE: only the clock runs. */
	ev.sigev_notify = SIGEV_NONE;
	v = (struct itimerspec){ .it_value.tv_sec = 10 };
	CHECK(timer_create(CLOCK_BOOTTIME, &ev, &c) == 0);
	CHECK(timer_settime(c, 0, &v, NULL) == 0 && timer_gettime(c, &cur) == 0 &&
	      cur.it_value.tv_sec >= 8 && cur.it_value.tv_sec <= 10);
	/* Not inherited across fork. */
	pid = fork();
	if (pid == 0)
		_exit(timer_gettime(c, &cur) == -1 && errno == EINVAL ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	/* SIGEV_THREAD_ID: to this very thread. */
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_notify_thread_id = (pid_t)syscall(SYS_gettid);
	v = (struct itimerspec){ .it_value.tv_nsec = 10000000 };
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &b) == 0);
	CHECK(timer_settime(b, 0, &v, NULL) == 0);
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	CHECK(sigwaitinfo(&m, &si) == SIGUSR1 && si.si_code == SI_TIMER);
	/* Errors. */
	ev.sigev_notify_thread_id = 999999;
	CHECK_ERR(timer_create(CLOCK_MONOTONIC, &ev, &c), EINVAL);
	ev.sigev_notify = 99;
	CHECK_ERR(timer_create(CLOCK_MONOTONIC, &ev, &c), EINVAL);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 0;
	CHECK_ERR(timer_create(CLOCK_MONOTONIC, &ev, &c), EINVAL);
	CHECK_ERR(timer_create(99, NULL, &c), EINVAL);
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)8, &c),
		  EFAULT);
	v.it_value.tv_nsec = 1000000000;
	CHECK_ERR(timer_settime(a, 0, &v, NULL), EINVAL);
	CHECK(timer_delete(a) == 0 && timer_delete(b) == 0);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}

static volatile sig_atomic_t cpu_timer_sig;

static void on_cpu_timer(int sig)
{
	cpu_timer_sig = sig;
}

/* Burn CPU in user mode until a CPU-time timer fires (5 s at most). */
static int spin_until_signal(void)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (!cpu_timer_sig && now.tv_sec - start.tv_sec < 5);
	return cpu_timer_sig != 0;
}

/* ITIMER_VIRTUAL and ITIMER_PROF count CPU time, not wall time. */
static void test_cpu_itimers(void)
{
	struct itimerval v = { .it_value.tv_usec = 20000 }, cur;

	signal(SIGVTALRM, on_cpu_timer);
	signal(SIGPROF, on_cpu_timer);
	CHECK(setitimer(ITIMER_PROF, &v, NULL) == 0);
	CHECK(spin_until_signal() && cpu_timer_sig == SIGPROF);
	cpu_timer_sig = 0;
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	CHECK(spin_until_signal() && cpu_timer_sig == SIGVTALRM);
	/* Sleeping uses no CPU time: a 10 ms virtual timer stays quiet. */
	cpu_timer_sig = 0;
	v.it_value.tv_usec = 10000;
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	usleep(100000);
	CHECK(cpu_timer_sig == 0);
	v = (struct itimerval){ .it_value.tv_sec = 10, .it_interval.tv_sec = 1 };
	CHECK(setitimer(ITIMER_VIRTUAL, &v, &cur) == 0 && cur.it_value.tv_usec > 0);
	CHECK(getitimer(ITIMER_VIRTUAL, &cur) == 0 && cur.it_value.tv_sec >= 9 &&
	      cur.it_value.tv_sec <= 10 && cur.it_interval.tv_sec == 1);
	v = (struct itimerval){ 0 };
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	CHECK(getitimer(ITIMER_VIRTUAL, &cur) == 0 && !cur.it_value.tv_sec &&
	      !cur.it_value.tv_usec && !cur.it_interval.tv_sec);
	CHECK(getitimer(ITIMER_PROF, &cur) == 0 && !cur.it_value.tv_sec &&
	      !cur.it_value.tv_usec);	/* one-shot: spent */
	CHECK_ERR(setitimer(5, &v, NULL), EINVAL);
	CHECK_ERR(getitimer(5, &cur), EINVAL);
	signal(SIGVTALRM, SIG_DFL);
	signal(SIGPROF, SIG_DFL);
}

static void *arm_alarm_and_exit(void *arg)
{
	struct itimerval v = { .it_value.tv_usec = 30000 };

	(void)arg;
	setitimer(ITIMER_REAL, &v, NULL);
	return NULL;
}

/* ITIMER_REAL belongs to the process: it outlives the thread that set it. */
static void test_itimer_real_is_per_process(void)
{
	struct timespec ts = { .tv_sec = 5 };
	struct itimerval cur;
	sigset_t m, old;
	pthread_t t;

	sigemptyset(&m);
	sigaddset(&m, SIGALRM);
	CHECK(sigprocmask(SIG_BLOCK, &m, &old) == 0);
	CHECK(pthread_create(&t, NULL, arm_alarm_and_exit, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(sigtimedwait(&m, NULL, &ts) == SIGALRM);
	CHECK(getitimer(ITIMER_REAL, &cur) == 0 && !cur.it_value.tv_sec &&
	      !cur.it_value.tv_usec);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}

int main(void)
{
	test_signal_args();
	test_sigtimedwait();
	test_restart();
	test_clocks();
	test_sleeps();
	test_poll_select();
	test_futex();
	test_timerfd();
	test_signalfd();
	test_posix_timers();
	test_cpu_itimers();
	test_itimer_real_is_per_process();
	return 0;
}
