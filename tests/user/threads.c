/*
 * Threads: clone with CLONE_VM|CLONE_THREAD|CLONE_SETTLS (musl's
 * pthread_create), futex waits and wakes (mutexes, condition variables,
 * join through CLONE_CHILD_CLEARTID), thread ids, and exit_group taking
 * down every thread.  Exit status N is the first failing check.
 */
#include "check.h"
#include <errno.h>
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#include <pthread.h>
#include <stdint.h>
#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NTHREADS 4
#define ROUNDS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int ready;
static __thread int tls_value;
static pid_t tids[NTHREADS];

static void *worker(void *arg)
{
	long id = (long)arg;

	tls_value = (int)id + 100;
	tids[id] = (pid_t)syscall(SYS_gettid);
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 500 == 0)
			sched_yield();
	}
	pthread_mutex_lock(&lock);
	ready++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return (void *)(long)(tls_value == (int)id + 100);
}

static void test_threads(void)
{
	pthread_t th[NTHREADS];

	tls_value = 7;
	for (long i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&th[i], NULL, worker, (void *)i) == 0);
	pthread_mutex_lock(&lock);
	while (ready < NTHREADS)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;

		CHECK(pthread_join(th[i], &ret) == 0);
		CHECK(ret == (void *)1);	/* each thread had its own TLS */
	}
	CHECK(counter == (long)NTHREADS * ROUNDS);
	CHECK(tls_value == 7);
	for (int i = 0; i < NTHREADS; i++)
		CHECK(tids[i] != getpid() && tids[i] > 0);
}

static void test_futex_errors(void)
{
	static int word = 5;

	CHECK(syscall(SYS_futex, &word, FUTEX_WAIT, 6, NULL, NULL, 0) == -1 &&
	      errno == EAGAIN);
	CHECK(syscall(SYS_futex, (char *)&word + 1, FUTEX_WAKE, 1, NULL, NULL,
		      0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_futex, &word, FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	CHECK(syscall(SYS_futex, &word, FUTEX_WAIT, 5, &ts, NULL, 0) == -1 &&
	      errno == ETIMEDOUT);
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void test_exit_group(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pthread_t t;

		pthread_create(&t, NULL, sleeper, NULL);
		pthread_create(&t, NULL, sleeper, NULL);
		_exit(9);	/* exit_group: the sleepers must die too */
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9);
}

static pthread_mutex_t *robust;

static void *lock_and_die(void *arg)
{
	(void)arg;
	pthread_mutex_lock(robust);
	return NULL;	/* exits holding it */
}

static void *lock_and_die_later(void *arg)
{
	(void)arg;
	pthread_mutex_lock(robust);
	usleep(50000);
	return NULL;
}

/* Robust mutexes: a lock whose owner died comes back as EOWNERDEAD. */
static void test_robust_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_t t, w;
	void *ret;
	long head = 0;
	size_t len = 0;
	int status;
	pid_t pid;

	robust = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(robust != MAP_FAILED);
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	CHECK(pthread_mutex_init(robust, &a) == 0);
	/* A thread dies holding it. */
	CHECK(pthread_create(&t, NULL, lock_and_die, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(pthread_mutex_lock(robust) == EOWNERDEAD);
	CHECK(pthread_mutex_consistent(robust) == 0);
	CHECK(pthread_mutex_unlock(robust) == 0);
	/* We block on it; its owner's death wakes us. */
	CHECK(pthread_create(&w, NULL, lock_and_die_later, NULL) == 0);
	usleep(10000);
	CHECK(pthread_mutex_lock(robust) == EOWNERDEAD);
	CHECK(pthread_join(w, &ret) == 0 && ret == NULL);
	CHECK(pthread_mutex_consistent(robust) == 0);
	CHECK(pthread_mutex_unlock(robust) == 0);
	/* A child process dies holding it (shared memory). */
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(robust);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	CHECK(pthread_mutex_lock(robust) == EOWNERDEAD);
	CHECK(pthread_mutex_consistent(robust) == 0);
	CHECK(pthread_mutex_unlock(robust) == 0);
	CHECK(syscall(SYS_get_robust_list, 0, &head, &len) == 0 && len == 24);
	CHECK(syscall(SYS_get_robust_list, 999999, &head, &len) == -1 &&
	      errno == ESRCH);
	CHECK(syscall(SYS_get_robust_list, 0, (void *)8, &len) == -1 &&
	      errno == EFAULT);
	CHECK(munmap(robust, 4096) == 0);
}

/* membarrier: the commands JITs and liburcu use, registration first. */
static void test_membarrier(void)
{
	long mask = syscall(SYS_membarrier, 0, 0, 0);

	CHECK(mask > 0 && (mask & 0x1f) == 0x1f);
	CHECK(syscall(SYS_membarrier, 8, 0, 0) == -1 && errno == EPERM);
	CHECK(syscall(SYS_membarrier, 16, 0, 0) == 0);
	CHECK(syscall(SYS_membarrier, 8, 0, 0) == 0);
	CHECK(syscall(SYS_membarrier, 1, 0, 0) == 0);
	CHECK(syscall(SYS_membarrier, 2, 0, 0) == 0);
	CHECK(syscall(SYS_membarrier, 1 << 20, 0, 0) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_membarrier, 1, 2, 0) == -1 && errno == EINVAL);
}

struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* clone3 (glibc's pthread_create and posix_spawn try it first). */
static void test_clone3(void)
{
	struct {
		struct clone3_args a;
		uint64_t extra;
	} big = { .a = { .exit_signal = SIGCHLD }, .extra = 0 };
	struct clone3_args a = { .exit_signal = SIGCHLD };
	int ptid = 0, status;
	long pid;

	a.flags = CLONE_PARENT_SETTID;
	a.parent_tid = (uintptr_t)&ptid;
	pid = syscall(SYS_clone3, &a, sizeof(a));
	if (pid == 0)
		_exit(3);
	CHECK(pid > 0 && ptid == pid);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 3);
	/* A larger structure with zeros past ours is fine. */
	pid = syscall(SYS_clone3, &big, sizeof(big));
	if (pid == 0)
		_exit(4);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WEXITSTATUS(status) == 4);
	big.extra = 1;
	CHECK(syscall(SYS_clone3, &big, sizeof(big)) == -1 && errno == E2BIG);
	CHECK(syscall(SYS_clone3, &a, 8) == -1 && errno == EINVAL);
	a = (struct clone3_args){ .exit_signal = 65 };
	CHECK(syscall(SYS_clone3, &a, sizeof(a)) == -1 && errno == EINVAL);
	a = (struct clone3_args){ .flags = SIGCHLD };
	CHECK(syscall(SYS_clone3, &a, sizeof(a)) == -1 && errno == EINVAL);
	a = (struct clone3_args){ .stack = 4096, .exit_signal = SIGCHLD };
	CHECK(syscall(SYS_clone3, &a, sizeof(a)) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_clone3, (void *)8, sizeof(a)) == -1 &&
	      errno == EFAULT);
}

int main(void)
{
	test_threads();
	test_futex_errors();
	test_exit_group();
	test_robust_mutex();
	test_membarrier();
	test_clone3();
	return 0;
}
