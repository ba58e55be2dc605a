// SPDX-License-Identifier: MIT
/*
 * capget, capset.  There are no capability sets yet: privilege is the
 * effective uid, so a task with euid 0 holds every capability Linux 6.1
 * knows (0..40) in its permitted and effective sets and none inheritable,
 * and any other task holds none (as /proc/<pid>/status says).  capget
 * reports that; capset accepts only the sets a task already has and
 * refuses any change with EPERM rather than pretend to drop privileges.
 *
 * Errors: EINVAL (unknown header version, which is then rewritten to the
 * preferred one; negative pid), ESRCH, EPERM, EFAULT.
 */
#include <umka/syscall.h>
#include <umka/proc.h>
#include <umka/uaccess.h>
#include <umka/errno.h>
#include <umka/string.h>

#define CAP_V1 0x19980330U	/* one 32-bit word per set */
#define CAP_V2 0x20071026U	/* two words per set */
#define CAP_V3 0x20080522U
#define CAP_ALL 0x1ffffffffffULL	/* CAP_CHOWN .. CAP_CHECKPOINT_RESTORE */

struct cap_header {
	u32 version;
	int pid;
};

struct cap_data {
	u32 effective, permitted, inheritable;
};

/* Words per set for @version; 0 (and the header fixed) when unknown. */
static int header_words(struct cap_header __user *uh, struct cap_header *h)
{
	if (copy_from_user(h, uh, sizeof(*h)))
		return -EFAULT;
	if (h->version == CAP_V1)
		return 1;
	if (h->version == CAP_V2 || h->version == CAP_V3)
		return 2;
	if (put_user(CAP_V3, &uh->version))
		return -EFAULT;
	return -EINVAL;
}

/* The permitted (= effective) set of task @pid (0: ourselves). */
static int caps_of(pid_t pid, u64 *caps)
{
	unsigned long flags;
	struct task *t;

	if (pid < 0)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	t = pid ? find_task_by_pid(pid) : current;
	if (t)
		*caps = t->cred.euid == 0 ? CAP_ALL : 0;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t ? 0 : -ESRCH;
}

static void to_words(u64 caps, struct cap_data d[2])
{
	for (int i = 0; i < 2; i++)
		d[i] = (struct cap_data){ (u32)(caps >> (32 * i)),
					  (u32)(caps >> (32 * i)), 0 };
}

SYSCALL_DEFINE2(capget, struct cap_header __user *, uh,
		struct cap_data __user *, ud)
{
	struct cap_header h;
	struct cap_data d[2];
	int words = header_words(uh, &h), err;
	u64 caps = 0;

	if (words < 0)
		return words;
	err = caps_of(h.pid, &caps);
	if (err || !ud)
		return err;	/* no data: just probing the version */
	to_words(caps, d);
	return copy_to_user(ud, d, words * sizeof(d[0])) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(capset, struct cap_header __user *, uh,
		const struct cap_data __user *, ud)
{
	struct cap_header h;
	struct cap_data want[2] = { 0 }, have[2];
	int words = header_words(uh, &h);
	u64 caps = 0;

	if (words < 0)
		return words;
	if (h.pid && h.pid != current->pid)
		return -EPERM;	/* Linux: only one's own sets */
	if (copy_from_user(want, ud, words * sizeof(want[0])))
		return -EFAULT;
	caps_of(0, &caps);
	to_words(caps, have);
	if (words == 1)
		have[1] = want[1];	/* V1 says nothing of the upper word */
	return memcmp(want, have, sizeof(want)) ? -EPERM : 0;
}
