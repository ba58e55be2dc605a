// SPDX-License-Identifier: MIT
/*
 * Inodes: allocation, reference counting, times and permission checks.
 * An inode lives while something references it (its dentries, open
 * files); the filesystem frees its data once the last reference to an
 * inode with no links left is gone.
 */
#include <umka/fs.h>
#include <umka/fsnotify.h>
#include <umka/slab.h>
#include <umka/sched.h>
#include <umka/string.h>
#include <umka/time.h>

struct inode *new_inode(struct super_block *sb, mode_t mode)
{
	struct inode *inode = kzalloc(sizeof(*inode));

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_ino = __atomic_add_fetch(&sb->s_next_ino, 1, __ATOMIC_RELAXED);
	inode->i_mode = mode;
	inode->i_nlink = 1;
	inode->i_count = 1;
	mutex_init(&inode->i_mutex, "i_mutex", LOCK_LEVEL_INODE);
	inode->i_atime = inode->i_mtime = inode->i_ctime = inode->i_btime =
		current_time();
	return inode;
}

void ihold(struct inode *inode)
{
	__atomic_add_fetch(&inode->i_count, 1, __ATOMIC_RELAXED);
}

void iput(struct inode *inode)
{
	if (!inode || __atomic_sub_fetch(&inode->i_count, 1, __ATOMIC_ACQ_REL))
		return;
	fsnotify_evict(inode);
	if (inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	kfree(inode);
}

struct timespec64 current_time(void)
{
	u64 ns = ktime_get_real_ns();

	return (struct timespec64){ .tv_sec = ns / NSEC_PER_SEC,
				    .tv_nsec = ns % NSEC_PER_SEC };
}

void inode_touch(struct inode *inode, bool m, bool c)
{
	struct timespec64 now = current_time();

	if (m)
		inode->i_mtime = now;
	if (c)
		inode->i_ctime = now;
}

/* CAP_FOWNER and CAP_DAC_OVERRIDE stand for "fsuid 0" until caps exist. */
bool capable_fowner(void)
{
	return current->cred.fsuid == 0;
}

bool inode_owner_or_capable(struct inode *inode)
{
	return current->cred.fsuid == inode->i_uid || capable_fowner();
}

/*
 * The classic owner/group/other check.  Root passes everything except
 * executing a file that nobody may execute.
 */
int inode_permission(struct inode *inode, int mask)
{
	const struct cred *c = &current->cred;
	mode_t mode = inode->i_mode;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (c->fsuid == 0) {
		if (!(mask & MAY_EXEC) || S_ISDIR(mode) || (mode & 0111))
			return 0;
		return -EACCES;
	}
	if (c->fsuid == inode->i_uid)
		mode >>= 6;
	else if (cred_in_group(c, inode->i_gid))
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

/* Owner of a new inode: the caller, with a setgid directory's group. */
void inode_init_owner(struct inode *inode, struct inode *dir, mode_t mode)
{
	inode->i_uid = current->cred.fsuid;
	if (dir && (dir->i_mode & S_ISGID)) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	} else {
		inode->i_gid = current->cred.fsgid;
	}
	inode->i_mode = mode;
}
