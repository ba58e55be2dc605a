// SPDX-License-Identifier: MIT
/*
 * User and group ids.  Root (euid 0) may set anything; others may only
 * move between their real, effective and saved ids (setresuid(2)).
 * Errors: EPERM for a forbidden change (setgroups without root),
 * EFAULT for bad pointers, EINVAL for a negative group count, one over
 * NGROUPS_MAX, or a getgroups buffer too small for the list; ENOMEM.
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/slab.h>
#include <umka/proc.h>

#define KEEP ((u32)-1)

SYSCALL_DEFINE0(getuid) { return current->cred.uid; }
SYSCALL_DEFINE0(geteuid) { return current->cred.euid; }
SYSCALL_DEFINE0(getgid) { return current->cred.gid; }
SYSCALL_DEFINE0(getegid) { return current->cred.egid; }

static bool may_become(u32 id, u32 r, u32 e, u32 s)
{
	return id == KEEP || current->cred.euid == 0 || id == r || id == e ||
	       id == s;
}

static long set_ids(u32 *r, u32 *e, u32 *s, u32 *fs, u32 nr, u32 ne, u32 ns)
{
	if (!may_become(nr, *r, *e, *s) || !may_become(ne, *r, *e, *s) ||
	    !may_become(ns, *r, *e, *s))
		return -EPERM;
	if (nr != KEEP)
		*r = nr;
	if (ne != KEEP)
		*e = ne;
	if (ns != KEEP)
		*s = ns;
	*fs = *e;
	return 0;
}

SYSCALL_DEFINE3(setresuid, u32, r, u32, e, u32, s)
{
	struct cred *c = &current->cred;

	return set_ids(&c->uid, &c->euid, &c->suid, &c->fsuid, r, e, s);
}

SYSCALL_DEFINE3(setresgid, u32, r, u32, e, u32, s)
{
	struct cred *c = &current->cred;

	/* Permission for group changes follows the effective *user* id. */
	if (c->euid != 0 && ((r != KEEP && r != c->gid && r != c->egid && r != c->sgid) ||
			     (e != KEEP && e != c->gid && e != c->egid && e != c->sgid) ||
			     (s != KEEP && s != c->gid && s != c->egid && s != c->sgid)))
		return -EPERM;
	if (r != KEEP)
		c->gid = r;
	if (e != KEEP)
		c->egid = e;
	if (s != KEEP)
		c->sgid = s;
	c->fsgid = c->egid;
	return 0;
}

SYSCALL_DEFINE2(setreuid, u32, r, u32, e)
{
	struct cred *c = &current->cred;
	u32 s = KEEP;

	/* The saved id follows a real change or an euid != old ruid. */
	if (r != KEEP || (e != KEEP && e != c->uid))
		s = e != KEEP ? e : c->euid;
	return __do_sys_setresuid(r, e, s);
}

SYSCALL_DEFINE2(setregid, u32, r, u32, e)
{
	struct cred *c = &current->cred;
	u32 s = KEEP;

	if (r != KEEP || (e != KEEP && e != c->gid))
		s = e != KEEP ? e : c->egid;
	return __do_sys_setresgid(r, e, s);
}

SYSCALL_DEFINE1(setuid, u32, uid)
{
	if (current->cred.euid == 0)
		return __do_sys_setresuid(uid, uid, uid);
	return __do_sys_setresuid(KEEP, uid, KEEP);
}

SYSCALL_DEFINE1(setgid, u32, gid)
{
	if (current->cred.euid == 0)
		return __do_sys_setresgid(gid, gid, gid);
	return __do_sys_setresgid(KEEP, gid, KEEP);
}

static long get3(u32 a, u32 b, u32 c, u32 __user *pa, u32 __user *pb,
		 u32 __user *pc)
{
	if (put_user(a, pa) || put_user(b, pb) || put_user(c, pc))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	const struct cred *c = &current->cred;

	return get3(c->uid, c->euid, c->suid, r, e, s);
}

SYSCALL_DEFINE3(getresgid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	const struct cred *c = &current->cred;

	return get3(c->gid, c->egid, c->sgid, r, e, s);
}

void groups_get(struct group_info *gi)
{
	if (gi)
		__atomic_add_fetch(&gi->refs, 1, __ATOMIC_RELAXED);
}

void groups_put(struct group_info *gi)
{
	if (gi && !__atomic_sub_fetch(&gi->refs, 1, __ATOMIC_ACQ_REL))
		kfree(gi);
}

/* Heapsort: up to NGROUPS_MAX entries, no recursion, no extra memory. */
static void sift_down(gid_t *g, u32 root, u32 n)
{
	for (u32 child; (child = 2 * root + 1) < n; root = child) {
		gid_t t;

		if (child + 1 < n && g[child] < g[child + 1])
			child++;
		if (g[root] >= g[child])
			return;
		t = g[root];
		g[root] = g[child];
		g[child] = t;
	}
}

static void sort_gids(gid_t *g, u32 n)
{
	for (u32 i = n / 2; i-- > 0;)
		sift_down(g, i, n);
	for (u32 end = n; end > 1; end--) {
		gid_t t = g[0];

		g[0] = g[end - 1];
		g[end - 1] = t;
		sift_down(g, 0, end - 1);
	}
}

SYSCALL_DEFINE2(getgroups, int, size, u32 __user *, list)
{
	const struct cred *c = &current->cred;
	u32 n = cred_ngroups(c);

	if (size < 0)
		return -EINVAL;
	if (!size)
		return n;
	if ((u32)size < n)
		return -EINVAL;
	if (n && copy_to_user(list, c->groups->gid, n * sizeof(gid_t)))
		return -EFAULT;
	return n;
}

SYSCALL_DEFINE2(setgroups, int, size, const u32 __user *, list)
{
	struct group_info *gi = NULL, *old;
	unsigned long flags;

	if (current->cred.euid != 0)
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (size) {
		gi = kmalloc(sizeof(*gi) + size * sizeof(gid_t));
		if (!gi)
			return -ENOMEM;
		gi->refs = 1;
		gi->n = size;
		if (copy_from_user(gi->gid, list, size * sizeof(gid_t))) {
			kfree(gi);
			return -EFAULT;
		}
		sort_gids(gi->gid, size);
	}
	/* procfs takes references to other tasks' lists under this lock. */
	flags = spin_lock_irqsave(&tasklist_lock);
	old = current->cred.groups;
	current->cred.groups = gi;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	groups_put(old);
	return 0;
}
