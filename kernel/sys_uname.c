// SPDX-License-Identifier: MIT
/*
 * uname.  We report a Linux release so that programs which check the
 * kernel version (glibc does) accept us.
 * Errors: EFAULT for a bad buffer.
 */
#include <umka/syscall.h>
#include <umka/string.h>
#include <umka/version.h>

#define UTS_LEN 65

struct new_utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

static char hostname[UTS_LEN] = "(none)";
static char domainname[UTS_LEN] = "(none)";

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", UTS_LEN);
	strlcpy(u.nodename, hostname, UTS_LEN);
	strlcpy(u.release, UMKA_LINUX_COMPAT "-umka", UTS_LEN);
	strlcpy(u.version, "#1 SMP UmkaOS " UMKA_VERSION, UTS_LEN);
	strlcpy(u.machine, "x86_64", UTS_LEN);
	strlcpy(u.domainname, domainname, UTS_LEN);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}
