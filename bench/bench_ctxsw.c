// SPDX-License-Identifier: MIT
/*
 * Context switches: two processes, then two threads of one process,
 * both pinned to the same CPU, pass one byte back and forth over a pair
 * of pipes.  Each round trip is two switches; the figure is ns per
 * switch, including the pipe read and write that cause it.  The
 * difference between the two is mostly the address-space switch.
 */
#include "bench.h"

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

struct pair {
	int out, in; /* the measuring side's ends */
	int peer_in, peer_out;
};

static int op_roundtrip(void *arg, long iters)
{
	struct pair *p = arg;
	char c = 's';

	for (long i = 0; i < iters; i++) {
		if (write(p->out, &c, 1) != 1)
			return bench_fail("write");
		if (read(p->in, &c, 1) != 1)
			return bench_fail("read");
	}
	return 0;
}

static void echo(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			break;
}

static int open_pair(struct pair *p)
{
	int a[2], b[2];

	if (pipe(a))
		return bench_fail("pipe");
	if (pipe(b)) {
		bench_fail("pipe");
		close(a[0]);
		close(a[1]);
		return -1;
	}
	p->out = a[1];
	p->peer_in = a[0];
	p->peer_out = b[1];
	p->in = b[0];
	return 0;
}

static void b_proc(const char *name)
{
	struct pair p;
	pid_t pid;

	if (bench_pin_one_cpu() || open_pair(&p)) {
		bench_report_error(name);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p.out);
		close(p.in);
		echo(p.peer_in, p.peer_out);
		_exit(0);
	}
	close(p.peer_in);
	close(p.peer_out);
	if (pid < 0) {
		bench_fail("fork");
		bench_report_error(name);
	} else {
		bench_ops(name, op_roundtrip, &p, 2);
	}
	close(p.out);
	close(p.in);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static void *echo_thread(void *arg)
{
	struct pair *p = arg;

	echo(p->peer_in, p->peer_out);
	return NULL;
}

static void b_thread(const char *name)
{
	struct pair p;
	pthread_t t;
	int err;

	if (bench_pin_one_cpu() || open_pair(&p)) {
		bench_report_error(name);
		return;
	}
	err = pthread_create(&t, NULL, echo_thread, &p);
	if (err) {
		bench_fail_errno("pthread_create", err);
		bench_report_error(name);
	} else {
		bench_ops(name, op_roundtrip, &p, 2);
	}
	/* Closing our write end ends the echo loop. */
	close(p.out);
	if (!err)
		pthread_join(t, NULL);
	close(p.in);
	close(p.peer_in);
	close(p.peer_out);
}

static const struct bench_case cases[] = {
	{"ctxsw_process", "ns/op", b_proc},
	{"ctxsw_thread", "ns/op", b_thread},
};

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	return bench_main(argc, argv, cases,
			  (int)(sizeof(cases) / sizeof(cases[0])));
}
