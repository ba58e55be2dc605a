/*
 * AF_UNIX sockets, checked the same way on Linux and UmkaOS: socketpair
 * of each type, named (path and abstract) listening sockets across
 * fork, datagram boundaries and addresses, EOF/EPIPE/SIGPIPE, poll and
 * epoll readiness, blocking with EINTR and restart, SCM_RIGHTS and
 * SCM_CREDENTIALS, socket options and the error cases.  Exit status 0
 * means every check passed; otherwise it is the number of the first
 * failing check.
 */
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* A child's exit: 0 when all its checks passed. */
static int wait_child(pid_t pid)
{
	int status = -1;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			   strlen(path) + 1);
}

/* An abstract name: a NUL, then @name, length without a terminator. */
static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   strlen(name));
}

static char proc_net_unix[64] = "/proc/net/unix";

/* Self-tests run with no /proc: mount one in the test directory. */
static void find_proc(void)
{
	if (access("/proc/self", F_OK) == 0)
		return;
	CHECK(mkdir("proc", 0755) == 0);
	CHECK(mount("proc", "proc", "proc", 0, NULL) == 0);
	strcpy(proc_net_unix, "proc/net/unix");
}

static void put_proc(void)
{
	if (strcmp(proc_net_unix, "/proc/net/unix"))
		CHECK(umount("proc") == 0 && rmdir("proc") == 0);
}

static int *volatile bad_ptr = (int *)8;

static void test_create_errors(void)
{
	int sv[2], p[2];

	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 5), EPROTONOSUPPORT);
	CHECK_ERR(socket(1000, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK_ERR(socket(AF_UNIX, 4 /* SOCK_RDM */, 0), ESOCKTNOSUPPORT);
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM | 0x100000, 0), EINVAL);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 7, sv), EPROTONOSUPPORT);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, bad_ptr), EFAULT);
	CHECK(pipe(p) == 0);
	CHECK_ERR(listen(p[0], 1), ENOTSOCK);
	CHECK_ERR(shutdown(p[0], SHUT_RD), ENOTSOCK);
	CHECK_ERR(send(p[1], "x", 1, 0), ENOTSOCK);
	CHECK_ERR(getsockname(999, NULL, NULL), EBADF);
	close(p[0]);
	close(p[1]);
}

static void test_pair_basics(void)
{
	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	struct ucred cred;
	struct stat st;
	int sv[2], v, n;
	char buf[64];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			 0, sv) == 0);
	CHECK(fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(sv[1], F_GETFL) & O_NONBLOCK);
	CHECK(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode));
	{
		char link[64], want[64];

		snprintf(link, sizeof(link), "%.*sself/fd/%d",
			 (int)(strlen(proc_net_unix) - 8), proc_net_unix, sv[0]);
		snprintf(want, sizeof(want), "socket:[%lu]",
			 (unsigned long)st.st_ino);
		n = (int)readlink(link, buf, sizeof(buf) - 1);
		CHECK(n > 0 && (buf[n] = 0, !strcmp(buf, want)));
		CHECK_ERR(open(link, O_RDWR), ENXIO);
	}
	CHECK_ERR(read(sv[0], buf, sizeof(buf)), EAGAIN);
	CHECK(write(sv[1], "hello", 5) == 5);
	CHECK(ioctl(sv[0], FIONREAD, &n) == 0 && n == 5);
	CHECK(recv(sv[0], buf, sizeof(buf), MSG_PEEK) == 5);
	CHECK(recv(sv[0], buf, 2, 0) == 2 && !memcmp(buf, "he", 2));
	CHECK(read(sv[0], buf, sizeof(buf)) == 3 && !memcmp(buf, "llo", 3));
	CHECK(getsockname(sv[0], (struct sockaddr *)&a, &len) == 0);
	CHECK(len == sizeof(sa_family_t) && a.sun_family == AF_UNIX);
	len = sizeof(a);
	CHECK(getpeername(sv[0], (struct sockaddr *)&a, &len) == 0 &&
	      len == sizeof(sa_family_t));
	len = sizeof(v);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len) == 0 &&
	      v == SOCK_STREAM && len == sizeof(int));
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &len) == 0 && !v);
	len = sizeof(cred);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0);
	CHECK(len == sizeof(cred) && cred.pid == getpid() &&
	      cred.uid == geteuid() && cred.gid == getegid());
	v = 4096;
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)) == 0);
	len = sizeof(v);
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &len) == 0 &&
	      v == 8192);
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0);
	CHECK_ERR(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, 2), EINVAL);
	CHECK_ERR(getsockopt(sv[0], SOL_SOCKET, 9999, &v, &len), ENOPROTOOPT);
	CHECK_ERR(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, (void *)8, &len),
		  EFAULT);
	CHECK_ERR(shutdown(sv[0], 7), EINVAL);
	CHECK_ERR(listen(sv[0], 1), EINVAL);
	CHECK_ERR(read(sv[0], (void *)8, 1), EAGAIN);
	CHECK(write(sv[1], "z", 1) == 1);
	CHECK_ERR(read(sv[0], (void *)8, 1), EFAULT);
	CHECK(read(sv[0], buf, 1) == 1 && buf[0] == 'z');
	CHECK_ERR(write(sv[1], (void *)8, 1), EFAULT);
	close(sv[0]);
	close(sv[1]);
}

/* A megabyte through a blocking stream pair, across fork. */
static void test_pair_fork_bulk(void)
{
	static unsigned char buf[65536];
	uint32_t sum = 0, got = 0;
	int sv[2];
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	pid = fork();
	if (pid == 0) {
		ssize_t n;
		size_t total = 0;

		close(sv[0]);
		while ((n = read(sv[1], buf, sizeof(buf))) > 0) {
			for (ssize_t i = 0; i < n; i++)
				sum += buf[i];
			total += (size_t)n;
		}
		CHECK(n == 0 && total == 16 * sizeof(buf));
		CHECK(write(sv[1], &sum, sizeof(sum)) == sizeof(sum));
		_exit(0);
	}
	close(sv[1]);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7);
	for (int r = 0; r < 16; r++) {
		CHECK(write(sv[0], buf, sizeof(buf)) == sizeof(buf));
		for (size_t i = 0; i < sizeof(buf); i++)
			sum += buf[i];
	}
	CHECK(shutdown(sv[0], SHUT_WR) == 0);
	CHECK(read(sv[0], &got, sizeof(got)) == sizeof(got) && got == sum);
	CHECK(read(sv[0], &got, sizeof(got)) == 0);
	CHECK(wait_child(pid) == 0);
	close(sv[0]);
}

static volatile sig_atomic_t got_sig;

static void on_signal(int sig)
{
	got_sig = sig;
}

static void test_eof_epipe(void)
{
	struct pollfd pfd;
	int sv[2], status;
	char c;
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[1], "ab", 2) == 2);
	close(sv[1]);
	pfd = (struct pollfd){ sv[0], POLLIN | POLLOUT | POLLRDHUP, 0 };
	CHECK(poll(&pfd, 1, 0) == 1);
	CHECK((pfd.revents & (POLLIN | POLLHUP | POLLRDHUP)) ==
	      (POLLIN | POLLHUP | POLLRDHUP));
	CHECK(read(sv[0], &c, 1) == 1 && read(sv[0], &c, 1) == 1);
	CHECK(read(sv[0], &c, 1) == 0);
	signal(SIGPIPE, on_signal);
	got_sig = 0;
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK(got_sig == 0);
	CHECK_ERR(write(sv[0], "x", 1), EPIPE);
	CHECK(got_sig == SIGPIPE);
	signal(SIGPIPE, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		(void)!write(sv[0], "x", 1);
		_exit(0);		/* not reached: SIGPIPE kills */
	}
	status = wait_child(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	close(sv[0]);

	/* shutdown(SHUT_WR): the peer reads EOF, the other way still works. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(shutdown(sv[0], SHUT_WR) == 0);
	CHECK(read(sv[1], &c, 1) == 0);
	CHECK(write(sv[1], "y", 1) == 1);
	CHECK(read(sv[0], &c, 1) == 1 && c == 'y');
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK(shutdown(sv[0], SHUT_RD) == 0);
	CHECK_ERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[0]);
	close(sv[1]);
}

static void test_nonblock_full(void)
{
	static char buf[4096];
	struct pollfd pfd;
	long total = 0;
	int sv[2], n;
	ssize_t r;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
	while ((r = write(sv[0], buf, sizeof(buf))) > 0)
		total += r;
	CHECK(r == -1 && errno == EAGAIN && total > 0);
	CHECK_ERR(send(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == total);
	pfd = (struct pollfd){ sv[0], POLLOUT, 0 };
	CHECK(poll(&pfd, 1, 0) == 0);
	while (total > 0 && (r = read(sv[1], buf, sizeof(buf))) > 0)
		total -= r;
	CHECK(total == 0);
	CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLOUT));
	close(sv[0]);
	close(sv[1]);
}

static void *late_writer(void *arg)
{
	sleep_ms(50);
	CHECK(write(*(int *)arg, "late", 4) == 4);
	return NULL;
}

static pthread_t main_thread;

static void *late_signal(void *arg)
{
	sleep_ms(50);
	pthread_kill(main_thread, SIGUSR1);
	if (arg) {
		sleep_ms(50);
		CHECK(write(*(int *)arg, "R", 1) == 1);
	}
	return NULL;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* SO_RCVTIMEO: EAGAIN after the time; a signal is EINTR even with
 * SA_RESTART (still installed by the caller), as on Linux. */
static void test_timeouts(int s)
{
	struct timeval tv = { 0, 100000 }, got;
	socklen_t len = sizeof(got);
	struct timespec t0;
	pthread_t t;
	char c;

	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	CHECK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &got, &len) == 0);
	CHECK(len == sizeof(got) && got.tv_sec == 0 && got.tv_usec == 100000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR(read(s, &c, 1), EAGAIN);
	CHECK(elapsed_ms(&t0) >= 90);
	tv.tv_sec = 5;
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	CHECK(pthread_create(&t, NULL, late_signal, NULL) == 0);
	CHECK_ERR(read(s, &c, 1), EINTR);
	pthread_join(t, NULL);
	tv.tv_usec = 1000000;
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)),
		  EDOM);
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, 4), EINVAL);
	tv.tv_sec = tv.tv_usec = 0;
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
}

/* Blocking reads: woken by a thread's write, EINTR, SA_RESTART. */
static void test_blocking(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd;
	pthread_t t;
	int sv[2];
	char buf[8];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(pthread_create(&t, NULL, late_writer, &sv[1]) == 0);
	pfd = (struct pollfd){ sv[0], POLLIN, 0 };
	CHECK(poll(&pfd, 1, 5000) == 1 && pfd.revents == POLLIN);
	CHECK(read(sv[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "late", 4));
	pthread_join(t, NULL);
	CHECK(pthread_create(&t, NULL, late_writer, &sv[1]) == 0);
	CHECK(recv(sv[0], buf, 4, MSG_WAITALL) == 4);
	pthread_join(t, NULL);

	main_thread = pthread_self();
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
	CHECK(pthread_create(&t, NULL, late_signal, NULL) == 0);
	CHECK_ERR(read(sv[0], buf, 1), EINTR);
	pthread_join(t, NULL);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	got_sig = 0;
	CHECK(pthread_create(&t, NULL, late_signal, &sv[1]) == 0);
	CHECK(read(sv[0], buf, 1) == 1 && buf[0] == 'R' && got_sig == SIGUSR1);
	pthread_join(t, NULL);
	test_timeouts(sv[0]);
	signal(SIGUSR1, SIG_DFL);
	close(sv[0]);
	close(sv[1]);
}

static void child_client(const struct sockaddr_un *a, socklen_t len)
{
	char buf[16];
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	struct ucred cred;
	socklen_t cl = sizeof(cred);

	CHECK(connect(c, (const struct sockaddr *)a, len) == 0);
	CHECK_ERR(connect(c, (const struct sockaddr *)a, len), EISCONN);
	CHECK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0 &&
	      cred.pid == getppid());
	CHECK(write(c, "ping", 4) == 4);
	CHECK(read(c, buf, sizeof(buf)) == 4 && !memcmp(buf, "pong", 4));
	CHECK(read(c, buf, sizeof(buf)) == 0);
	_exit(0);
}

/* A listener at @a (bound by the caller) serving a forked client. */
static void serve_one(int s, const struct sockaddr_un *a, socklen_t alen)
{
	struct sockaddr_un peer;
	socklen_t plen = sizeof(peer);
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	char buf[16];
	pid_t pid;
	int c;

	CHECK(listen(s, 4) == 0);
	pid = fork();
	if (pid == 0)
		child_client(a, alen);
	c = accept4(s, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	CHECK(c >= 0 && plen == sizeof(sa_family_t));
	CHECK(fcntl(c, F_GETFD) == FD_CLOEXEC);
	CHECK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0 &&
	      cred.pid == pid);
	plen = sizeof(peer);
	CHECK(getsockname(c, (struct sockaddr *)&peer, &plen) == 0 &&
	      plen == alen && !memcmp(&peer, a, alen));
	CHECK(read(c, buf, sizeof(buf)) == 4 && !memcmp(buf, "ping", 4));
	CHECK(write(c, "pong", 4) == 4);
	close(c);
	CHECK(wait_child(pid) == 0);
}

static void test_named_stream(void)
{
	struct sockaddr_un a, b;
	socklen_t alen = path_addr(&a, "srv.sock"), blen;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), t, fd;
	struct stat st;
	int v;
	socklen_t vl = sizeof(v);

	CHECK_ERR(listen(s, 1), EINVAL);	/* unbound */
	CHECK_ERR(connect(s, (struct sockaddr *)&a, alen), ENOENT);
	CHECK_ERR(bind(s, (struct sockaddr *)&a, 1), EINVAL);
	CHECK_ERR(bind(s, (struct sockaddr *)8, alen), EFAULT);
	b = a;
	b.sun_family = AF_INET;
	CHECK_ERR(bind(s, (struct sockaddr *)&b, alen), EINVAL);
	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0);
	CHECK(stat("srv.sock", &st) == 0 && S_ISSOCK(st.st_mode));
	CHECK_ERR(open("srv.sock", O_RDWR), ENXIO);
	CHECK_ERR(bind(s, (struct sockaddr *)&a, alen), EADDRINUSE);
	blen = path_addr(&b, "other.sock");
	CHECK_ERR(bind(s, (struct sockaddr *)&b, blen), EINVAL);
	CHECK_ERR(stat("other.sock", &st), ENOENT);	/* made, then undone */
	blen = sizeof(b);
	CHECK(getsockname(s, (struct sockaddr *)&b, &blen) == 0);
	CHECK(blen == alen && !strcmp(b.sun_path, "srv.sock"));
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(t, (struct sockaddr *)&a, alen), EADDRINUSE);
	/* Bound but not listening: refused. */
	CHECK_ERR(connect(t, (struct sockaddr *)&a, alen), ECONNREFUSED);
	fd = open("plain", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	blen = path_addr(&b, "plain");
	CHECK_ERR(connect(t, (struct sockaddr *)&b, blen), ECONNREFUSED);
	CHECK_ERR(bind(t, (struct sockaddr *)&b, blen), EADDRINUSE);
	serve_one(s, &a, alen);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(connect(fd, (struct sockaddr *)&a, alen), EPROTOTYPE);
	close(fd);
	CHECK(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl) == 0 && v);
	CHECK(fcntl(s, F_SETFL, O_NONBLOCK) == 0);
	CHECK_ERR(accept(s, NULL, NULL), EAGAIN);
	CHECK_ERR(accept(t, NULL, NULL), EINVAL);	/* not listening */
	/* A pending connection makes the listener readable. */
	CHECK(connect(t, (struct sockaddr *)&a, alen) == 0);
	{
		struct pollfd pfd = { s, POLLIN, 0 };

		CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN));
	}
	blen = sizeof(b);
	CHECK(getpeername(t, (struct sockaddr *)&b, &blen) == 0 &&
	      blen == alen && !strcmp(b.sun_path, "srv.sock"));
	close(s);		/* the queued connection is reset */
	{
		char c;

		CHECK(read(t, &c, 1) == 0 || errno == ECONNRESET);
	}
	close(t);
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(t, (struct sockaddr *)&a, alen), ECONNREFUSED);
	close(t);
	CHECK(unlink("srv.sock") == 0 && unlink("plain") == 0);
}

/* Whether /proc/net/unix has a line containing @what (and @flags). */
static int proc_net_unix_has(const char *what, const char *flags)
{
	static char buf[65536];
	int fd = open(proc_net_unix, O_RDONLY), found = 0;
	ssize_t n, len = 0;
	char *line;

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, what) && strstr(line, flags))
			found = 1;
	return found;
}

static void test_abstract(void)
{
	struct sockaddr_un a, b;
	char name[64];
	socklen_t alen, blen = sizeof(b);
	int s = socket(AF_UNIX, SOCK_STREAM, 0), t;

	snprintf(name, sizeof(name), "umka-unix-test-%d", (int)getpid());
	alen = abstract_addr(&a, name);
	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0);
	CHECK(getsockname(s, (struct sockaddr *)&b, &blen) == 0);
	CHECK(blen == alen && !memcmp(&a, &b, alen));
	t = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(t, (struct sockaddr *)&a, alen), EADDRINUSE);
	serve_one(s, &a, alen);
	{
		char at[80];

		snprintf(at, sizeof(at), " @%s", name);
		/* Listening: the __SO_ACCEPTCON flag, an unconnected stream. */
		CHECK(proc_net_unix_has(at, " 00010000 0001 01 "));
	}
	close(s);
	CHECK_ERR(connect(t, (struct sockaddr *)&a, alen), ECONNREFUSED);
	/* Autobind: the family alone gets a name of 5 hex digits. */
	blen = sizeof(sa_family_t);
	CHECK(bind(t, (struct sockaddr *)&a, blen) == 0);
	blen = sizeof(b);
	CHECK(getsockname(t, (struct sockaddr *)&b, &blen) == 0);
	CHECK(blen == offsetof(struct sockaddr_un, sun_path) + 6 &&
	      b.sun_path[0] == 0);
	close(t);
}

static void *late_reader(void *arg)
{
	char buf[128];

	sleep_ms(50);
	CHECK(recv(*(int *)arg, buf, sizeof(buf), 0) == 100);
	return NULL;
}

static void test_dgram(void)
{
	static char big[300000];
	struct sockaddr_un a, b, from;
	socklen_t alen = path_addr(&a, "dg.sock"), blen, flen;
	char buf[128], name[64];
	int sv[2], r, w, n, sent = 0;
	struct msghdr mh = { 0 };
	struct iovec iov = { buf, 5 };

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(send(sv[0], "one", 3, 0) == 3);
	CHECK(send(sv[0], "twotwo", 6, 0) == 6);
	CHECK(send(sv[0], "threethree", 10, 0) == 10);
	CHECK(ioctl(sv[1], FIONREAD, &n) == 0 && n == 3);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 3);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 6);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 6);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CHECK(recvmsg(sv[1], &mh, 0) == 5 && (mh.msg_flags & MSG_TRUNC));
	CHECK(!memcmp(buf, "three", 5));
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
	      errno == EAGAIN);
	/* readv and writev move one datagram across their segments. */
	{
		char x[3], y[10];
		struct iovec wv[2] = { { "abc", 3 }, { "defgh", 5 } };
		struct iovec rv[2] = { { x, sizeof(x) }, { y, sizeof(y) } };

		CHECK(writev(sv[0], wv, 2) == 8);
		CHECK(readv(sv[1], rv, 2) == 8);
		CHECK(!memcmp(x, "abc", 3) && !memcmp(y, "defgh", 5));
	}
	CHECK_ERR(send(sv[0], big, sizeof(big), 0), EMSGSIZE);
	CHECK_ERR(listen(sv[0], 1), EOPNOTSUPP);
	CHECK_ERR(accept(sv[0], NULL, NULL), EOPNOTSUPP);
	close(sv[0]);
	close(sv[1]);

	r = socket(AF_UNIX, SOCK_DGRAM, 0);
	w = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(send(w, "x", 1, 0), ENOTCONN);
	CHECK_ERR(sendto(w, "x", 1, 0, (struct sockaddr *)&a, alen), ENOENT);
	CHECK(bind(r, (struct sockaddr *)&a, alen) == 0);
	CHECK(sendto(w, "hi", 2, 0, (struct sockaddr *)&a, alen) == 2);
	flen = sizeof(from);
	CHECK(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		       &flen) == 2);
	CHECK(flen == 0);		/* an unnamed sender */
	snprintf(name, sizeof(name), "umka-dg-%d", (int)getpid());
	blen = abstract_addr(&b, name);
	CHECK(bind(w, (struct sockaddr *)&b, blen) == 0);
	CHECK(sendto(w, "hey", 3, 0, (struct sockaddr *)&a, alen) == 3);
	flen = sizeof(from);
	CHECK(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		       &flen) == 3);
	CHECK(flen == blen && !memcmp(&from, &b, blen));
	/* The receiver's queue fills up: EAGAIN without waiting. */
	while ((n = (int)sendto(w, buf, 100, MSG_DONTWAIT,
				(struct sockaddr *)&a, alen)) == 100)
		sent++;
	CHECK(n == -1 && errno == EAGAIN && sent > 0);
	/* A blocking send waits until the reader takes one. */
	{
		pthread_t t;

		CHECK(pthread_create(&t, NULL, late_reader, &r) == 0);
		CHECK(sendto(w, buf, 100, 0, (struct sockaddr *)&a, alen) ==
		      100);
		pthread_join(t, NULL);
	}
	while (recv(r, buf, sizeof(buf), MSG_DONTWAIT) == 100)
		sent--;
	CHECK(sent == 0);
	/* Connected: send() goes to the peer; a closed peer refuses. */
	CHECK(connect(w, (struct sockaddr *)&a, alen) == 0);
	CHECK(send(w, "c", 1, 0) == 1);
	CHECK(recv(r, buf, sizeof(buf), 0) == 1 && buf[0] == 'c');
	flen = sizeof(from);
	CHECK(getpeername(w, (struct sockaddr *)&from, &flen) == 0 &&
	      flen == alen);
	close(r);
	CHECK_ERR(send(w, "c", 1, 0), ECONNREFUSED);
	close(w);
	blen = abstract_addr(&b, "umka-nobody-here");
	w = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(unlink("dg.sock") == 0);
}

static void test_seqpacket(void)
{
	struct msghdr mh = { 0 };
	char buf[64];
	struct iovec iov = { buf, 4 };
	int sv[3];

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	CHECK(send(sv[0], "abc", 3, 0) == 3);
	CHECK(send(sv[0], "defghi", 6, 0) == 6);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 3);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CHECK(recvmsg(sv[1], &mh, 0) == 4 && (mh.msg_flags & MSG_TRUNC));
	close(sv[0]);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 0);
	CHECK_ERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_ERR(send(sv[1], "x", 1, 0), EPIPE);	/* and no SIGPIPE */
	close(sv[1]);
	/* A named seqpacket listener; a stream socket may not connect. */
	{
		struct sockaddr_un a;
		char name[64];
		socklen_t alen;
		int l = socket(AF_UNIX, SOCK_SEQPACKET, 0), c, s;

		snprintf(name, sizeof(name), "umka-seq-%d", (int)getpid());
		alen = abstract_addr(&a, name);
		CHECK(bind(l, (struct sockaddr *)&a, alen) == 0);
		CHECK(listen(l, 2) == 0);
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		CHECK_ERR(connect(c, (struct sockaddr *)&a, alen), ECONNREFUSED);
		/* Each type has its own abstract names. */
		CHECK(bind(c, (struct sockaddr *)&a, alen) == 0);
		close(c);
		c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), ENOTCONN);
		CHECK(connect(c, (struct sockaddr *)&a, alen) == 0);
		CHECK(send(c, "12", 2, 0) == 2 && send(c, "345", 3, 0) == 3);
		s = accept(l, NULL, NULL);
		CHECK(s >= 0 && recv(s, buf, sizeof(buf), 0) == 2);
		CHECK(recv(s, buf, sizeof(buf), 0) == 3);
		close(c);
		CHECK(recv(s, buf, sizeof(buf), 0) == 0);
		close(s);
		close(l);
	}
	sv[1] = -1;
	close(sv[1]);
	/* Datagrams: no SIGPIPE either; a closed peer refuses once. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(shutdown(sv[1], SHUT_WR) == 0);
	CHECK_ERR(send(sv[1], "x", 1, 0), EPIPE);
	close(sv[1]);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv + 1) == 0);
	close(sv[1]);
	CHECK_ERR(send(sv[2], "x", 1, 0), ECONNREFUSED);
	CHECK_ERR(send(sv[2], "x", 1, 0), ENOTCONN);
	close(sv[0]);
	close(sv[2]);
}

static int send_fds(int s, const int *fds, int n, const char *data)
{
	char ctl[CMSG_SPACE(sizeof(int) * 4)];
	struct iovec iov = { (void *)data, strlen(data) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl,
			     .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	memset(ctl, 0, sizeof(ctl));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return (int)sendmsg(s, &mh, 0);
}

/* Receive up to @max descriptors; returns how many, -1 on error. */
static int recv_fds(int s, int *fds, int max, size_t room, int flags,
		    int *msg_flags)
{
	char ctl[CMSG_SPACE(sizeof(int) * 8)], data[16];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = room ? ctl : NULL,
			     .msg_controllen = room };
	struct cmsghdr *c;
	int n = 0;

	if (recvmsg(s, &mh, flags) < 0)
		return -1;
	*msg_flags = mh.msg_flags;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		if (n > max)
			n = max;
		memcpy(fds, CMSG_DATA(c), sizeof(int) * n);
	}
	return n;
}

static void test_scm_rights(void)
{
	int sv[2], p[2], fds[2], fd, got[4], mf, bad = 999;
	char buf[16];
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {		/* gets the pipe's write end, writes to it */
		close(sv[0]);
		close(p[1]);
		CHECK(recv_fds(sv[1], got, 1, CMSG_SPACE(sizeof(int)), 0, &mf)
		      == 1);
		CHECK(write(got[0], "via", 3) == 3);
		/* then a file: read it from where the parent left it */
		CHECK(recv_fds(sv[1], got, 1, CMSG_SPACE(sizeof(int)),
			       MSG_CMSG_CLOEXEC, &mf) == 1);
		CHECK(fcntl(got[0], F_GETFD) == FD_CLOEXEC);
		CHECK(lseek(got[0], 0, SEEK_SET) == 0);
		CHECK(read(got[0], buf, sizeof(buf)) == 4 &&
		      !memcmp(buf, "file", 4));
		_exit(0);
	}
	close(sv[1]);
	CHECK(send_fds(sv[0], &p[1], 1, "P") == 1);
	close(p[1]);
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && !memcmp(buf, "via", 3));
	fd = open("passed", O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, "file", 4) == 4);
	CHECK(send_fds(sv[0], &fd, 1, "F") == 1);
	close(fd);
	CHECK(wait_child(pid) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 0);	/* every writer gone */
	close(p[0]);
	close(sv[0]);
	CHECK(unlink("passed") == 0);

	/* Two descriptors, room for one: MSG_CTRUNC, one installed. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(pipe(p) == 0);
	CHECK(send_fds(sv[0], p, 2, "2") == 1);
	CHECK(recv_fds(sv[1], got, 4, CMSG_LEN(sizeof(int)), 0, &mf) == 1);
	CHECK((mf & MSG_CTRUNC) && fcntl(got[0], F_GETFD) == 0);
	close(got[0]);
	CHECK(send_fds(sv[0], p, 2, "2") == 1);
	CHECK(recv_fds(sv[1], got, 4, 0, 0, &mf) == 0 && (mf & MSG_CTRUNC));
	CHECK(send_fds(sv[0], p, 2, "2") == 1);
	CHECK(recv_fds(sv[1], fds, 2, CMSG_SPACE(sizeof(int) * 2), 0, &mf) ==
	      2 && !(mf & MSG_CTRUNC));
	CHECK(write(fds[1], "!", 1) == 1 && read(p[0], buf, 1) == 1);
	close(fds[0]);
	close(fds[1]);
	CHECK(send_fds(sv[0], &bad, 1, "b") == -1 && errno == EBADF);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void test_credentials(void)
{
	char ctl[CMSG_SPACE(sizeof(struct ucred))], data[4];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;
	struct ucred uc;
	int sv[2], on = 1;

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) ==
	      0);
	CHECK(send(sv[0], "c", 1, 0) == 1);
	CHECK(recvmsg(sv[1], &mh, 0) == 1);
	c = CMSG_FIRSTHDR(&mh);
	CHECK(c && c->cmsg_level == SOL_SOCKET &&
	      c->cmsg_type == SCM_CREDENTIALS);
	memcpy(&uc, CMSG_DATA(c), sizeof(uc));
	CHECK(uc.pid == getpid() && uc.uid == geteuid() && uc.gid == getegid());
	close(sv[0]);
	close(sv[1]);
}

/* Clients in several processes at once: every message arrives once. */
static void test_concurrent(void)
{
	enum { CLIENTS = 4, MSGS = 40 };
	struct sockaddr_un a;
	socklen_t alen = path_addr(&a, "many.sock");
	int s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un da;
	socklen_t dalen = path_addr(&da, "many.dg");
	int seen[CLIENTS] = { 0 }, dgrams = 0, open_conns = CLIENTS;
	struct pollfd pfd[CLIENTS + 1];
	pid_t pid[CLIENTS];

	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0 && listen(s, 1) == 0);
	CHECK(bind(d, (struct sockaddr *)&da, dalen) == 0);
	for (int i = 0; i < CLIENTS; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			int c = socket(AF_UNIX, SOCK_STREAM, 0);
			int e = socket(AF_UNIX, SOCK_DGRAM, 0);
			unsigned char m[2] = { (unsigned char)i, 0 };

			CHECK(connect(c, (struct sockaddr *)&a, alen) == 0);
			for (int k = 0; k < MSGS; k++) {
				m[1] = (unsigned char)k;
				CHECK(write(c, m, 2) == 2);
				CHECK(sendto(e, m, 2, 0, (struct sockaddr *)&da,
					     dalen) == 2);
			}
			_exit(0);
		}
	}
	for (int i = 0; i < CLIENTS; i++) {
		pfd[i].fd = accept(s, NULL, NULL);
		pfd[i].events = POLLIN;
		CHECK(pfd[i].fd >= 0);
	}
	pfd[CLIENTS] = (struct pollfd){ d, POLLIN, 0 };
	while (open_conns || dgrams < CLIENTS * MSGS) {
		unsigned char m[2];

		CHECK(poll(pfd, CLIENTS + 1, 5000) > 0);
		for (int i = 0; i < CLIENTS; i++) {
			if (!pfd[i].revents)
				continue;
			if (recv(pfd[i].fd, m, 2, MSG_WAITALL) == 2) {
				CHECK(m[0] < CLIENTS &&
				      m[1] == (unsigned char)seen[m[0]]);
				seen[m[0]]++;
			} else {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_conns--;
			}
		}
		if (pfd[CLIENTS].revents & POLLIN) {
			CHECK(recv(d, m, sizeof(m), 0) == 2 && m[0] < CLIENTS);
			dgrams++;
		}
	}
	for (int i = 0; i < CLIENTS; i++) {
		CHECK(seen[i] == MSGS);
		CHECK(wait_child(pid[i]) == 0);
	}
	close(s);
	close(d);
	CHECK(unlink("many.sock") == 0 && unlink("many.dg") == 0);
}

static void test_epoll(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int sv[2], ep = epoll_create1(0);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	ev.data.fd = sv[0];
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev) == 0);
	CHECK(epoll_wait(ep, &out, 1, 0) == 0);
	CHECK(write(sv[1], "e", 1) == 1);
	CHECK(epoll_wait(ep, &out, 1, 1000) == 1 && out.data.fd == sv[0] &&
	      (out.events & EPOLLIN));
	close(ep);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	char dir[] = "/tmp/unixXXXXXX";

	CHECK(mkdtemp(dir) != NULL && chdir(dir) == 0);
	find_proc();
	test_create_errors();
	test_pair_basics();
	test_pair_fork_bulk();
	test_eof_epipe();
	test_nonblock_full();
	test_blocking();
	test_named_stream();
	test_abstract();
	test_dgram();
	test_seqpacket();
	test_scm_rights();
	test_credentials();
	test_epoll();
	test_concurrent();
	put_proc();
	CHECK(chdir("/") == 0 && rmdir(dir) == 0);
	return 0;
}
