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

int main(void)
{
	test_threads();
	test_futex_errors();
	test_exit_group();
	return 0;
}
