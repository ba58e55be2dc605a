// SPDX-License-Identifier: MIT
/*
 * User and group ids.  Root (euid 0) may set anything; others may only
 * move between their real, effective and saved ids (setresuid(2)).
 * Errors: EPERM for a forbidden change (setgroups without root),
 * EFAULT for bad pointers, EINVAL for a negative group count, one over
 * NGROUPS_MAX, more groups than are kept (NGROUPS_INLINE), or a
 * getgroups buffer too small for the list.
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <umka/errno.h>
#include <umka/string.h>

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

SYSCALL_DEFINE2(getgroups, int, size, u32 __user *, list)
{
	const struct cred *c = &current->cred;

	if (size < 0)
		return -EINVAL;
	if (!size)
		return c->ngroups;
	if ((u32)size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(list, c->groups, c->ngroups * sizeof(gid_t)))
		return -EFAULT;
	return c->ngroups;
}

SYSCALL_DEFINE2(setgroups, int, size, const u32 __user *, list)
{
	gid_t g[NGROUPS_INLINE];

	if (current->cred.euid != 0)
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX || size > NGROUPS_INLINE)
		return -EINVAL;
	if (copy_from_user(g, list, size * sizeof(gid_t)))
		return -EFAULT;
	/* Sorted (insertion sort: a few entries). */
	for (int i = 1; i < size; i++)
		for (int j = i; j > 0 && g[j - 1] > g[j]; j--) {
			gid_t t = g[j];

			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	memcpy(current->cred.groups, g, size * sizeof(gid_t));
	current->cred.ngroups = size;
	return 0;
}
