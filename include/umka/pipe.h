/* SPDX-License-Identifier: MIT */
/* Pipes and FIFOs: one ring buffer shared by a read end and a write end. */
#ifndef UMKA_PIPE_H
#define UMKA_PIPE_H

#include <umka/file.h>
#include <umka/wait.h>

#define PIPE_SIZE 65536		/* Linux's default capacity */
#define PIPE_BUF 4096		/* writes up to this size are atomic */
#define PIPE_MAX_SIZE (1 << 20)	/* /proc/sys/fs/pipe-max-size */

struct pipe_inode_info {
	struct mutex lock;		/* guards everything below */
	struct wait_queue_head rd_wait;	/* readers wait for data/writers */
	struct wait_queue_head wr_wait;	/* writers wait for room/readers */
	char *buf;
	size_t size;			/* capacity: F_GETPIPE_SZ */
	size_t head;			/* next byte to read */
	size_t len;			/* bytes in the buffer */
	unsigned int readers, writers;
	/* Edge counts for EPOLLET: bumped with every wake-up of each queue. */
	u64 rd_gen, wr_gen;
	/* Bumped on each open, so a FIFO open can wait for its partner. */
	unsigned int r_counter, w_counter;
};

/* F_GETPIPE_SZ, F_SETPIPE_SZ; -EBADF if @f is not a pipe or FIFO. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg);

/* A pipe's two ends (O_NONBLOCK, O_CLOEXEC ignored here) in @res. */
int create_pipe_files(struct file *res[2], int flags);

#endif
