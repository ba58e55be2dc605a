/*
 * inotify, checked the same way on Linux and UmkaOS: every event type,
 * names and their padding, rename cookies, IN_ISDIR, watch flags,
 * IN_IGNORED, the queue limit, read/poll/FIONREAD semantics.  Runs in a
 * fresh directory under argv[1] (default /tmp; on Linux use a tmpfs
 * such as /dev/shm).  Exit status 0 means every check passed; otherwise
 * it is the number of the first failing check.
 */
#include "check.h"
#include <dirent.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

struct ev {
	int wd;
	uint32_t mask, cookie, len;
	char name[256];
};

#define MAX_EVS 64
static struct ev evs[MAX_EVS];
static char big[1 << 20];

/* Parse whole events from @buf; checks the padding of each name. */
static int parse(const char *buf, ssize_t n, struct ev *out, int max)
{
	int count = 0;

	for (ssize_t off = 0; off < n;) {
		const struct inotify_event *e = (const void *)(buf + off);

		CHECK(off + (ssize_t)sizeof(*e) + (ssize_t)e->len <= n);
		CHECK(e->len % 16 == 0);
		if (e->len) {
			size_t nl = strnlen(e->name, e->len);

			CHECK(nl < e->len);		/* NUL-terminated */
			for (size_t i = nl; i < e->len; i++)
				CHECK(e->name[i] == 0);	/* padded with NULs */
			CHECK(e->len == (nl + 1 + 15) / 16 * 16);
		}
		if (count < max) {
			out[count].wd = e->wd;
			out[count].mask = e->mask;
			out[count].cookie = e->cookie;
			out[count].len = e->len;
			snprintf(out[count].name, sizeof(out[count].name),
				 "%s", e->len ? e->name : "");
		}
		count++;
		off += sizeof(*e) + e->len;
	}
	return count;
}

/* DUMP=1 in the environment: show what drain() found (debugging). */
static int dump(int count)
{
	for (int i = 0; getenv("DUMP") && i < count && i < MAX_EVS; i++)
		fprintf(stderr, "  ev %d: wd %d mask %#x cookie %u '%s'\n", i,
			evs[i].wd, evs[i].mask, evs[i].cookie, evs[i].name);
	return count;
}

/* Everything queued on the non-blocking @fd. */
static int drain(int fd)
{
	int count = 0;

	for (;;) {
		ssize_t n = read(fd, big, sizeof(big));

		if (n < 0) {
			CHECK(errno == EAGAIN);
			return dump(count);
		}
		count += parse(big, n, evs + count, MAX_EVS - count);
	}
}

static int is(int i, int wd, uint32_t mask, const char *name)
{
	return evs[i].wd == wd && evs[i].mask == mask &&
	       !strcmp(evs[i].name, name ? name : "") &&
	       (name || evs[i].len == 0);
}

static void touch(const char *name)
{
	int fd = open(name, O_CREAT | O_WRONLY, 0644);

	CHECK(fd >= 0);
	close(fd);
}

static void write_file(const char *name, const char *s)
{
	int fd = open(name, O_WRONLY | O_APPEND);

	CHECK(fd >= 0);
	CHECK(write(fd, s, strlen(s)) == (ssize_t)strlen(s));
	close(fd);
}

static void test_errors(void)
{
	int in = inotify_init1(IN_NONBLOCK), p[2];

	CHECK(in >= 0);
	CHECK(pipe(p) == 0);
	CHECK_ERR(inotify_init1(0x1), EINVAL);
	CHECK_ERR(inotify_add_watch(in, ".", 0), EINVAL);
	CHECK_ERR(inotify_add_watch(in, ".",
				    IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE),
		  EINVAL);
	CHECK_ERR(inotify_add_watch(p[0], ".", IN_MODIFY), EINVAL);
	CHECK_ERR(inotify_add_watch(999, ".", IN_MODIFY), EBADF);
	CHECK_ERR(inotify_add_watch(-1, ".", IN_MODIFY), EBADF);
	CHECK_ERR(inotify_add_watch(in, "missing", IN_MODIFY), ENOENT);
	CHECK_ERR(inotify_add_watch(in, "", IN_MODIFY), ENOENT);
	CHECK_ERR(inotify_add_watch(in, (char *)8, IN_MODIFY), EFAULT);
	touch("plain");
	CHECK_ERR(inotify_add_watch(in, "plain", IN_MODIFY | IN_ONLYDIR),
		  ENOTDIR);
	CHECK_ERR(inotify_add_watch(in, "plain/x", IN_MODIFY), ENOTDIR);
	CHECK_ERR(inotify_rm_watch(in, 12345), EINVAL);
	CHECK_ERR(inotify_rm_watch(in, -1), EINVAL);
	CHECK_ERR(inotify_rm_watch(p[0], 1), EINVAL);
	CHECK_ERR(inotify_rm_watch(999, 1), EBADF);
	/* The instance is read-only and not seekable in any useful way. */
	CHECK_ERR(write(in, "x", 1), EBADF);
	CHECK(inotify_add_watch(in, ".", IN_ONLYDIR | IN_CREATE) > 0);
	CHECK(unlink("plain") == 0);
	close(p[0]);
	close(p[1]);
	close(in);
}

static void test_flags(void)
{
	int a = inotify_init(), b = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	char buf[64];

	CHECK(a >= 0 && b >= 0);
	CHECK(fcntl(a, F_GETFD) == 0);
	CHECK(fcntl(b, F_GETFD) == FD_CLOEXEC);
	CHECK(!(fcntl(a, F_GETFL) & O_NONBLOCK));
	CHECK(fcntl(b, F_GETFL) & O_NONBLOCK);
	CHECK((fcntl(b, F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK_ERR(read(b, buf, sizeof(buf)), EAGAIN);
	/* O_NONBLOCK set later through fcntl counts too. */
	CHECK(fcntl(a, F_SETFL, O_NONBLOCK) == 0);
	CHECK_ERR(read(a, buf, sizeof(buf)), EAGAIN);
	close(a);
	close(b);
}

/* A watched directory reports its children's events with their names. */
static void test_dir_events(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd, fd, n;
	char c;

	CHECK(mkdir("w", 0755) == 0);
	wd = inotify_add_watch(in, "w", IN_ALL_EVENTS);
	CHECK(wd > 0);

	fd = open("w/a", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, "x", 1) == 1);
	CHECK(write(fd, "y", 1) == 1);	/* coalesced with the last */
	close(fd);
	n = drain(in);
	CHECK(n == 4);
	CHECK(is(0, wd, IN_CREATE, "a"));
	CHECK(is(1, wd, IN_OPEN, "a"));
	CHECK(is(2, wd, IN_MODIFY, "a"));
	CHECK(is(3, wd, IN_CLOSE_WRITE, "a"));
	CHECK(evs[0].cookie == 0 && evs[0].len == 16);

	fd = open("w/a", O_RDONLY);
	CHECK(fd >= 0 && read(fd, &c, 1) == 1 && c == 'x');
	CHECK(read(fd, &c, 1) == 1);
	CHECK(read(fd, &c, 1) == 0);	/* nothing read: no event */
	close(fd);
	n = drain(in);
	CHECK(n == 3);
	CHECK(is(0, wd, IN_OPEN, "a"));
	CHECK(is(1, wd, IN_ACCESS, "a"));
	CHECK(is(2, wd, IN_CLOSE_NOWRITE, "a"));

	CHECK(chmod("w/a", 0600) == 0);
	CHECK(chown("w/a", -1, -1) == 0);	/* no change, no event */
	CHECK(chown("w/a", getuid(), -1) == 0);
	CHECK(truncate("w/a", 1) == 0);
	CHECK(utimensat(AT_FDCWD, "w/a", NULL, 0) == 0);
	n = drain(in);
	CHECK(n == 3);
	CHECK(is(0, wd, IN_ATTRIB, "a"));	/* chmod, chown coalesced */
	CHECK(is(1, wd, IN_MODIFY, "a"));
	CHECK(is(2, wd, IN_ATTRIB, "a"));

	CHECK(mkdir("w/d", 0755) == 0);
	CHECK(chmod("w/d", 0700) == 0);
	CHECK(symlink("a", "w/s") == 0);
	CHECK(mknod("w/fifo", S_IFIFO | 0600, 0) == 0);
	n = drain(in);
	CHECK(n == 4);
	CHECK(is(0, wd, IN_CREATE | IN_ISDIR, "d"));
	CHECK(is(1, wd, IN_ATTRIB | IN_ISDIR, "d"));
	CHECK(is(2, wd, IN_CREATE, "s"));
	CHECK(is(3, wd, IN_CREATE, "fifo"));

	/* A long name: padded to the next multiple of 16 past its NUL. */
	touch("w/a_name_of_exactly_31_bytes_xx");
	n = drain(in);
	CHECK(n == 3 && evs[0].len == 32);
	CHECK(is(0, wd, IN_CREATE, "a_name_of_exactly_31_bytes_xx"));

	CHECK(rename("w/a", "w/b") == 0);
	CHECK(rename("w/d", "w/e") == 0);
	n = drain(in);
	CHECK(n == 4);
	CHECK(is(0, wd, IN_MOVED_FROM, "a") && is(1, wd, IN_MOVED_TO, "b"));
	CHECK(evs[0].cookie != 0 && evs[0].cookie == evs[1].cookie);
	CHECK(is(2, wd, IN_MOVED_FROM | IN_ISDIR, "d"));
	CHECK(is(3, wd, IN_MOVED_TO | IN_ISDIR, "e"));
	CHECK(evs[2].cookie == evs[3].cookie && evs[2].cookie != evs[0].cookie);

	CHECK(link("w/b", "w/c") == 0);
	CHECK(unlink("w/b") == 0);
	CHECK(rmdir("w/e") == 0);
	n = drain(in);
	CHECK(n == 3);
	CHECK(is(0, wd, IN_CREATE, "c"));
	CHECK(is(1, wd, IN_DELETE, "b"));
	CHECK(is(2, wd, IN_DELETE | IN_ISDIR, "e"));

	/* The directory's own events carry no name. */
	{
		DIR *dir = opendir("w");

		CHECK(dir != NULL);
		while (readdir(dir))
			;
		closedir(dir);
	}
	n = drain(in);
	CHECK(n == 3);
	CHECK(is(0, wd, IN_OPEN | IN_ISDIR, NULL));
	CHECK(is(1, wd, IN_ACCESS | IN_ISDIR, NULL));
	CHECK(is(2, wd, IN_CLOSE_NOWRITE | IN_ISDIR, NULL));

	/* A move between directories: FROM in one, TO in the other. */
	{
		int wd2;

		CHECK(mkdir("w2", 0755) == 0);
		wd2 = inotify_add_watch(in, "w2", IN_MOVE);
		CHECK(wd2 > 0 && wd2 != wd);
		CHECK(rename("w/c", "w2/moved") == 0);
		n = drain(in);
		CHECK(n == 2);
		CHECK(is(0, wd, IN_MOVED_FROM, "c"));
		CHECK(is(1, wd2, IN_MOVED_TO, "moved"));
		CHECK(evs[0].cookie == evs[1].cookie);
		/* The file now lives in w2: w hears nothing of it. */
		write_file("w2/moved", "z");
		CHECK(drain(in) == 0);
		CHECK(unlink("w2/moved") == 0);
		CHECK(rmdir("w2") == 0);
		n = drain(in);
		CHECK(n == 1 && is(0, wd2, IN_IGNORED, NULL));
	}
	CHECK(unlink("w/s") == 0 && unlink("w/fifo") == 0);
	CHECK(unlink("w/a_name_of_exactly_31_bytes_xx") == 0);
	CHECK(drain(in) == 3);
	CHECK(rmdir("w") == 0);
	n = drain(in);
	CHECK(n == 2);
	CHECK(is(0, wd, IN_DELETE_SELF, NULL));
	CHECK(is(1, wd, IN_IGNORED, NULL));
	CHECK_ERR(inotify_rm_watch(in, wd), EINVAL);
	close(in);
}

/* A watch on a file reports its events without a name. */
static void test_file_events(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd, wd2, fd, n;

	touch("f");
	wd = inotify_add_watch(in, "f", IN_ALL_EVENTS);
	CHECK(wd > 0);
	/* The same inode again, by another name too: the same wd. */
	CHECK(inotify_add_watch(in, "./f", IN_ALL_EVENTS) == wd);
	CHECK(link("f", "f2") == 0);
	CHECK(inotify_add_watch(in, "f2", IN_ALL_EVENTS) == wd);
	CHECK_ERR(inotify_add_watch(in, "f", IN_MODIFY | IN_MASK_CREATE),
		  EEXIST);
	n = drain(in);
	CHECK(n == 1 && is(0, wd, IN_ATTRIB, NULL));	/* the link count */

	fd = open("f", O_RDWR | O_TRUNC);
	CHECK(fd >= 0);
	CHECK(write(fd, "abc", 3) == 3);
	CHECK(pwrite(fd, "d", 1, 3) == 1);
	CHECK(ftruncate(fd, 2) == 0);
	CHECK(fchmod(fd, 0640) == 0);
	close(fd);
	n = drain(in);
	CHECK(n == 4);
	CHECK(is(0, wd, IN_OPEN, NULL));
	CHECK(is(1, wd, IN_MODIFY, NULL));	/* O_TRUNC, writes, ftruncate */
	CHECK(is(2, wd, IN_ATTRIB, NULL));
	CHECK(is(3, wd, IN_CLOSE_WRITE, NULL));

	/* O_PATH opens report nothing. */
	fd = open("f", O_PATH);
	CHECK(fd >= 0);
	close(fd);
	CHECK(drain(in) == 0);

	CHECK(rename("f", "g") == 0);
	n = drain(in);
	CHECK(n == 1 && is(0, wd, IN_MOVE_SELF, NULL));

	/* Replacing a watched file: its link count drops, then it goes. */
	touch("victim");
	wd2 = inotify_add_watch(in, "victim", IN_ALL_EVENTS);
	CHECK(wd2 > 0 && wd2 != wd);
	CHECK(rename("g", "victim") == 0);
	n = drain(in);
	CHECK(n == 4);
	CHECK(is(0, wd2, IN_ATTRIB, NULL));
	CHECK(is(1, wd, IN_MOVE_SELF, NULL));
	CHECK(is(2, wd2, IN_DELETE_SELF, NULL));
	CHECK(is(3, wd2, IN_IGNORED, NULL));

	/* Unlinking one of two names is an attribute change only. */
	CHECK(unlink("f2") == 0);
	n = drain(in);
	CHECK(n == 1 && is(0, wd, IN_ATTRIB, NULL));
	CHECK(unlink("victim") == 0);
	n = drain(in);
	CHECK(n == 3);
	CHECK(is(0, wd, IN_ATTRIB, NULL));
	CHECK(is(1, wd, IN_DELETE_SELF, NULL));
	CHECK(is(2, wd, IN_IGNORED, NULL));

	/* Directories: no IN_ISDIR on the _SELF events, but on IN_ATTRIB. */
	CHECK(mkdir("mvx", 0755) == 0 && mkdir("mvz", 0755) == 0);
	wd = inotify_add_watch(in, "mvx", IN_ALL_EVENTS);
	wd2 = inotify_add_watch(in, "mvz", IN_ALL_EVENTS);
	CHECK(wd > 0 && wd2 > wd);
	CHECK(rename("mvx", "mvy") == 0 && rename("mvy", "mvz") == 0);
	n = drain(in);
	CHECK(n == 5);
	CHECK(is(0, wd, IN_MOVE_SELF, NULL));
	CHECK(is(1, wd2, IN_ATTRIB | IN_ISDIR, NULL));
	CHECK(is(2, wd, IN_MOVE_SELF, NULL));
	CHECK(is(3, wd2, IN_DELETE_SELF, NULL));
	CHECK(is(4, wd2, IN_IGNORED, NULL));
	CHECK(rmdir("mvz") == 0);
	n = drain(in);
	CHECK(n == 2 && is(0, wd, IN_DELETE_SELF, NULL) &&
	      is(1, wd, IN_IGNORED, NULL));
	close(in);
}

/* An open file outlives its name: the end comes at the last close. */
static void test_delete_while_open(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd, wdd, fd, n;

	CHECK(mkdir("dw", 0755) == 0);
	touch("dw/f");
	wdd = inotify_add_watch(in, "dw", IN_ALL_EVENTS);
	wd = inotify_add_watch(in, "dw/f", IN_ALL_EVENTS);
	CHECK(wd > 0 && wdd > 0);
	fd = open("dw/f", O_WRONLY);
	CHECK(fd >= 0);
	CHECK(unlink("dw/f") == 0);
	CHECK(write(fd, "x", 1) == 1);
	close(fd);
	n = drain(in);
	CHECK(n == 10);
	CHECK(is(0, wdd, IN_OPEN, "f") && is(1, wd, IN_OPEN, NULL));
	CHECK(is(2, wd, IN_ATTRIB, NULL));
	CHECK(is(3, wdd, IN_DELETE, "f"));
	/* Still reported to the directory, under its old name. */
	CHECK(is(4, wdd, IN_MODIFY, "f") && is(5, wd, IN_MODIFY, NULL));
	CHECK(is(6, wdd, IN_CLOSE_WRITE, "f"));
	CHECK(is(7, wd, IN_CLOSE_WRITE, NULL));
	CHECK(is(8, wd, IN_DELETE_SELF, NULL));
	CHECK(is(9, wd, IN_IGNORED, NULL));

	/* IN_EXCL_UNLINK mutes what happens after the unlink. */
	CHECK(inotify_add_watch(in, "dw", IN_ALL_EVENTS | IN_EXCL_UNLINK) ==
	      wdd);
	touch("dw/g");
	fd = open("dw/g", O_WRONLY);
	CHECK(fd >= 0);
	CHECK(unlink("dw/g") == 0);
	CHECK(write(fd, "x", 1) == 1);
	close(fd);
	n = drain(in);
	CHECK(n == 5);
	CHECK(is(0, wdd, IN_CREATE, "g") && is(1, wdd, IN_OPEN, "g"));
	CHECK(is(2, wdd, IN_CLOSE_WRITE, "g") && is(3, wdd, IN_OPEN, "g"));
	CHECK(is(4, wdd, IN_DELETE, "g"));
	CHECK(rmdir("dw") == 0);
	n = drain(in);
	CHECK(n == 2 && is(0, wdd, IN_DELETE_SELF, NULL) &&
	      is(1, wdd, IN_IGNORED, NULL));
	close(in);
}

static void test_mask_flags(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd, wd2, n;

	touch("m");
	wd = inotify_add_watch(in, "m", IN_MODIFY);
	CHECK(wd > 0);
	CHECK(chmod("m", 0600) == 0);
	CHECK(drain(in) == 0);		/* not asked for */
	CHECK(inotify_add_watch(in, "m", IN_ATTRIB | IN_MASK_ADD) == wd);
	CHECK(chmod("m", 0644) == 0);
	write_file("m", "1");
	n = drain(in);
	CHECK(n == 2 && is(0, wd, IN_ATTRIB, NULL) && is(1, wd, IN_MODIFY, NULL));
	/* Without IN_MASK_ADD the mask is replaced. */
	CHECK(inotify_add_watch(in, "m", IN_ATTRIB) == wd);
	write_file("m", "2");
	CHECK(drain(in) == 0);

	/* IN_ONESHOT: one event, then the watch ends. */
	CHECK(inotify_add_watch(in, "m", IN_ATTRIB | IN_ONESHOT) == wd);
	CHECK(chmod("m", 0600) == 0);
	CHECK(chmod("m", 0644) == 0);
	n = drain(in);
	CHECK(n == 2 && is(0, wd, IN_ATTRIB, NULL) && is(1, wd, IN_IGNORED, NULL));
	CHECK_ERR(inotify_rm_watch(in, wd), EINVAL);

	/* rm_watch: IN_IGNORED, and nothing after. */
	wd = inotify_add_watch(in, "m", IN_ALL_EVENTS);
	CHECK(wd > 0);
	CHECK(inotify_rm_watch(in, wd) == 0);
	write_file("m", "3");
	n = drain(in);
	CHECK(n == 1 && is(0, wd, IN_IGNORED, NULL));
	/* Descriptors are not reused at once. */
	CHECK(inotify_add_watch(in, "m", IN_ALL_EVENTS) == wd + 1);

	/* IN_DONT_FOLLOW watches the link itself. */
	CHECK(symlink("m", "lnk") == 0);
	CHECK(inotify_add_watch(in, "lnk", IN_ATTRIB) == wd + 1);
	wd2 = inotify_add_watch(in, "lnk", IN_ATTRIB | IN_DONT_FOLLOW);
	CHECK(wd2 > wd + 1);
	CHECK_ERR(inotify_add_watch(in, "lnk", IN_ATTRIB | IN_ONLYDIR),
		  ENOTDIR);
	/* Each loses its link (IN_ATTRIB), then the watch ends; neither
	 * asked for IN_DELETE_SELF. */
	CHECK(unlink("lnk") == 0 && unlink("m") == 0);
	n = drain(in);
	CHECK(n == 4);
	CHECK(is(0, wd2, IN_ATTRIB, NULL) && is(1, wd2, IN_IGNORED, NULL));
	CHECK(is(2, wd + 1, IN_ATTRIB, NULL));
	CHECK(is(3, wd + 1, IN_IGNORED, NULL));
	close(in);
}

static void test_read_semantics(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd, avail = -1;
	char buf[sizeof(struct inotify_event) + 16];
	struct inotify_event *e = (void *)buf;
	struct pollfd pfd = { .fd = in, .events = POLLIN };

	CHECK(mkdir("r", 0755) == 0);
	wd = inotify_add_watch(in, "r", IN_CREATE | IN_ATTRIB);
	CHECK(wd > 0);
	CHECK(ioctl(in, FIONREAD, &avail) == 0 && avail == 0);
	CHECK(poll(&pfd, 1, 0) == 0);
	touch("r/x");
	CHECK(chmod("r", 0700) == 0);
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
	CHECK(ioctl(in, FIONREAD, &avail) == 0 && avail == 32 + 16);
	/* Too small for the first event: EINVAL, and it stays queued. */
	CHECK_ERR(read(in, buf, 16), EINVAL);
	CHECK_ERR(read(in, buf, 31), EINVAL);
	CHECK(read(in, buf, 32) == 32);
	CHECK(e->wd == wd && e->mask == IN_CREATE && e->len == 16 &&
	      !strcmp(e->name, "x"));
	/* A nameless event fits in its header. */
	CHECK(read(in, buf, 16) == 16);
	CHECK(e->wd == wd && e->mask == (IN_ATTRIB | IN_ISDIR) && e->len == 0);
	CHECK_ERR(read(in, buf, sizeof(buf)), EAGAIN);
	CHECK(poll(&pfd, 1, 0) == 0);
	/* A fault loses nothing already read and reports EFAULT. */
	touch("r/y");
	CHECK_ERR(read(in, (void *)8, 64), EFAULT);
	drain(in);

	/* epoll, edge-triggered: one report per new event. */
	{
		int ep = epoll_create1(0);
		struct epoll_event ev = { .events = EPOLLIN | EPOLLET };

		CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev) == 0);
		CHECK(epoll_wait(ep, &ev, 1, 0) == 0);
		touch("r/z");
		CHECK(epoll_wait(ep, &ev, 1, 0) == 1 && ev.events == EPOLLIN);
		CHECK(epoll_wait(ep, &ev, 1, 0) == 0);
		close(ep);
	}
	CHECK(unlink("r/x") == 0 && unlink("r/y") == 0 && unlink("r/z") == 0);
	CHECK(rmdir("r") == 0);
	close(in);
}

/* A blocking read sleeps until another process changes the file. */
static void test_blocking_read(void)
{
	int in = inotify_init(), wd, status;
	char buf[256];
	struct inotify_event *e = (void *)buf;
	pid_t pid;

	touch("b");
	wd = inotify_add_watch(in, "b", IN_MODIFY);
	CHECK(wd > 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		write_file("b", "wake");
		_exit(0);
	}
	CHECK(read(in, buf, sizeof(buf)) == 16);
	CHECK(e->wd == wd && e->mask == IN_MODIFY && e->len == 0);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	CHECK(unlink("b") == 0);
	close(in);
}

/* 16384 events fit; the next one becomes a single IN_Q_OVERFLOW. */
static void test_overflow(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd, fd, count = 0, last = 0;
	ssize_t n;

	touch("o");
	wd = inotify_add_watch(in, "o", IN_OPEN | IN_CLOSE_NOWRITE);
	CHECK(wd > 0);
	for (int i = 0; i < 8200; i++) {
		fd = open("o", O_RDONLY);
		CHECK(fd >= 0);
		close(fd);
	}
	while ((n = read(in, big, sizeof(big))) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct inotify_event *e = (void *)(big + off);

			count++;
			if (e->mask == IN_Q_OVERFLOW) {
				CHECK(e->wd == -1 && e->len == 0);
				last = count;
			} else {
				CHECK(e->wd == wd);
				CHECK(e->mask == (count % 2 ? IN_OPEN
							    : IN_CLOSE_NOWRITE));
			}
			off += sizeof(*e) + e->len;
		}
	}
	CHECK(count == 16385 && last == 16385);
	/* Room again: events flow. */
	fd = open("o", O_RDONLY);
	close(fd);
	CHECK(drain(in) == 2);
	CHECK(unlink("o") == 0);
	close(in);
}

int main(int argc, char **argv)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/inotify.XXXXXX",
		 argc > 1 ? argv[1] : "/tmp");
	CHECK(mkdtemp(dir) != NULL && chdir(dir) == 0);
	test_errors();
	test_flags();
	test_dir_events();
	test_file_events();
	test_delete_while_open();
	test_mask_flags();
	test_read_semantics();
	test_blocking_read();
	test_overflow();
	CHECK(chdir("/") == 0 && rmdir(dir) == 0);
	return 0;
}
