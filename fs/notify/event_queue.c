// SPDX-License-Identifier: MIT
/*
 * One inotify instance's event queue.  An event identical to the last
 * one queued (watch, mask, cookie and name) is dropped, as Linux
 * coalesces repeats; once max_queued_events are waiting, or an event
 * cannot be allocated, a single IN_Q_OVERFLOW (wd -1) is queued instead
 * and further events are lost until the reader catches up.
 */
#include "internal.h"
#include <umka/slab.h>
#include <umka/string.h>

size_t inotify_event_size(const struct inotify_kevent *e)
{
	/* The name is NUL-terminated and padded to a 16-byte multiple. */
	size_t name = e->name_len ? ALIGN_UP(e->name_len + 1, 16) : 0;

	return sizeof(struct inotify_event) + name;
}

static bool same_event(const struct inotify_kevent *a, s32 wd, u32 mask,
		       u32 cookie, const char *name, size_t len)
{
	return a->wd == wd && a->mask == mask && a->cookie == cookie &&
	       a->name_len == len && (!len || !memcmp(a->name, name, len));
}

/* Under g->lock. */
static void queue_locked(struct inotify_group *g, struct inotify_kevent *e)
{
	list_add_tail(&e->list, &g->events);
	g->q_len++;
	g->q_bytes += inotify_event_size(e);
}

void inotify_queue_event(struct inotify_group *g, s32 wd, u32 mask,
			 u32 cookie, const char *name, size_t len)
{
	struct inotify_kevent *e = kmalloc(sizeof(*e) + len + 1);
	unsigned long flags;

	if (e) {
		e->wd = wd;
		e->mask = mask;
		e->cookie = cookie;
		e->name_len = len;
		if (len)
			memcpy(e->name, name, len);
		e->name[len] = 0;
	}
	flags = spin_lock_irqsave(&g->lock);
	if (!e || g->q_len >= INOTIFY_MAX_QUEUED_EVENTS) {
		kfree(e);
		if (g->overflow_queued) {
			spin_unlock_irqrestore(&g->lock, flags);
			return;
		}
		g->overflow_queued = true;
		e = g->overflow;
	} else if (!list_empty(&g->events) &&
		   same_event(list_entry(g->events.prev,
					 struct inotify_kevent, list),
			      wd, mask, cookie, name, len)) {
		spin_unlock_irqrestore(&g->lock, flags);
		kfree(e);
		return;
	}
	queue_locked(g, e);
	spin_unlock_irqrestore(&g->lock, flags);
	__atomic_add_fetch(&g->poll_gen, 1, __ATOMIC_RELEASE);
	wake_up_all(&g->wq);
}

void inotify_flush_events(struct inotify_group *g)
{
	struct inotify_kevent *e, *n;

	list_for_each_entry_safe(e, n, &g->events, list)
		if (e != g->overflow)
			kfree(e);
	list_init(&g->events);
	g->q_len = g->q_bytes = 0;
	g->overflow_queued = false;
}
