// SPDX-License-Identifier: MIT
/*
 * uname, sethostname, setdomainname.  We report a Linux release so that
 * programs which check the kernel version (glibc does) accept us.
 * Errors: EFAULT for a bad buffer; sethostname/setdomainname: EPERM
 * without root (CAP_SYS_ADMIN), EINVAL for a negative length or one
 * above 64.
 */
#include <umka/syscall.h>
#include <umka/string.h>
#include <umka/version.h>
#include <umka/utsname.h>
#include <umka/spinlock.h>
#include <umka/sched.h>

struct new_utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

/* Copies are taken whole under the lock, so nobody sees half a name. */
static DEFINE_SPINLOCK(uts_lock, LOCK_LEVEL_UTS);
static char uts_names[2][UTS_LEN] = { "(none)", "(none)" };

void uts_get(enum uts_name which, char *buf)
{
	unsigned long flags = spin_lock_irqsave(&uts_lock);

	memcpy(buf, uts_names[which], UTS_LEN);
	spin_unlock_irqrestore(&uts_lock, flags);
}

int uts_set(enum uts_name which, const char *name, size_t len)
{
	unsigned long flags;

	if (len >= UTS_LEN)
		return -EINVAL;
	flags = spin_lock_irqsave(&uts_lock);
	memcpy(uts_names[which], name, len);
	memset(uts_names[which] + len, 0, UTS_LEN - len);
	spin_unlock_irqrestore(&uts_lock, flags);
	return 0;
}

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", UTS_LEN);
	uts_get(UTS_HOSTNAME, u.nodename);
	strlcpy(u.release, UMKA_LINUX_COMPAT "-umka", UTS_LEN);
	strlcpy(u.version, "#1 SMP UmkaOS " UMKA_VERSION, UTS_LEN);
	strlcpy(u.machine, "x86_64", UTS_LEN);
	uts_get(UTS_DOMAINNAME, u.domainname);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

static long set_uts(enum uts_name which, const char __user *name, int len)
{
	char buf[UTS_LEN];

	if (current->cred.euid != 0)
		return -EPERM;
	if (len < 0 || len >= UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, name, len))
		return -EFAULT;
	return uts_set(which, buf, len);
}

SYSCALL_DEFINE2(sethostname, const char __user *, name, int, len)
{
	return set_uts(UTS_HOSTNAME, name, len);
}

SYSCALL_DEFINE2(setdomainname, const char __user *, name, int, len)
{
	return set_uts(UTS_DOMAINNAME, name, len);
}
