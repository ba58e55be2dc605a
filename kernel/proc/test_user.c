// SPDX-License-Identifier: MIT
/* Self-tests that run real user programs (tests/user/, linked in). */
#include <umka/ktest.h>
#include <umka/proc.h>
#include <umka/user_image.h>
#include <umka/mm.h>
#include <umka/socket.h>

static int run(const char *name, const char *const argv[], int *status)
{
	const struct user_image *u = user_image_find(name);

	if (!u)
		return -1;
	return run_user_image(u->start, u->end - u->start, name, argv, status);
}

KTEST(user_basic_syscalls)
{
	static const char *const argv[] = { "basic", "hello", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("basic", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/basic.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_exec_rejects_garbage)
{
	static const u8 junk[64] = { 0x7f, 'E', 'L', 'F', 1, 1 };
	static const char *const argv[] = { "junk", NULL };
	int status = -1;

	KT_ASSERT_EQ(run_user_image(junk, sizeof(junk), "junk", argv, &status),
		     0);
	/* A failed exec in a fresh process exits 127, as a shell reports. */
	KT_ASSERT_EQ(status, 127 << 8);
}

KTEST(user_processes_do_not_leak)
{
	static const char *const argv[] = { "basic", "hello", NULL };
	struct mem_stats before, after;
	int status;

	/* Warm up caches so their growth is not counted as a leak. */
	run("basic", argv, &status);
	mm_get_stats(&before);
	for (int i = 0; i < 5; i++) {
		KT_ASSERT_EQ(run("basic", argv, &status), 0);
		KT_ASSERT_EQ(status, 0);
	}
	mm_get_stats(&after);
	/* Within 1% (slab caches may keep an empty slab or two). */
	KT_ASSERT(after.free_bytes + before.total_bytes / 100 >=
		  before.free_bytes);
}

KTEST(user_signals)
{
	static const char *const argv[] = { "signals", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("signals", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/signals.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_threads_and_futex)
{
	static const char *const argv[] = { "threads", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("threads", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/threads.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_time_ids_resources)
{
	static const char *const argv[] = { "misc", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("misc", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/misc.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_eventfd_epoll)
{
	static const char *const argv[] = { "epoll", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("epoll", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/epoll.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_files)
{
	static const char *const argv[] = { "files", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("files", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/files.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_inotify)
{
	static const char *const argv[] = { "inotify", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("inotify", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/inotify.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_dirs)
{
	static const char *const argv[] = { "dirs", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("dirs", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/dirs.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_mem)
{
	static const char *const argv[] = { "mem", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("mem", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/mem.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_proc)
{
	static const char *const argv[] = { "proc", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("proc", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/proc.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_sigtime)
{
	static const char *const argv[] = { "sigtime", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("sigtime", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/sigtime.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_glibc_static)
{
	static const char *const argv[] = { "glibc", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("glibc", argv, &status), 0);
	/* Exit status N names the first failing check in
	 * tests/user-glibc/glibc.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_sched_syscalls_and_cpu_time)
{
	static const char *const argv[] = { "sched", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("sched", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/sched.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_sigqueue)
{
	static const char *const argv[] = { "sigqueue", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("sigqueue", argv, &status), 0);
	/* Exit status N: the first failing check in tests/user/sigqueue.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(user_unix_sockets)
{
	static const char *const argv[] = { "unix", NULL };
	int status = -1;

	struct mem_stats before, after;
	unsigned long live = unix_live_count();

	KT_ASSERT_EQ(run("unix", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/unix.c. */
	KT_ASSERT_EQ(status, 0);
	/*
	 * Sockets, queued messages and descriptors in flight are all
	 * freed: a leaked reference would keep megabytes of buffers.
	 */
	mm_get_stats(&before);
	for (int i = 0; i < 2; i++) {
		KT_ASSERT_EQ(run("unix", argv, &status), 0);
		KT_ASSERT_EQ(status, 0);
	}
	mm_get_stats(&after);
	KT_ASSERT(after.free_bytes + before.total_bytes / 100 >=
		  before.free_bytes);
	KT_ASSERT_EQ(unix_live_count(), live);	/* every socket freed */
}

KTEST(user_mt_exec)
{
	static const char *const argv[] = { "mt_exec", NULL };
	int status = -1;

	KT_ASSERT_EQ(run("mt_exec", argv, &status), 0);
	/* Exit status N names the first failing check in tests/user/mt_exec.c. */
	KT_ASSERT_EQ(status, 0);
}
