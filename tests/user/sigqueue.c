/*
 * Signals in a thread group and queued real-time signals, as on Linux:
 * process-directed signals (kill, sigqueue) are shared by the threads
 * and taken by one that does not block them; tgkill is private to its
 * thread; real-time signals queue with their si_value, lowest number
 * first; standard signals coalesce; RLIMIT_SIGPENDING bounds the queue.
 * Run this on Linux too: exit 0.  Exit status N is the first failing
 * check.
 */
#include "check.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static int tgkill(pid_t tgid, pid_t t, int sig)
{
	return (int)syscall(SYS_tgkill, tgid, t, sig);
}

static sigset_t set_of(int a, int b)
{
	sigset_t s;

	sigemptyset(&s);
	if (a)
		sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	return s;
}

static void block(int a, int b)
{
	sigset_t s = set_of(a, b);

	pthread_sigmask(SIG_BLOCK, &s, NULL);
}

static int queue(int sig, int value)
{
	return sigqueue(getpid(), sig, (union sigval){ .sival_int = value });
}

/* Take one pending signal of @s without waiting: its number, or -1. */
static int take(sigset_t s, siginfo_t *si)
{
	struct timespec zero = { 0, 0 };

	return sigtimedwait(&s, si, &zero);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

/* All threads block SIGUSR1; one sits in sigwait: kill() reaches it. */
static volatile int waited_sig;
static volatile pid_t waiter_tid;

static void *waiter(void *arg)
{
	sigset_t s = set_of(SIGUSR1, 0);
	int sig = 0;

	(void)arg;
	waiter_tid = tid();
	if (sigwait(&s, &sig) == 0)
		waited_sig = sig;
	return NULL;
}

static void test_sigwait_thread(void)
{
	pthread_t th;

	block(SIGUSR1, 0);
	CHECK(pthread_create(&th, NULL, waiter, NULL) == 0);
	sleep_ms(20);		/* into sigwait (either order works) */
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(waited_sig == SIGUSR1);
	CHECK(waiter_tid != getpid());
}

/* Blocked in main, unblocked in a worker: the worker runs the handler. */
static volatile pid_t handler_tid;
static volatile int worker_ready;

static void on_usr2(int sig)
{
	(void)sig;
	handler_tid = tid();
}

static void *unblocker(void *arg)
{
	sigset_t s = set_of(SIGUSR2, 0);

	*(pid_t *)arg = tid();
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	worker_ready = 1;
	for (int i = 0; i < 2000 && !handler_tid; i++)
		sleep_ms(1);
	return NULL;
}

static void test_worker_handles(void)
{
	pthread_t th;
	pid_t worker = 0;

	signal(SIGUSR2, on_usr2);
	block(SIGUSR2, 0);
	CHECK(pthread_create(&th, NULL, unblocker, &worker) == 0);
	while (!worker_ready)
		sleep_ms(1);
	CHECK(kill(getpid(), SIGUSR2) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(handler_tid == worker);
	CHECK(handler_tid != getpid());
	signal(SIGUSR2, SIG_DFL);
}

/* Three sends of one RT signal arrive three times, values in order. */
static void test_rt_queue(void)
{
	int sig = SIGRTMIN + 1;
	sigset_t s = set_of(sig, 0);
	siginfo_t si;

	block(sig, 0);
	for (int v = 1; v <= 3; v++)
		CHECK(queue(sig, v) == 0);
	for (int v = 1; v <= 3; v++) {
		CHECK(take(s, &si) == sig);
		CHECK(si.si_code == SI_QUEUE && si.si_pid == getpid());
		CHECK(si.si_uid == getuid() && si.si_value.sival_int == v);
	}
	CHECK(take(s, &si) == -1 && errno == EAGAIN);
}

/* Different RT signals come out lowest number first. */
static void test_rt_order(void)
{
	int a = SIGRTMIN + 1, b = SIGRTMIN + 2, c = SIGRTMIN + 3;
	static const int want_sig[] = { 1, 1, 2, 3 }, want_val[] = {
		10, 11, 20, 30 };
	sigset_t s = set_of(a, b);
	siginfo_t si;

	sigaddset(&s, c);
	block(a, b);
	block(c, 0);
	CHECK(queue(c, 30) == 0 && queue(a, 10) == 0);
	CHECK(queue(b, 20) == 0 && queue(a, 11) == 0);
	for (int i = 0; i < 4; i++) {
		CHECK(take(s, &si) == SIGRTMIN + want_sig[i]);
		CHECK(si.si_value.sival_int == want_val[i]);
	}
	CHECK(take(s, &si) == -1 && errno == EAGAIN);
}

/* A standard signal sent twice while pending is one, with the first info. */
static void test_standard_coalesces(void)
{
	sigset_t s = set_of(SIGUSR1, 0);
	siginfo_t si;

	block(SIGUSR1, 0);
	CHECK(queue(SIGUSR1, 100) == 0 && queue(SIGUSR1, 200) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(take(s, &si) == SIGUSR1);
	CHECK(si.si_code == SI_QUEUE && si.si_value.sival_int == 100);
	CHECK(take(s, &si) == -1 && errno == EAGAIN);
}

/* rt_sigpending: the process's shared set and the thread's own. */
static volatile int other_sees_usr1 = -1, other_sees_usr2 = -1;

static void *pending_peek(void *arg)
{
	sigset_t p;

	(void)arg;
	if (sigpending(&p) == 0) {
		other_sees_usr1 = sigismember(&p, SIGUSR1);
		other_sees_usr2 = sigismember(&p, SIGUSR2);
	}
	return NULL;
}

static void test_pending_sets(void)
{
	sigset_t p, s = set_of(SIGUSR1, SIGUSR2);
	siginfo_t si;
	pthread_t th;

	block(SIGUSR1, SIGUSR2);
	CHECK(kill(getpid(), SIGUSR1) == 0);		/* shared */
	CHECK(tgkill(getpid(), tid(), SIGUSR2) == 0);	/* ours */
	CHECK(sigpending(&p) == 0);
	CHECK(sigismember(&p, SIGUSR1) && sigismember(&p, SIGUSR2));
	CHECK(pthread_create(&th, NULL, pending_peek, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(other_sees_usr1 == 1 && other_sees_usr2 == 0);
	/* The thread's own signals are taken before the shared ones. */
	CHECK(take(s, &si) == SIGUSR2 && si.si_code == SI_TKILL);
	CHECK(take(s, &si) == SIGUSR1 && si.si_code == SI_USER);
	CHECK(sigpending(&p) == 0 && !sigismember(&p, SIGUSR1) &&
	      !sigismember(&p, SIGUSR2));
}

/* A thread that sends to its process and exits leaves the signal behind. */
static void *send_and_exit(void *arg)
{
	(void)arg;
	kill(getpid(), SIGUSR1);
	return NULL;
}

static void test_exit_leaves_shared(void)
{
	sigset_t s = set_of(SIGUSR1, 0);
	siginfo_t si;
	pthread_t th;

	block(SIGUSR1, 0);
	CHECK(pthread_create(&th, NULL, send_and_exit, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(take(s, &si) == SIGUSR1 && si.si_pid == getpid());
}

/* tgkill reaches only its thread: the others do not see it pending. */
static volatile pid_t target_tid;
static volatile int target_go, target_got = -1, target_code;

static void *tgkill_target(void *arg)
{
	sigset_t s = set_of(SIGUSR2, 0), p;
	siginfo_t si;

	(void)arg;
	target_tid = tid();
	while (!target_go)
		sleep_ms(1);
	if (sigpending(&p) == 0 && sigismember(&p, SIGUSR2) &&
	    sigwaitinfo(&s, &si) == SIGUSR2) {
		target_got = SIGUSR2;
		target_code = si.si_code;
	}
	return NULL;
}

static void test_tgkill_private(void)
{
	sigset_t p;
	pthread_t th;

	block(SIGUSR2, 0);
	CHECK(pthread_create(&th, NULL, tgkill_target, NULL) == 0);
	while (!target_tid)
		sleep_ms(1);
	CHECK(tgkill(getpid(), target_tid, SIGUSR2) == 0);
	CHECK(sigpending(&p) == 0 && !sigismember(&p, SIGUSR2));
	target_go = 1;
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(target_got == SIGUSR2 && target_code == SI_TKILL);
}

/*
 * RLIMIT_SIGPENDING counts the queued signals of a real uid (root
 * included): in a child with its own uid and a limit of 4, the fifth
 * sigqueue fails with EAGAIN, while kill() of another RT signal still
 * makes it pending, without info.
 */
static int limit_child(void)
{
	struct rlimit rl = { 4, 4 };
	int rt = SIGRTMIN + 2, rt2 = SIGRTMIN + 4;
	sigset_t s = set_of(rt, rt2);
	siginfo_t si;

	block(rt, rt2);
	if (setrlimit(RLIMIT_SIGPENDING, &rl) || setuid(65533))
		return 100;
	for (int v = 0; v < 4; v++)
		if (queue(rt, v))
			return 101 + v;
	if (queue(rt, 4) != -1 || errno != EAGAIN)
		return 110;
	if (queue(rt2, 5) != -1 || errno != EAGAIN)
		return 111;
	if (kill(getpid(), rt2))
		return 112;
	for (int v = 0; v < 4; v++)
		if (take(s, &si) != rt || si.si_value.sival_int != v)
			return 120 + v;
	if (take(s, &si) != rt2 || si.si_code != SI_USER || si.si_pid != 0)
		return 130;
	/* The queue drained: sending works again. */
	if (queue(rt, 9) || take(s, &si) != rt || si.si_value.sival_int != 9)
		return 131;
	return 0;
}

static void test_sigpending_limit(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(limit_child());
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		check_say(2, "limit child: status 0x%x\n", status);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A fatal signal taken by any thread ends the whole process. */
static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void test_fatal_kills_group(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		pthread_t th;
		sigset_t s = set_of(SIGTERM, 0);

		pthread_create(&th, NULL, sleeper, NULL);
		/* Only the sleeper can take SIGTERM. */
		pthread_sigmask(SIG_BLOCK, &s, NULL);
		for (;;)
			pause();
	}
	sleep_ms(20);
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
}

/*
 * SIGSTOP stops every thread (a spinning one too) and wait() reports it
 * once, for the process; SIGCONT resumes them all.
 */
static volatile long *spins;

static void *spinner(void *arg)
{
	(void)arg;
	for (;;)
		__atomic_fetch_add(spins, 1, __ATOMIC_RELAXED);
	return NULL;
}

static long spins_after(int ms)
{
	sleep_ms(ms);
	return __atomic_load_n(spins, __ATOMIC_RELAXED);
}

static void test_group_stop(void)
{
	int status = -1;
	long a;
	pid_t pid;

	spins = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(spins != MAP_FAILED);
	pid = fork();
	if (pid == 0) {
		pthread_t th;

		pthread_create(&th, NULL, spinner, NULL);
		for (;;)
			pause();
	}
	while (!spins_after(1))
		;
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	a = spins_after(20);
	CHECK(spins_after(30) == a);	/* the spinner stopped too */
	/* Reported once. */
	CHECK(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status));
	a = spins_after(0);
	for (int i = 0; i < 2000 && spins_after(1) == a; i++)
		;
	CHECK(spins_after(0) != a);		/* and runs again */
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	munmap((void *)spins, 4096);
}

/*
 * Across CPUs: RT signals sent to the process while two workers (the
 * only threads not blocking it) take turns handling them; each arrives
 * exactly once.  Then a sigwaitinfo thread receives a stream in order.
 */
#define STREAM 300

static long handled, handled_sum;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	__atomic_fetch_add(&handled_sum, si->si_value.sival_int,
			   __ATOMIC_RELAXED);
	__atomic_fetch_add(&handled, 1, __ATOMIC_RELEASE);
}

static void *rt_worker(void *arg)
{
	sigset_t s = set_of(SIGRTMIN + 5, 0);

	(void)arg;
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	for (int i = 0; i < 5000; i++) {
		if (__atomic_load_n(&handled, __ATOMIC_ACQUIRE) >= STREAM)
			break;
		sleep_ms(1);
	}
	return NULL;
}

static volatile int stream_bad = -1;

static void *stream_reader(void *arg)
{
	sigset_t s = set_of(SIGRTMIN + 6, 0);
	siginfo_t si;
	int i;

	(void)arg;
	for (i = 0; i < STREAM; i++)
		if (sigwaitinfo(&s, &si) != SIGRTMIN + 6 ||
		    si.si_value.sival_int != i)
			break;
	stream_bad = i != STREAM;
	return NULL;
}

/* sigqueue, retrying while the queue is full (RLIMIT_SIGPENDING). */
static int queue_retry(int sig, int value)
{
	int r;

	while ((r = queue(sig, value)) == -1 && errno == EAGAIN)
		sched_yield();
	return r;
}

static void test_smp_streams(void)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	pthread_t th[3];
	long sum = 0;

	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGRTMIN + 5, &sa, NULL) == 0);
	block(SIGRTMIN + 5, SIGRTMIN + 6);
	CHECK(pthread_create(&th[0], NULL, rt_worker, NULL) == 0);
	CHECK(pthread_create(&th[1], NULL, rt_worker, NULL) == 0);
	CHECK(pthread_create(&th[2], NULL, stream_reader, NULL) == 0);
	for (int i = 0; i < STREAM; i++) {
		CHECK(queue_retry(SIGRTMIN + 5, i) == 0);
		CHECK(queue_retry(SIGRTMIN + 6, i) == 0);
		sum += i;
	}
	for (int i = 0; i < 3; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	CHECK(handled == STREAM && handled_sum == sum);
	CHECK(stream_bad == 0);
	signal(SIGRTMIN + 5, SIG_DFL);
}

int main(void)
{
	sigset_t none;

	sigemptyset(&none);
	test_sigwait_thread();
	test_worker_handles();
	test_rt_queue();
	test_rt_order();
	test_standard_coalesces();
	test_pending_sets();
	test_exit_leaves_shared();
	test_tgkill_private();
	test_sigpending_limit();
	test_fatal_kills_group();
	test_group_stop();
	test_smp_streams();
	sigprocmask(SIG_SETMASK, &none, NULL);
	return 0;
}
