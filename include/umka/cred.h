/* SPDX-License-Identifier: MIT */
/* Linux credentials of a task (capabilities sit beneath, later). */
#ifndef UMKA_CRED_H
#define UMKA_CRED_H

#include <umka/types.h>

typedef u32 uid_t;
typedef u32 gid_t;
typedef s32 pid_t;
typedef u32 mode_t;

/*
 * Supplementary groups, up to NGROUPS_MAX as in Linux: a sorted,
 * reference-counted list that never changes once made, so a fork child
 * shares its parent's and setgroups swaps in a new one.  A task changes
 * only its own pointer, under tasklist_lock, so that procfs can take a
 * reference to another task's list.
 */
#define NGROUPS_MAX 65536

struct group_info {
	int refs;			/* atomic */
	u32 n;
	gid_t gid[];			/* sorted, as Linux keeps them */
};

struct cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	mode_t umask;
	struct group_info *groups;	/* NULL: none */
};

void groups_get(struct group_info *gi);
void groups_put(struct group_info *gi);

static inline u32 cred_ngroups(const struct cred *c)
{
	return c->groups ? c->groups->n : 0;
}

/* Whether @gid is the filesystem group or a supplementary one. */
static inline bool cred_in_group(const struct cred *c, gid_t gid)
{
	u32 lo = 0, hi = cred_ngroups(c);

	if (c->fsgid == gid)
		return true;
	while (lo < hi) {		/* binary search of the sorted list */
		u32 mid = lo + (hi - lo) / 2;

		if (c->groups->gid[mid] == gid)
			return true;
		if (c->groups->gid[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

#endif
