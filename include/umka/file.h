/* SPDX-License-Identifier: MIT */
/*
 * Open files: struct file and the per-kind operations table.  Each kind of
 * file (tmpfs regular file, directory, pipe, character device) supplies
 * its own file_operations; the syscall layer never switches on the type.
 */
#ifndef UMKA_FILE_H
#define UMKA_FILE_H

#include <umka/fs.h>
#include <umka/uaccess.h>

/* f_mode bits: what this open file may do. */
#define FMODE_READ		0x1
#define FMODE_WRITE		0x2
#define FMODE_LSEEK		0x4
#define FMODE_PATH		0x8	/* O_PATH: a handle, no I/O */
#define FMODE_ATOMIC_POS	0x10	/* f_pos updates serialised */

/*
 * Where the bytes of a read or write go or come from: user memory through
 * the uaccess helpers, or a kernel buffer (kernel_read, sendfile).
 * Each copy advances @base and shrinks @len.
 */
struct uio {
	char *base;
	size_t len;
	bool kernel;
};

/* Copy to or from the buffer; bytes moved or -EFAULT. */
ssize_t uio_copy_out(struct uio *u, const void *src, size_t n);
ssize_t uio_copy_in(void *dst, struct uio *u, size_t n);
ssize_t uio_zero(struct uio *u, size_t n);

/*
 * readdir: emit() returns false when the caller's buffer is full; @next
 * is the position to resume at after this entry (its d_off).
 */
struct dir_context {
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len,
		     loff_t next, u64 ino, unsigned int type);
	loff_t pos;
};

/* A user buffer segment of readv, writev, sendmsg and recvmsg. */
struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

struct poll_table;	/* placeholder until poll/epoll exist */
struct vm_area;		/* placeholder until file-backed mmap exists */

struct file_operations {
	int (*open)(struct inode *inode, struct file *f);
	int (*release)(struct inode *inode, struct file *f);
	ssize_t (*read)(struct file *f, struct uio *u, loff_t *pos);
	ssize_t (*write)(struct file *f, struct uio *u, loff_t *pos);
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	int (*iterate)(struct file *f, struct dir_context *ctx);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/* Readiness mask (POLLIN...); NULL means always ready. */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	/*
	 * Edge-triggered epoll: a count that moves whenever one of @events
	 * may newly have happened (input arrived for POLLIN, room appeared
	 * for POLLOUT, the other end went away).  Files without it cannot
	 * be watched with EPOLLET.
	 */
	u64 (*poll_gen)(struct file *f, unsigned int events);
	/*
	 * readv/writev at no position, all segments in one call (a socket
	 * sends or receives one datagram across them); @vec is checked
	 * with access_ok.  NULL: segment by segment through read/write.
	 */
	ssize_t (*rw_vec)(struct file *f, struct iovec *vec, unsigned long n,
			  bool write);
	int (*mmap)(struct file *f, struct vm_area *vma);
	int (*fsync)(struct file *f, int datasync);
};

struct file {
	int f_count;			/* atomic */
	/* Set at open, then read-only. */
	struct path f_path;
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_mode;
	/* Changed by fcntl(F_SETFL) with WRITE_ONCE; read racily. */
	unsigned int f_flags;
	/* Under f_pos_lock when FMODE_ATOMIC_POS is set. */
	struct mutex f_pos_lock;
	loff_t f_pos;
	void *private_data;
	bool f_flocked;			/* holds a flock(); fs/locks.c */
};

/* fs/file.c */
struct file *alloc_file(const struct path *path, unsigned int flags,
			const struct file_operations *fop);
struct file *get_file(struct file *f);
void fput(struct file *f);
/* fs/locks.c: drop the flock() lock of a file being freed. */
void flock_release(struct file *f);
loff_t generic_file_llseek(struct file *f, loff_t off, int whence,
			   loff_t size);
loff_t no_llseek(struct file *f, loff_t off, int whence);

/* fs/open.c */
struct file *filp_open(const char *path, int flags, mode_t mode);
struct file *do_filp_open(int dfd, const char *path, int flags, mode_t mode,
			  u64 resolve);
int vfs_truncate_inode(struct inode *inode, loff_t size);

/* fs/read_write.c */
ssize_t vfs_read(struct file *f, struct uio *u, loff_t *pos);
ssize_t vfs_write(struct file *f, struct uio *u, loff_t *pos);
/* RLIMIT_FSIZE for a write at @pos of *@len bytes (NULL: truncate). */
int fsize_limit_check(loff_t pos, size_t *len);
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos);

/* fs/readdir.c */
int vfs_iterate(struct file *f, struct dir_context *ctx);
int dcache_readdir(struct file *f, struct dir_context *ctx);
/* Fill @kbuf with linux_dirent64 (or, @old, linux_dirent) records. */
long vfs_getdents(struct file *f, void *kbuf, size_t size, bool old);

/* Generic operations of in-memory directories (fs/readdir.c). */
extern const struct file_operations dcache_dir_fops;

#endif
