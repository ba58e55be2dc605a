/* SPDX-License-Identifier: MIT */
/*
 * The host and domain names of uname(2), shared by sethostname(2),
 * setdomainname(2) and /proc/sys/kernel/{hostname,domainname}.
 */
#ifndef UMKA_UTSNAME_H
#define UMKA_UTSNAME_H

#include <umka/types.h>

#define UTS_LEN 65		/* with the NUL, as __NEW_UTS_LEN + 1 */

enum uts_name { UTS_HOSTNAME, UTS_DOMAINNAME };

/* Copy the name, NUL-terminated, into @buf of UTS_LEN bytes. */
void uts_get(enum uts_name which, char *buf);
/* Set it from @len bytes (no NUL needed): 0 or -EINVAL if too long. */
int uts_set(enum uts_name which, const char *name, size_t len);

#endif
