/* SPDX-License-Identifier: MIT */
/*
 * Shared by the files of fs/notify/ only.
 *
 * Objects:
 *  - struct inotify_group: one inotify instance (the file behind the fd):
 *    its event queue and its watches.
 *  - struct inotify_mark: one watch, on one inode, for one group.  It is
 *    on the inode's singly linked list (inode->i_notify) and on its
 *    group's list.  It holds no reference on the inode: the inode's last
 *    iput() ends its watches first (fsnotify_evict()).
 *  - struct inotify_kevent: one queued event.
 *
 * Locking (include/umka/lock_levels.h):
 *  - fsnotify_lock (spinlock, LOCK_LEVEL_FSNOTIFY): every mark list, the
 *    per-user counts, and the names and parents of dentries whose
 *    d_notify_parent is set (d_move changes those under it).  Taken
 *    inside VFS locks; nothing in here calls back into the VFS.
 *  - group->lock (spinlock, LOCK_LEVEL_INOTIFY_QUEUE): one event queue.
 *    Events are allocated under fsnotify_lock (kmalloc does not sleep);
 *    a failed allocation queues the overflow event instead.
 */
#ifndef FS_NOTIFY_INTERNAL_H
#define FS_NOTIFY_INTERNAL_H

#include <umka/fsnotify.h>
#include <umka/spinlock.h>
#include <umka/wait.h>

/* Linux's defaults for /proc/sys/fs/inotify/. */
#define INOTIFY_MAX_QUEUED_EVENTS	16384
#define INOTIFY_MAX_USER_WATCHES	8192
#define INOTIFY_MAX_USER_INSTANCES	128

/* Bits a watch keeps: the events it wants and how it behaves. */
#define INOTIFY_MARK_BITS (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK)

struct inotify_kevent {
	struct list_head list;
	s32 wd;
	u32 mask;
	u32 cookie;
	u32 name_len;		/* strlen of name, 0 for none */
	char name[];
};

/* Watches and instances of one user (effective uid). */
struct inotify_user {
	struct list_head list;
	uid_t uid;
	unsigned int watches;
	unsigned int instances;
};

struct inotify_group {
	/* Under lock. */
	struct spinlock lock;
	struct list_head events;
	unsigned int q_len;		/* events queued, overflow included */
	unsigned int q_bytes;		/* what read() would return in all */
	struct inotify_kevent *overflow; /* queued when q_len is full */
	bool overflow_queued;
	struct wait_queue_head wq;	/* readers and pollers */
	u64 poll_gen;			/* atomic: events queued, for EPOLLET */
	/* Under fsnotify_lock. */
	struct list_head marks;
	int next_wd;
	struct inotify_user *user;
};

struct inotify_mark {
	struct inotify_mark *i_next;	/* the inode's next watch */
	struct list_head g_list;	/* in group->marks */
	struct inotify_group *group;
	struct inode *inode;
	s32 wd;
	u32 mask;			/* INOTIFY_MARK_BITS */
};

extern struct spinlock fsnotify_lock;

/* event_queue.c: queue one event (fsnotify_lock held or not). */
void inotify_queue_event(struct inotify_group *g, s32 wd, u32 mask,
			 u32 cookie, const char *name, size_t len);
/* Size of @e as read() returns it. */
size_t inotify_event_size(const struct inotify_kevent *e);
/* Free every queued event of a group being released. */
void inotify_flush_events(struct inotify_group *g);

/* mark.c, under fsnotify_lock. */
struct inotify_mark *inotify_find_mark(struct inotify_group *g,
				       struct inode *inode);
struct inotify_mark *inotify_find_wd(struct inotify_group *g, s32 wd);
/* Link @m (kzalloc'd) to @inode; -ENOSPC past max_user_watches. */
int inotify_attach_mark(struct inotify_group *g, struct inotify_mark *m,
			struct inode *inode, u32 mask);
/* Unlink and free @m, queueing IN_IGNORED if @notify. */
void inotify_destroy_mark(struct inotify_mark *m, bool notify);
/* The user's count of instances: +1 (-EMFILE at the limit) or -1. */
int inotify_user_get(uid_t uid, struct inotify_user **out);
void inotify_user_put(struct inotify_user *u);

#endif
