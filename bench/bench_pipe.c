// SPDX-License-Identifier: MIT
/*
 * Pipes between processes: round-trip latency of one byte between two
 * processes, throughput with 64 KiB writes, and the same ping-pong run
 * by two pairs at once (4 processes) to show how the scheduler spreads
 * them over the CPUs.  The processes are placed wherever the scheduler
 * puts them: nothing is pinned here (see bench_ctxsw for that).
 */
#include "bench.h"

#include <signal.h>
#include <sys/wait.h>

#define MAX_PAIRS 8

/*
 * Ping-pong: each pair is an initiator A and a responder B, joined by
 * two pipes.  A waits on its control pipe for a count n, does n round
 * trips (one byte to B, one byte back) and reports on the shared done
 * pipe; the parent times from handing out the counts to the last
 * report.  Every process lives for the whole measurement, so a sample
 * holds no fork or exit.
 */
struct pingpong {
	int npairs;
	int ctl[MAX_PAIRS]; /* parent's write end of each A's control pipe */
	int done;	    /* parent's read end of the done pipe */
	pid_t pids[2 * MAX_PAIRS];
	int nkids;
};

static void responder(int in, int out)
{
	char c;

	for (;;) {
		ssize_t r = read(in, &c, 1);

		if (r == 0)
			_exit(0);
		if (r != 1 || write(out, &c, 1) != 1)
			_exit(1);
	}
}

static void initiator(int ctl, int out, int in, int done)
{
	long n;
	char c = 'p', ok;

	for (;;) {
		if (bench_read_all(ctl, &n, sizeof(n)) || n <= 0)
			_exit(0);
		ok = 'D';
		for (long i = 0; i < n; i++) {
			if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1) {
				ok = 'E';
				break;
			}
		}
		if (write(done, &ok, 1) != 1 || ok != 'D')
			_exit(1);
	}
}

static void pingpong_stop(struct pingpong *pp)
{
	long zero = 0;

	for (int p = 0; p < pp->npairs; p++) {
		if (pp->ctl[p] >= 0) {
			if (write(pp->ctl[p], &zero, sizeof(zero)) < 0) {
				/* A has gone already: nothing to tell it. */
			}
			close(pp->ctl[p]);
		}
	}
	if (pp->done >= 0)
		close(pp->done);
	for (int i = 0; i < pp->nkids; i++)
		waitpid(pp->pids[i], NULL, 0);
}

static int pingpong_start(struct pingpong *pp, int npairs)
{
	int done[2], ctl[2], ab[2], ba[2];
	pid_t pid;

	pp->npairs = 0;
	pp->nkids = 0;
	pp->done = -1;
	if (pipe(done))
		return bench_fail("pipe");
	pp->done = done[0];
	for (int p = 0; p < npairs; p++) {
		if (pipe(ctl))
			goto fail;
		if (pipe(ab)) {
			close(ctl[0]);
			close(ctl[1]);
			goto fail;
		}
		if (pipe(ba)) {
			close(ctl[0]);
			close(ctl[1]);
			close(ab[0]);
			close(ab[1]);
			goto fail;
		}
		pp->ctl[pp->npairs++] = ctl[1];
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			close(ctl[1]);
			close(ab[0]);
			close(ba[1]);
			close(done[0]);
			initiator(ctl[0], ab[1], ba[0], done[1]);
		}
		if (pid > 0) {
			pp->pids[pp->nkids++] = pid;
			pid = fork();
			if (pid == 0) {
				close(ctl[0]);
				close(ctl[1]);
				close(ab[1]);
				close(ba[0]);
				close(done[0]);
				close(done[1]);
				responder(ab[0], ba[1]);
			}
			if (pid > 0)
				pp->pids[pp->nkids++] = pid;
		}
		if (pid < 0)
			bench_fail("fork");
		close(ctl[0]);
		close(ab[0]);
		close(ab[1]);
		close(ba[0]);
		close(ba[1]);
		if (pid < 0)
			goto fail_closed;
	}
	close(done[1]);
	return 0;
fail:
	bench_fail("pipe");
fail_closed:
	close(done[1]);
	pingpong_stop(pp);
	return -1;
}

static int op_pingpong(void *arg, long iters)
{
	struct pingpong *pp = arg;
	char c;

	for (int p = 0; p < pp->npairs; p++)
		if (bench_write_all(pp->ctl[p], &iters, sizeof(iters)))
			return -1;
	for (int p = 0; p < pp->npairs; p++) {
		if (bench_read_all(pp->done, &c, 1))
			return -1;
		if (c != 'D')
			return bench_fail_msg("ping-pong: a child's read or "
					      "write failed");
	}
	return 0;
}

static void run_pingpong(const char *name, int npairs)
{
	struct pingpong pp;

	if (pingpong_start(&pp, npairs)) {
		bench_report_error(name);
		return;
	}
	/* Aggregate: ns per round trip over all pairs together. */
	bench_ops(name, op_pingpong, &pp, npairs);
	pingpong_stop(&pp);
}

static void b_rtt(const char *name)
{
	run_pingpong(name, 1);
}

static void b_pingpong4(const char *name)
{
	run_pingpong(name, 2);
}

/* Throughput: the parent writes 64 KiB at a time, a child reads and
 * acknowledges each sample's worth with one byte on a second pipe. */
#define CHUNK (64 * 1024)

struct stream {
	int out, ack;
	long bytes;
	char *buf;
};

static void sink(int in, int ack, long bytes)
{
	static char buf[CHUNK];
	long got = 0;
	char c = 'A';

	for (;;) {
		ssize_t r = read(in, buf, sizeof(buf));

		if (r == 0)
			_exit(0);
		if (r < 0)
			_exit(1);
		got += r;
		if (got >= bytes) {
			got -= bytes;
			if (write(ack, &c, 1) != 1)
				_exit(1);
		}
	}
}

static int sample_stream(void *arg, double *value)
{
	struct stream *s = arg;
	u64 t0 = bench_now_ns(), t1;
	char c;

	for (long done = 0; done < s->bytes; done += CHUNK)
		if (bench_write_all(s->out, s->buf, CHUNK))
			return -1;
	if (bench_read_all(s->ack, &c, 1))
		return -1;
	t1 = bench_now_ns();
	*value = bench_mbps((u64)s->bytes, t1 - t0);
	return 0;
}

static void b_bw(const char *name)
{
	static char buf[CHUNK];
	struct stream s = {.buf = buf};
	int data[2], ack[2];
	double warm;
	pid_t pid;

	s.bytes = (bench_quick ? 4L : 16L) << 20;
	memset(buf, 'b', sizeof(buf));
	if (pipe(data) || pipe(ack)) {
		bench_fail("pipe");
		bench_report_error(name);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(data[1]);
		close(ack[0]);
		sink(data[0], ack[1], s.bytes);
	}
	close(data[0]);
	close(ack[1]);
	if (pid < 0) {
		bench_fail("fork");
		bench_report_error(name);
		close(data[1]);
		close(ack[0]);
		return;
	}
	s.out = data[1];
	s.ack = ack[0];
	if (sample_stream(&s, &warm))
		bench_report_error(name);
	else
		bench_samples(name, "MB/s", sample_stream, &s, bench_nsamples,
			      s.bytes / CHUNK);
	close(data[1]);
	close(ack[0]);
	waitpid(pid, NULL, 0);
}

static const struct bench_case cases[] = {
	{"pipe_rtt", "ns/op", b_rtt},
	{"pipe_bw_64k", "MB/s", b_bw},
	{"pipe_pingpong_4proc", "ns/op", b_pingpong4},
};

int main(int argc, char **argv)
{
	/* A dead peer must show as an error, not kill the program. */
	signal(SIGPIPE, SIG_IGN);
	return bench_main(argc, argv, cases,
			  (int)(sizeof(cases) / sizeof(cases[0])));
}
