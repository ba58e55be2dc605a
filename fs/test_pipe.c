// SPDX-License-Identifier: MIT
/* Self-tests: pipes (blocking, EAGAIN, EPIPE, EOF) and FIFOs. */
#include <umka/ktest.h>
#include <umka/pipe.h>
#include <umka/slab.h>
#include "test_util.h"

struct pipe_job {
	struct file *f;
	long result;
	char buf[8];
};

/* In its own thread: the SIGPIPE that comes with EPIPE lands there. */
static int epipe_thread(void *arg)
{
	struct pipe_job *j = arg;

	j->result = kernel_write(j->f, "x", 1, NULL);
	return 0;
}

KTEST(pipe_basic_eagain_epipe)
{
	struct file *p[2];
	char buf[16];

	KT_ASSERT_EQ(create_pipe_files(p, O_NONBLOCK), 0);
	KT_ASSERT_EQ(kernel_read(p[0], buf, sizeof(buf), NULL), -EAGAIN);
	KT_ASSERT_EQ(kernel_write(p[1], "hello", 5, NULL), 5);
	KT_ASSERT_EQ(kernel_read(p[0], buf, 3, NULL), 3);
	KT_ASSERT(!memcmp(buf, "hel", 3));
	KT_ASSERT_EQ(kernel_read(p[0], buf, sizeof(buf), NULL), 2);
	/* Wrong ends. */
	KT_ASSERT_EQ(kernel_write(p[0], "x", 1, NULL), -EBADF);
	KT_ASSERT_EQ(kernel_read(p[1], buf, 1, NULL), -EBADF);
	/* Fill it: the last write is partial, the next one EAGAIN. */
	{
		char *big = kzalloc(PIPE_SIZE + 100);
		long n;

		KT_ASSERT(big);
		n = kernel_write(p[1], big, PIPE_SIZE + 100, NULL);
		KT_ASSERT_EQ(n, PIPE_SIZE);
		KT_ASSERT_EQ(kernel_write(p[1], big, 1, NULL), -EAGAIN);
		kfree(big);
	}
	/* No reader: EPIPE. */
	fput(p[0]);
	{
		struct pipe_job j = { .f = p[1] };
		struct task *t = kthread_run(epipe_thread, &j, "kt-epipe");

		KT_ASSERT(t);
		kthread_join(t);
		KT_ASSERT_EQ(j.result, -EPIPE);
	}
	KT_ASSERT(!signal_pending(current));
	fput(p[1]);
	/* No writer: end of file once drained. */
	KT_ASSERT_EQ(create_pipe_files(p, 0), 0);
	KT_ASSERT_EQ(kernel_write(p[1], "ab", 2, NULL), 2);
	fput(p[1]);
	KT_ASSERT_EQ(kernel_read(p[0], buf, sizeof(buf), NULL), 2);
	KT_ASSERT_EQ(kernel_read(p[0], buf, sizeof(buf), NULL), 0);
	fput(p[0]);
}


static int reader_thread(void *arg)
{
	struct pipe_job *j = arg;

	j->result = kernel_read(j->f, j->buf, sizeof(j->buf), NULL);
	return 0;
}

static int writer_thread(void *arg)
{
	struct pipe_job *j = arg;
	char *big = kzalloc(PIPE_SIZE + 10);

	if (!big)
		return 0;
	j->result = kernel_write(j->f, big, PIPE_SIZE + 10, NULL);
	kfree(big);
	return 0;
}

KTEST(pipe_blocking)
{
	struct pipe_job j = { .result = -1 };
	struct file *p[2];
	struct task *t;
	char *buf;

	KT_ASSERT_EQ(create_pipe_files(p, 0), 0);
	/* A reader blocks until data comes. */
	j.f = p[0];
	t = kthread_run(reader_thread, &j, "kt-pipe-r");
	KT_ASSERT(t);
	msleep(20);
	KT_ASSERT_EQ(READ_ONCE(j.result), -1);	/* still waiting */
	KT_ASSERT_EQ(kernel_write(p[1], "wake", 4, NULL), 4);
	kthread_join(t);
	KT_ASSERT_EQ(j.result, 4);
	KT_ASSERT(!memcmp(j.buf, "wake", 4));
	/* A writer of more than the pipe holds blocks until it drains. */
	j.f = p[1];
	j.result = -1;
	t = kthread_run(writer_thread, &j, "kt-pipe-w");
	KT_ASSERT(t);
	msleep(20);
	KT_ASSERT_EQ(READ_ONCE(j.result), -1);
	buf = kmalloc(PIPE_SIZE);
	KT_ASSERT(buf);
	KT_ASSERT_EQ(kernel_read(p[0], buf, PIPE_SIZE, NULL), PIPE_SIZE);
	kthread_join(t);
	KT_ASSERT_EQ(j.result, PIPE_SIZE + 10);
	KT_ASSERT_EQ(kernel_read(p[0], buf, PIPE_SIZE, NULL), 10);
	kfree(buf);
	/* A blocked reader sees EOF when the last writer goes. */
	j.f = p[0];
	j.result = -1;
	t = kthread_run(reader_thread, &j, "kt-pipe-e");
	KT_ASSERT(t);
	msleep(20);
	fput(p[1]);
	kthread_join(t);
	KT_ASSERT_EQ(j.result, 0);
	fput(p[0]);
}

KTEST(pipe_fifo)
{
	struct kstat st;
	struct file *r, *w;
	char buf[8];

	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, "/fifo", S_IFIFO | 0644, 0), 0);
	KT_ASSERT_EQ(kt_stat("/fifo", 0, &st), 0);
	KT_ASSERT(S_ISFIFO(st.mode));
	/* A writer without a reader, non-blocking: ENXIO. */
	KT_ASSERT_EQ(kt_open_err("/fifo", O_WRONLY | O_NONBLOCK), -ENXIO);
	r = filp_open("/fifo", O_RDONLY | O_NONBLOCK, 0);
	KT_ASSERT(!IS_ERR(r));
	w = filp_open("/fifo", O_WRONLY | O_NONBLOCK, 0);
	KT_ASSERT(!IS_ERR(w));
	KT_ASSERT_EQ(kernel_write(w, "fifo", 4, NULL), 4);
	KT_ASSERT_EQ(kernel_read(r, buf, sizeof(buf), NULL), 4);
	KT_ASSERT(!memcmp(buf, "fifo", 4));
	fput(w);
	KT_ASSERT_EQ(kernel_read(r, buf, sizeof(buf), NULL), 0);
	fput(r);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/fifo"), 0);
}
