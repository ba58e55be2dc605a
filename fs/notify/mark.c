// SPDX-License-Identifier: MIT
/*
 * inotify watches ("marks"): one per (instance, inode), found by inode
 * or by watch descriptor; and the per-user limits on watches and
 * instances.  Everything here runs under fsnotify_lock.  Watch
 * descriptors count up from 1 and are not reused until they wrap, as
 * Linux hands them out; lists are scanned linearly (an instance rarely
 * has more than a few thousand watches).
 */
#include "internal.h"
#include <umka/slab.h>

DEFINE_SPINLOCK(fsnotify_lock, LOCK_LEVEL_FSNOTIFY);
static LIST_HEAD(inotify_users);

struct inotify_mark *inotify_find_mark(struct inotify_group *g,
				       struct inode *inode)
{
	struct inotify_mark *m;

	for (m = inode->i_notify; m; m = m->i_next)
		if (m->group == g)
			return m;
	return NULL;
}

struct inotify_mark *inotify_find_wd(struct inotify_group *g, s32 wd)
{
	struct inotify_mark *m;

	list_for_each_entry(m, &g->marks, g_list)
		if (m->wd == wd)
			return m;
	return NULL;
}

/* The next free descriptor at or after the cursor, wrapping to 1. */
static s32 alloc_wd(struct inotify_group *g)
{
	s32 wd = g->next_wd;

	while (inotify_find_wd(g, wd))
		wd = wd == 0x7fffffff ? 1 : wd + 1;
	g->next_wd = wd == 0x7fffffff ? 1 : wd + 1;
	return wd;
}

int inotify_attach_mark(struct inotify_group *g, struct inotify_mark *m,
			struct inode *inode, u32 mask)
{
	if (g->user->watches >= INOTIFY_MAX_USER_WATCHES)
		return -ENOSPC;
	g->user->watches++;
	m->group = g;
	m->inode = inode;
	m->mask = mask;
	m->wd = alloc_wd(g);
	list_add_tail(&m->g_list, &g->marks);
	m->i_next = inode->i_notify;
	WRITE_ONCE(inode->i_notify, m);
	return 0;
}

void inotify_destroy_mark(struct inotify_mark *m, bool notify)
{
	struct inotify_mark **pp = &m->inode->i_notify;

	while (*pp != m)
		pp = &(*pp)->i_next;
	WRITE_ONCE(*pp, m->i_next);
	list_del(&m->g_list);
	m->group->user->watches--;
	if (notify)
		inotify_queue_event(m->group, m->wd, IN_IGNORED, 0, NULL, 0);
	kfree(m);
}

static struct inotify_user *find_user(uid_t uid)
{
	struct inotify_user *u;

	list_for_each_entry(u, &inotify_users, list)
		if (u->uid == uid)
			return u;
	return NULL;
}

int inotify_user_get(uid_t uid, struct inotify_user **out)
{
	struct inotify_user *fresh = kzalloc(sizeof(*fresh)), *u;
	unsigned long flags = spin_lock_irqsave(&fsnotify_lock);
	int err = 0;

	u = find_user(uid);
	if (!u && fresh) {
		u = fresh;
		fresh = NULL;
		u->uid = uid;
		list_add_tail(&u->list, &inotify_users);
	}
	if (!u)
		err = -ENOMEM;
	else if (u->instances >= INOTIFY_MAX_USER_INSTANCES)
		err = -EMFILE;
	else
		u->instances++;
	spin_unlock_irqrestore(&fsnotify_lock, flags);
	kfree(fresh);
	*out = err ? NULL : u;
	return err;
}

/* Under fsnotify_lock. */
void inotify_user_put(struct inotify_user *u)
{
	if (--u->instances || u->watches)
		return;
	list_del(&u->list);
	kfree(u);
}
