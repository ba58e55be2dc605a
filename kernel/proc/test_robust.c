// SPDX-License-Identifier: MIT
/*
 * Self-tests for the robustness cases, run as the user program
 * tests/user/robust.c: a fork bomb under RLIMIT_NPROC, memory
 * exhaustion and the OOM killer, SIGPIPE/EPIPE, and 1,000 rounds of
 * fork-exec-wait without a leak.
 */
#include <umka/ktest.h>
#include <umka/proc.h>
#include <umka/user_image.h>
#include <umka/mm.h>
#include <umka/file.h>
#include <umka/namei.h>
#include <umka/err.h>
#include <uapi/fcntl.h>

static int run(const char *const argv[], int *status)
{
	const struct user_image *u = user_image_find("robust");

	if (!u)
		return -1;
	return run_user_image(u->start, u->end - u->start, "robust", argv,
			      status);
}

/* Free memory is back to within 1% of @before. */
static bool no_leak(const struct mem_stats *before)
{
	struct mem_stats after;

	mm_get_stats(&after);
	return after.free_bytes + before->total_bytes / 100 >=
	       before->free_bytes;
}

KTEST(robust_fork_bomb_nproc)
{
	static const char *const argv[] = { "robust", "nproc", NULL };
	int status = -1;

	KT_ASSERT_EQ(run(argv, &status), 0);
	/* Exit status N names the failing check in tests/user/robust.c. */
	KT_ASSERT_EQ(status, 0);
}

KTEST(robust_sigpipe_epipe)
{
	static const char *const argv[] = { "robust", "pipe", NULL };
	int status = -1;

	KT_ASSERT_EQ(run(argv, &status), 0);
	KT_ASSERT_EQ(status, 0);
}

KTEST(robust_oom_kill)
{
	static const char *const argv[] = { "robust", "oom", "kill", NULL };
	struct mem_stats before;
	int status = -1;

	mm_get_stats(&before);
	KT_ASSERT_EQ(run(argv, &status), 0);
	KT_ASSERT_EQ(status, 0);
	/* The victim's memory all came back. */
	KT_ASSERT(no_leak(&before));
}

#define EXEC_PATH "/robust-exec"

/* exec needs a file: put the embedded program on the tmpfs root. */
static int install_program(void)
{
	const struct user_image *u = user_image_find("robust");
	size_t size;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	if (!u)
		return -1;
	size = u->end - u->start;
	f = filp_open(EXEC_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (IS_ERR(f))
		return -1;
	n = kernel_write(f, u->start, size, &pos);
	fput(f);
	return n == (ssize_t)size ? 0 : -1;
}

KTEST(robust_fork_exec_wait_1000_no_leak)
{
	static const char *const warm[] = { "robust", "loop", EXEC_PATH, "5",
					    NULL };
	static const char *const argv[] = { "robust", "loop", EXEC_PATH,
					    "1000", NULL };
	struct mem_stats before;
	int status = -1;

	KT_ASSERT_EQ(install_program(), 0);
	/* Warm up caches so their growth is not counted as a leak. */
	KT_ASSERT_EQ(run(warm, &status), 0);
	KT_ASSERT_EQ(status, 0);
	mm_get_stats(&before);
	KT_ASSERT_EQ(run(argv, &status), 0);
	KT_ASSERT_EQ(status, 0);
	KT_ASSERT(no_leak(&before));
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, EXEC_PATH), 0);
}
