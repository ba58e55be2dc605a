// SPDX-License-Identifier: MIT
/*
 * utimensat, utimes, utime: set access and modification times.
 *
 * Errors:
 *   EACCES   times NULL (or both UTIME_NOW) and the caller neither owns
 *            the file nor may write it
 *   EPERM    explicit times on a file the caller does not own
 *   EINVAL   tv_nsec out of range (and not UTIME_NOW/UTIME_OMIT);
 *            unknown flags; utimes tv_usec out of range
 *   EBADF    dirfd (or fd with a NULL name) not open
 *   EFAULT   a bad pointer
 *   ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG: see fs/namei.c
 */
#include "internal.h"
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/fsnotify.h>
#include <umka/syscall.h>

struct k_timespec {
	s64 tv_sec;
	long tv_nsec;
};

struct k_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

struct k_utimbuf {
	s64 actime;
	s64 modtime;
};

static bool ts_valid(const struct timespec64 *t)
{
	return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
	       (t->tv_nsec >= 0 && t->tv_nsec < 1000000000L);
}

int vfs_utimes(struct inode *inode, const struct timespec64 *times)
{
	struct timespec64 now = current_time();
	bool explicit_time = false;
	int err = 0;

	for (int i = 0; i < 2; i++) {
		if (!ts_valid(&times[i]))
			return -EINVAL;
		if (times[i].tv_nsec != UTIME_NOW &&
		    times[i].tv_nsec != UTIME_OMIT)
			explicit_time = true;
	}
	mutex_lock(&vfs_ns_lock);
	if (!inode_owner_or_capable(inode)) {
		if (explicit_time)
			err = -EPERM;
		else if (inode_permission(inode, MAY_WRITE))
			err = -EACCES;
	}
	if (!err) {
		struct timespec64 *dst[2] = { &inode->i_atime,
					      &inode->i_mtime };

		for (int i = 0; i < 2; i++) {
			if (times[i].tv_nsec == UTIME_OMIT)
				continue;
			*dst[i] = times[i].tv_nsec == UTIME_NOW ? now
								: times[i];
		}
		inode->i_ctime = now;
	}
	mutex_unlock(&vfs_ns_lock);
	return err;
}

/*
 * What Linux reports for a time change: both times is a utime() call
 * (IN_ATTRIB), one alone reads as an access or a modification.
 */
static u32 utimes_event(const struct timespec64 *times)
{
	bool a = times[0].tv_nsec != UTIME_OMIT;
	bool m = times[1].tv_nsec != UTIME_OMIT;

	return a && m ? IN_ATTRIB : a ? IN_ACCESS : m ? IN_MODIFY : 0;
}

static long utimes_at(int dfd, const char __user *name,
		      const struct timespec64 *times, int flags)
{
	struct path p;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	/* A NULL name means dfd itself (futimens). */
	if (!name) {
		struct file *f;

		if (dfd == AT_FDCWD)
			return -EFAULT;
		f = fget_raw(dfd);
		if (!f)
			return -EBADF;
		err = vfs_utimes(f->f_inode, times);
		if (!err)
			fsnotify_change(f->f_path.dentry, utimes_event(times));
		fput(f);
		return err;
	}
	err = user_path_at(dfd, name,
			   ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
				   ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
			   &p);
	if (err)
		return err;
	err = vfs_utimes(p.dentry->d_inode, times);
	if (!err)
		fsnotify_change(p.dentry, utimes_event(times));
	path_put(&p);
	return err;
}

static const struct timespec64 both_now[2] = {
	{ 0, UTIME_NOW }, { 0, UTIME_NOW } };

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, name,
		const struct k_timespec __user *, utimes, int, flags)
{
	struct k_timespec t[2];
	struct timespec64 times[2];

	if (!utimes)
		return utimes_at(dfd, name, both_now, flags);
	if (copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		times[i].tv_sec = t[i].tv_sec;
		times[i].tv_nsec = t[i].tv_nsec;
	}
	/* Both omitted: nothing to do, but the name must still resolve. */
	return utimes_at(dfd, name, times, flags);
}

SYSCALL_DEFINE2(utimes, const char __user *, name,
		const struct k_timeval __user *, utimes)
{
	struct k_timeval t[2];
	struct timespec64 times[2];

	if (!utimes)
		return utimes_at(AT_FDCWD, name, both_now, 0);
	if (copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (t[i].tv_usec < 0 || t[i].tv_usec >= 1000000)
			return -EINVAL;
		times[i].tv_sec = t[i].tv_sec;
		times[i].tv_nsec = t[i].tv_usec * 1000;
	}
	return utimes_at(AT_FDCWD, name, times, 0);
}

SYSCALL_DEFINE2(utime, const char __user *, name,
		const struct k_utimbuf __user *, ubuf)
{
	struct k_utimbuf b;
	struct timespec64 times[2];

	if (!ubuf)
		return utimes_at(AT_FDCWD, name, both_now, 0);
	if (copy_from_user(&b, ubuf, sizeof(b)))
		return -EFAULT;
	times[0] = (struct timespec64){ b.actime, 0 };
	times[1] = (struct timespec64){ b.modtime, 0 };
	return utimes_at(AT_FDCWD, name, times, 0);
}
