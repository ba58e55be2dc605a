/* SPDX-License-Identifier: MIT */
/* Linux credentials of a task (capabilities sit beneath, later). */
#ifndef UMKA_CRED_H
#define UMKA_CRED_H

#include <umka/types.h>

typedef u32 uid_t;
typedef u32 gid_t;
typedef s32 pid_t;
typedef u32 mode_t;

struct cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	mode_t umask;
};

#endif
