// SPDX-License-Identifier: MIT
/*
 * Descriptor tables.  A table starts with NR_OPEN_DEFAULT slots and
 * doubles when a descriptor beyond it is asked for, up to RLIMIT_NOFILE.
 * Files are put only after the table lock is dropped, because a release
 * method may sleep or take other locks.
 */
#include <umka/fdtable.h>
#include <umka/slab.h>
#include <umka/sched.h>
#include <umka/string.h>
#include <uapi/fcntl.h>

#define BITS_PER_LONG 64

/* Overridden by the rlimit code once it exists. */
__weak unsigned int task_rlimit_nofile(void)
{
	return 1024;
}

static void free_arrays(struct files_struct *fs)
{
	kfree(fs->fd);
	kfree(fs->close_on_exec);
}

static int alloc_arrays(struct files_struct *fs, unsigned int n)
{
	fs->fd = kzalloc(n * sizeof(struct file *));
	fs->close_on_exec = kzalloc(n / 8);
	if (!fs->fd || !fs->close_on_exec) {
		free_arrays(fs);
		return -ENOMEM;
	}
	fs->max_fds = n;
	return 0;
}

struct files_struct *files_alloc(void)
{
	struct files_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->count = 1;
	mutex_init(&fs->lock, "files", LOCK_LEVEL_FILES);
	if (alloc_arrays(fs, NR_OPEN_DEFAULT)) {
		kfree(fs);
		return NULL;
	}
	return fs;
}

/* Grow so that @fd fits.  Called and returns with fs->lock held. */
static int expand_files(struct files_struct *fs, unsigned int fd)
{
	struct files_struct n;
	unsigned int size = fs->max_fds;

	while (size <= fd)
		size *= 2;
	if (alloc_arrays(&n, size))
		return -ENOMEM;
	memcpy(n.fd, fs->fd, fs->max_fds * sizeof(struct file *));
	memcpy(n.close_on_exec, fs->close_on_exec, fs->max_fds / 8);
	free_arrays(fs);
	fs->fd = n.fd;
	fs->close_on_exec = n.close_on_exec;
	fs->max_fds = size;
	return 0;
}

struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *fs = files_alloc();

	if (!fs)
		return NULL;
	mutex_lock(&old->lock);
	if (old->max_fds > fs->max_fds && expand_files(fs, old->max_fds - 1)) {
		mutex_unlock(&old->lock);
		files_put(fs);
		return NULL;
	}
	for (unsigned int i = 0; i < old->max_fds; i++)
		if (old->fd[i])
			fs->fd[i] = get_file(old->fd[i]);
	memcpy(fs->close_on_exec, old->close_on_exec, old->max_fds / 8);
	fs->next_fd = old->next_fd;
	mutex_unlock(&old->lock);
	return fs;
}

struct files_struct *files_get(struct files_struct *files)
{
	__atomic_add_fetch(&files->count, 1, __ATOMIC_RELAXED);
	return files;
}

void files_put(struct files_struct *files)
{
	if (!files || __atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL))
		return;
	/* Nobody else can see the table now: no lock needed. */
	for (unsigned int i = 0; i < files->max_fds; i++)
		if (files->fd[i])
			fput(files->fd[i]);
	free_arrays(files);
	kfree(files);
}

bool get_close_on_exec(struct files_struct *files, unsigned int fd)
{
	return files->close_on_exec[fd / BITS_PER_LONG] &
	       (1UL << (fd % BITS_PER_LONG));
}

/* Called with files->lock held. */
void set_close_on_exec(struct files_struct *files, unsigned int fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);

	if (on)
		files->close_on_exec[fd / BITS_PER_LONG] |= bit;
	else
		files->close_on_exec[fd / BITS_PER_LONG] &= ~bit;
}

/* Take the file out of slot @fd; the caller puts it.  Lock held. */
static struct file *pick_file(struct files_struct *files, unsigned int fd)
{
	struct file *f;

	if (fd >= files->max_fds || !files->fd[fd])
		return NULL;
	f = files->fd[fd];
	files->fd[fd] = NULL;
	set_close_on_exec(files, fd, false);
	if (fd < files->next_fd)
		files->next_fd = fd;
	return f;
}

void files_close_on_exec(struct files_struct *files)
{
	for (unsigned int fd = 0;; fd++) {
		struct file *f = NULL;

		mutex_lock(&files->lock);
		if (fd >= files->max_fds) {
			mutex_unlock(&files->lock);
			return;
		}
		if (get_close_on_exec(files, fd))
			f = pick_file(files, fd);
		mutex_unlock(&files->lock);
		if (f)
			fput(f);
	}
}

static struct file *lookup_get(struct files_struct *files, int fd, bool raw)
{
	struct file *f = NULL;

	if ((unsigned int)fd < files->max_fds && files->fd[fd]) {
		f = files->fd[fd];
		if (!raw && (f->f_mode & FMODE_PATH))
			f = NULL;	/* O_PATH: no I/O through it */
		else
			get_file(f);
	}
	return f;
}

static struct file *__fget(int fd, bool raw)
{
	struct files_struct *files = current->files;
	struct file *f;

	if (!files || fd < 0)
		return NULL;
	/*
	 * A table only we use cannot change under us: only its users
	 * install, close or grow it (procfs readers take the lock to read
	 * and bump the count first).  Skip the lock, as Linux's fdget does.
	 */
	if (__atomic_load_n(&files->count, __ATOMIC_ACQUIRE) == 1)
		return lookup_get(files, fd, raw);
	mutex_lock(&files->lock);
	f = lookup_get(files, fd, raw);
	mutex_unlock(&files->lock);
	return f;
}

struct file *fget(int fd)
{
	return __fget(fd, false);
}

struct file *fget_raw(int fd)
{
	return __fget(fd, true);
}

/* Lock held.  Reserves nothing: the caller installs under the same lock. */
static int find_free_fd(struct files_struct *files, unsigned int start)
{
	unsigned int limit = task_rlimit_nofile(), fd;

	if (limit > NR_OPEN_MAX)
		limit = NR_OPEN_MAX;
	if (start < files->next_fd)
		start = files->next_fd;
	for (fd = start; fd < files->max_fds; fd++)
		if (!files->fd[fd])
			break;
	if (fd >= limit)
		return -EMFILE;
	if (fd >= files->max_fds && expand_files(files, fd))
		return -ENOMEM;
	return fd;
}

/*
 * Allocate and fill in one step, so no other thread sees a reserved but
 * empty slot.
 */
static int install_at_free(struct files_struct *files, unsigned int start,
			   struct file *f, int flags)
{
	int fd;

	mutex_lock(&files->lock);
	fd = find_free_fd(files, start);
	if (fd >= 0) {
		files->fd[fd] = f;
		set_close_on_exec(files, fd, flags & O_CLOEXEC);
		/* Everything from next_fd up to fd was taken. */
		if (start <= files->next_fd)
			files->next_fd = fd + 1;
	}
	mutex_unlock(&files->lock);
	return fd;
}

int alloc_fd(struct files_struct *files, unsigned int start, int flags)
{
	int fd;

	mutex_lock(&files->lock);
	fd = find_free_fd(files, start);
	mutex_unlock(&files->lock);
	return fd;
}

void fd_install(struct files_struct *files, int fd, struct file *f)
{
	mutex_lock(&files->lock);
	files->fd[fd] = f;
	mutex_unlock(&files->lock);
}

int fd_install_at_least(struct file *f, unsigned int start, int flags)
{
	if (!current->files)
		return -EBADF;
	return install_at_free(current->files, start, f, flags);
}

int fd_install_new(struct file *f, int flags)
{
	return fd_install_at_least(f, 0, flags);
}

int close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *f;

	mutex_lock(&files->lock);
	f = pick_file(files, fd);
	mutex_unlock(&files->lock);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

/*
 * dup2/dup3: put @f (already referenced) in slot @fd, closing what was
 * there.  -EBADF if @fd is beyond the limit.
 */
int replace_fd(struct files_struct *files, unsigned int fd, struct file *f,
	       int flags)
{
	struct file *old = NULL;

	if (fd >= task_rlimit_nofile() || fd >= NR_OPEN_MAX)
		return -EBADF;
	mutex_lock(&files->lock);
	if (fd >= files->max_fds && expand_files(files, fd)) {
		mutex_unlock(&files->lock);
		return -ENOMEM;
	}
	old = files->fd[fd];
	files->fd[fd] = f;
	set_close_on_exec(files, fd, flags & O_CLOEXEC);
	mutex_unlock(&files->lock);
	if (old)
		fput(old);
	return fd;
}

int fd_install_pair(struct file *files[2], int flags, int __user *ufds)
{
	int fds[2];

	fds[0] = fd_install_new(files[0], flags);
	if (fds[0] < 0) {
		fput(files[0]);
		fput(files[1]);
		return fds[0];
	}
	fds[1] = fd_install_new(files[1], flags);
	if (fds[1] < 0) {
		close_fd(current->files, fds[0]);
		fput(files[1]);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		close_fd(current->files, fds[0]);
		close_fd(current->files, fds[1]);
		return -EFAULT;
	}
	return 0;
}
