/*
 * eventfd and epoll, checked the same way on Linux and UmkaOS.  Exit
 * status 0 means every check passed; otherwise it is the number of the
 * first failing check, so the kernel self-test can name it.
 */
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static ssize_t efd_read(int fd, uint64_t *v)
{
	return read(fd, v, sizeof(*v));
}

static ssize_t efd_write(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v));
}

static void test_eventfd_counter(void)
{
	uint64_t v = 0;
	char small[4];
	int fd = eventfd(5, EFD_NONBLOCK);

	CHECK(fd >= 0);
	CHECK(efd_write(fd, 3) == 8);
	CHECK(efd_read(fd, &v) == 8 && v == 8);		/* read resets */
	CHECK(efd_read(fd, &v) == -1 && errno == EAGAIN);
	CHECK(read(fd, small, sizeof(small)) == -1 && errno == EINVAL);
	CHECK(write(fd, small, sizeof(small)) == -1 && errno == EINVAL);
	CHECK(efd_write(fd, UINT64_MAX) == -1 && errno == EINVAL);
	/* The counter tops out at 0xfffffffffffffffe. */
	CHECK(efd_write(fd, 0xfffffffffffffffeULL) == 8);
	CHECK(efd_write(fd, 1) == -1 && errno == EAGAIN);
	CHECK(efd_read(fd, &v) == 8 && v == 0xfffffffffffffffeULL);
	CHECK(efd_write(fd, 0) == 8);
	CHECK(efd_read(fd, &v) == -1 && errno == EAGAIN);
	CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) && !(fcntl(fd, F_GETFD) &
						      FD_CLOEXEC));
	close(fd);
	CHECK(eventfd(0, 0x40000) == -1 && errno == EINVAL);
	fd = eventfd(0, EFD_CLOEXEC);
	CHECK(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	close(fd);
	/* The old eventfd(2) call, without flags. */
	fd = syscall(SYS_eventfd, 7);
	CHECK(fd >= 0 && efd_read(fd, &v) == 8 && v == 7);
	close(fd);
}

static void test_eventfd_semaphore(void)
{
	uint64_t v = 0;
	int fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);

	CHECK(fd >= 0);
	CHECK(efd_read(fd, &v) == 8 && v == 1);
	CHECK(efd_read(fd, &v) == 8 && v == 1);
	CHECK(efd_read(fd, &v) == -1 && errno == EAGAIN);
	close(fd);
}

/* A blocking read waits for a writer in another process. */
static void test_eventfd_block(void)
{
	uint64_t v = 0, t0;
	int fd = eventfd(0, 0), status;
	pid_t pid;

	CHECK(fd >= 0);
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		_exit(efd_write(fd, 42) == 8 ? 0 : 1);
	}
	CHECK(pid > 0);
	t0 = now_ms();
	CHECK(efd_read(fd, &v) == 8 && v == 42);
	CHECK(now_ms() - t0 >= 30);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	/* A blocking write waits for room. */
	CHECK(efd_write(fd, 0xfffffffffffffffeULL) == 8);
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		_exit(efd_read(fd, &v) == 8 ? 0 : 1);
	}
	CHECK(efd_write(fd, 5) == 8);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	CHECK(efd_read(fd, &v) == 8 && v == 5);
	close(fd);
}

static void test_epoll_basic(void)
{
	struct epoll_event ev, out[8];
	int ep = epoll_create1(0), p[2], efd, n;
	uint64_t v, t0;
	char c;

	CHECK(ep >= 0 && !(fcntl(ep, F_GETFD) & FD_CLOEXEC));
	CHECK(pipe(p) == 0);
	efd = eventfd(0, EFD_NONBLOCK);
	CHECK(efd >= 0);
	ev.events = EPOLLIN;
	ev.data.u64 = 0x1111222233334444ULL;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	ev.events = EPOLLIN;
	ev.data.u64 = 77;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	/* Nothing ready: timeout 0 returns at once, a small one waits. */
	CHECK(epoll_wait(ep, out, 8, 0) == 0);
	t0 = now_ms();
	CHECK(epoll_wait(ep, out, 8, 30) == 0);
	CHECK(now_ms() - t0 >= 20);
	/* Level-triggered: reported until drained. */
	CHECK(write(p[1], "x", 1) == 1);
	n = epoll_wait(ep, out, 8, 0);
	CHECK(n == 1 && out[0].events == EPOLLIN &&
	      out[0].data.u64 == 0x1111222233334444ULL);
	CHECK(epoll_wait(ep, out, 8, 0) == 1);
	CHECK(efd_write(efd, 1) == 8);
	CHECK(epoll_wait(ep, out, 8, 0) == 2);
	CHECK(epoll_wait(ep, out, 1, 0) == 1);	/* maxevents respected */
	CHECK(read(p[0], &c, 1) == 1 && c == 'x');
	n = epoll_wait(ep, out, 8, 0);
	CHECK(n == 1 && out[0].data.u64 == 77);
	CHECK(efd_read(efd, &v) == 8 && v == 1);
	CHECK(epoll_wait(ep, out, 8, 0) == 0);
	/* MOD changes the interest and the data. */
	ev.events = EPOLLOUT;
	ev.data.u64 = 99;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev) == 0);
	n = epoll_wait(ep, out, 8, 0);
	CHECK(n == 1 && out[0].events == EPOLLOUT && out[0].data.u64 == 99);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
	CHECK(epoll_wait(ep, out, 8, 0) == 0);
	/* Hang-up is reported without being asked for. */
	ev.events = 0;
	ev.data.u64 = 5;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
	CHECK(epoll_wait(ep, out, 8, 0) == 0);
	close(p[1]);
	n = epoll_wait(ep, out, 8, 0);
	CHECK(n == 1 && out[0].events == EPOLLHUP && out[0].data.u64 == 5);
	close(p[0]);
	close(efd);
	close(ep);
}

/* epoll_wait sleeps until another process makes a file ready. */
static void test_epoll_block(void)
{
	struct epoll_event ev = { EPOLLIN, { .u64 = 3 } }, out[4];
	int ep = syscall(SYS_epoll_create, 1), efd = eventfd(0, 0), status;
	uint64_t t0;
	pid_t pid;

	CHECK(ep >= 0 && efd >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	pid = fork();
	if (pid == 0) {
		sleep_ms(50);
		_exit(efd_write(efd, 1) == 8 ? 0 : 1);
	}
	CHECK(pid > 0);
	t0 = now_ms();
	CHECK(epoll_wait(ep, out, 4, 5000) == 1 && out[0].data.u64 == 3);
	CHECK(now_ms() - t0 >= 30 && now_ms() - t0 < 4000);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	/*
	 * An item added (here by a child sharing the epoll file) while the
	 * caller sleeps must wake it when it becomes ready later.
	 */
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0);
	CHECK(efd_read(efd, &t0) == 8);
	pid = fork();
	if (pid == 0) {
		sleep_ms(30);
		if (epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) != 0)
			_exit(1);
		sleep_ms(30);
		_exit(efd_write(efd, 1) == 8 ? 0 : 2);
	}
	CHECK(pid > 0);
	CHECK(epoll_wait(ep, out, 4, 5000) == 1 && out[0].data.u64 == 3);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	/* epoll_pwait with a mask, and an epoll file inside another. */
	{
		sigset_t set;
		int outer = epoll_create1(EPOLL_CLOEXEC);

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		CHECK(epoll_pwait(ep, out, 4, 10, &set) == 1);
		CHECK(outer >= 0 && (fcntl(outer, F_GETFD) & FD_CLOEXEC));
		ev.events = EPOLLIN;
		ev.data.u64 = 8;
		CHECK(epoll_ctl(outer, EPOLL_CTL_ADD, ep, &ev) == 0);
		CHECK(epoll_wait(outer, out, 4, 0) == 1 &&
		      out[0].data.u64 == 8);
		/* A cycle is refused. */
		CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, outer, &ev) == -1 &&
		      errno == ELOOP);
		close(outer);
	}
	close(efd);
	close(ep);
}

static void test_epoll_oneshot(void)
{
	struct epoll_event ev = { EPOLLIN | EPOLLONESHOT, { .u64 = 1 } }, out[4];
	int ep = epoll_create1(0), efd = eventfd(1, EFD_NONBLOCK);

	CHECK(ep >= 0 && efd >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1);
	/* Still readable, but disarmed until MOD. */
	CHECK(epoll_wait(ep, out, 4, 0) == 0);
	CHECK(epoll_wait(ep, out, 4, 20) == 0);
	/* Re-adding is EEXIST: the item is still registered. */
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == -1 && errno == EEXIST);
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && out[0].events == EPOLLIN);
	CHECK(epoll_wait(ep, out, 4, 0) == 0);
	close(efd);
	close(ep);
}

static int et_sum;

static void *et_writer(void *arg)
{
	int fd = *(int *)arg;

	sleep_ms(30);
	et_sum += write(fd, "late", 4);
	return NULL;
}

/*
 * Edge-triggered: an item is reported when something new happened on
 * its file since it was last reported, not while it merely stays ready.
 */
static void test_epoll_et(void)
{
	struct epoll_event ev = { EPOLLIN | EPOLLET, { .u64 = 5 } }, out[4];
	int ep = epoll_create1(0), p[2], efd;
	char buf[16];

	CHECK(ep >= 0 && pipe2(p, O_NONBLOCK) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 0);		/* nothing yet */
	CHECK(write(p[1], "ab", 2) == 2);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && out[0].events == EPOLLIN &&
	      out[0].data.u64 == 5);
	/* Still readable, but no new edge. */
	CHECK(epoll_wait(ep, out, 4, 0) == 0);
	CHECK(epoll_wait(ep, out, 4, 20) == 0);
	/* Partial read: nothing new arrived, so nothing to report. */
	CHECK(read(p[0], buf, 1) == 1);
	CHECK(epoll_wait(ep, out, 4, 0) == 0);
	/* New data is an edge even though the pipe never became empty. */
	CHECK(write(p[1], "c", 1) == 1);
	CHECK(epoll_wait(ep, out, 4, 0) == 1);
	CHECK(epoll_wait(ep, out, 4, 0) == 0);
	/* Drained, then written while nobody waited: reported once. */
	CHECK(read(p[0], buf, sizeof(buf)) == 2);
	CHECK(write(p[1], "d", 1) == 1);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && epoll_wait(ep, out, 4, 0) == 0);
	/* A waiter is woken by the edge. */
	pthread_t th;
	uint64_t t0 = now_ms();
	CHECK(pthread_create(&th, NULL, et_writer, &p[1]) == 0);
	CHECK(epoll_wait(ep, out, 4, 2000) == 1 && now_ms() - t0 >= 25);
	CHECK(pthread_join(th, NULL) == 0 && et_sum == 4);
	/* MOD re-arms: what is ready now is reported once more. */
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && epoll_wait(ep, out, 4, 0) == 0);
	/* The write end: room is an edge for EPOLLOUT. */
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.u64 = 6;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && out[0].data.u64 == 6 &&
	      out[0].events == EPOLLOUT);
	CHECK(epoll_wait(ep, out, 4, 0) == 0);
	/* The reader closing is an edge for the writer (EPOLLERR). */
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0 && close(p[0]) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 &&
	      (out[0].events & EPOLLERR) && out[0].data.u64 == 6);
	CHECK(close(p[1]) == 0);

	/* eventfd: each write is an edge for readers. */
	efd = eventfd(0, EFD_NONBLOCK);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 7;
	CHECK(efd >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	CHECK(efd_write(efd, 1) == 8 && epoll_wait(ep, out, 4, 0) == 1);
	CHECK(epoll_wait(ep, out, 4, 0) == 0);
	CHECK(efd_write(efd, 1) == 8 && epoll_wait(ep, out, 4, 0) == 1 &&
	      out[0].data.u64 == 7);
	/* Edge-triggered and one-shot together: once, until MOD. */
	ev.events = EPOLLIN | EPOLLET | EPOLLONESHOT;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1);
	CHECK(efd_write(efd, 1) == 8 && epoll_wait(ep, out, 4, 0) == 0);
	CHECK(close(efd) == 0);
	/* Level-triggered, for contrast: reported as long as it is ready. */
	efd = eventfd(1, EFD_NONBLOCK);
	ev.events = EPOLLIN;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && epoll_wait(ep, out, 4, 0) == 1);
	CHECK(close(efd) == 0 && close(ep) == 0);
}

static void *nested_writer(void *arg)
{
	int fd = *(int *)arg;

	sleep_ms(30);
	et_sum += write(fd, "n", 1);
	return NULL;
}

/*
 * An epoll file inside another, edge-triggered: the outer one reports
 * the inner one once for each new event on the inner set, not for as
 * long as the inner one stays readable.
 */
static void test_epoll_et_nested(void)
{
	struct epoll_event ev = { EPOLLIN, { .u64 = 1 } }, out[4];
	int inner = epoll_create1(0), outer = epoll_create1(0), p[2], q[2];
	char buf[16];
	pthread_t th;
	uint64_t t0;

	CHECK(inner >= 0 && outer >= 0);
	CHECK(pipe2(p, O_NONBLOCK) == 0 && pipe2(q, O_NONBLOCK) == 0);
	CHECK(epoll_ctl(inner, EPOLL_CTL_ADD, p[0], &ev) == 0);
	ev = (struct epoll_event){ EPOLLIN | EPOLLET, { .u64 = 99 } };
	CHECK(epoll_ctl(outer, EPOLL_CTL_ADD, inner, &ev) == 0);
	CHECK(epoll_wait(outer, out, 4, 0) == 0);	/* nothing yet */
	CHECK(write(p[1], "a", 1) == 1);
	CHECK(epoll_wait(outer, out, 4, 0) == 1 && out[0].events == EPOLLIN &&
	      out[0].data.u64 == 99);
	/* The inner set stays readable (level-triggered), but no new edge. */
	CHECK(epoll_wait(outer, out, 4, 0) == 0);
	CHECK(epoll_wait(outer, out, 4, 20) == 0);
	/* More data on a still readable pipe: a new event, one report. */
	CHECK(write(p[1], "b", 1) == 1);
	CHECK(epoll_wait(outer, out, 4, 0) == 1 && out[0].data.u64 == 99);
	CHECK(epoll_wait(outer, out, 4, 0) == 0);
	/* The inner one still reports its item, level-triggered. */
	CHECK(epoll_wait(inner, out, 4, 0) == 1 && out[0].data.u64 == 1);
	/* A second item of the inner set: its events are edges too. */
	ev = (struct epoll_event){ EPOLLIN, { .u64 = 2 } };
	CHECK(epoll_ctl(inner, EPOLL_CTL_ADD, q[0], &ev) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 2);
	while (epoll_wait(outer, out, 4, 0) > 0)
		;			/* whatever the ADD itself reported */
	CHECK(write(q[1], "c", 1) == 1);
	CHECK(epoll_wait(outer, out, 4, 0) == 1 && epoll_wait(outer, out, 4, 0) == 0);
	CHECK(read(q[0], buf, sizeof(buf)) == 1);
	/* Drained: not readable, so no report at all. */
	CHECK(epoll_wait(outer, out, 4, 0) == 0);
	/* A waiter on the outer set is woken by an event on the inner one. */
	t0 = now_ms();
	et_sum = 0;
	CHECK(pthread_create(&th, NULL, nested_writer, &p[1]) == 0);
	CHECK(epoll_wait(outer, out, 4, 2000) == 1 && out[0].data.u64 == 99 &&
	      now_ms() - t0 >= 25);
	CHECK(pthread_join(th, NULL) == 0 && et_sum == 1);
	CHECK(epoll_wait(outer, out, 4, 0) == 0);
	/* Level-triggered on the outer side, for contrast. */
	ev = (struct epoll_event){ EPOLLIN, { .u64 = 98 } };
	CHECK(epoll_ctl(outer, EPOLL_CTL_MOD, inner, &ev) == 0);
	CHECK(epoll_wait(outer, out, 4, 0) == 1 && epoll_wait(outer, out, 4, 0) == 1);
	/* MOD back to edge-triggered: what is ready is reported once. */
	ev = (struct epoll_event){ EPOLLIN | EPOLLET, { .u64 = 97 } };
	CHECK(epoll_ctl(outer, EPOLL_CTL_MOD, inner, &ev) == 0);
	CHECK(epoll_wait(outer, out, 4, 0) == 1 && out[0].data.u64 == 97);
	CHECK(epoll_wait(outer, out, 4, 0) == 0);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
	CHECK(close(q[0]) == 0 && close(q[1]) == 0);
	CHECK(close(outer) == 0 && close(inner) == 0);
}

static void test_epoll_errors(void)
{
	struct epoll_event ev = { EPOLLIN, { 0 } }, out[2];
	int ep = epoll_create1(0), efd = eventfd(0, 0), p[2], file;

	CHECK(ep >= 0 && efd >= 0 && pipe(p) == 0);
	CHECK(syscall(SYS_epoll_create, 0) == -1 && errno == EINVAL);
	CHECK(epoll_create1(1) == -1 && errno == EINVAL);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == -1 && errno == EEXIST);
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == -1 && errno == ENOENT);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev) == -1 && errno == ENOENT);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev) == -1 && errno == EBADF);
	CHECK(epoll_ctl(999, EPOLL_CTL_ADD, efd, &ev) == -1 && errno == EBADF);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev) == -1 && errno == EINVAL);
	CHECK(epoll_ctl(efd, EPOLL_CTL_ADD, p[0], &ev) == -1 &&
	      errno == EINVAL);
	CHECK(epoll_ctl(ep, 42, p[0], &ev) == -1 && errno == EINVAL);
	CHECK(epoll_wait(ep, out, 0, 0) == -1 && errno == EINVAL);
	CHECK(epoll_wait(efd, out, 2, 0) == -1 && errno == EINVAL);
	CHECK(epoll_wait(999, out, 2, 0) == -1 && errno == EBADF);
	/* Regular files cannot be polled for readiness. */
	file = open("/tmp/epoll-test", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(file >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev) == -1 && errno == EPERM);
	close(file);
	unlink("/tmp/epoll-test");
	close(p[0]);
	close(p[1]);
	close(efd);
	close(ep);
}

int main(void)
{
	test_eventfd_counter();
	test_eventfd_semaphore();
	test_eventfd_block();
	test_epoll_basic();
	test_epoll_block();
	test_epoll_oneshot();
	test_epoll_et();
	test_epoll_et_nested();
	test_epoll_errors();
	return 0;
}
