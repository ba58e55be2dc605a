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
 * Supplementary groups are kept inline, up to NGROUPS_INLINE of them
 * (Linux allows NGROUPS_MAX, 65536; setgroups refuses more than fit).
 */
#define NGROUPS_MAX 65536
#define NGROUPS_INLINE 32

struct cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	mode_t umask;
	u32 ngroups;
	gid_t groups[NGROUPS_INLINE];	/* sorted, as Linux keeps them */
};

/* Whether @gid is the filesystem group or a supplementary one. */
static inline bool cred_in_group(const struct cred *c, gid_t gid)
{
	if (c->fsgid == gid)
		return true;
	for (u32 i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

#endif
