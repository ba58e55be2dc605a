// SPDX-License-Identifier: MIT
/* /proc/version and /proc/cmdline. */
#include "internal.h"
#include <umka/version.h>
#include <umka/boot.h>

int proc_version_show(struct seq_buf *s, const struct proc_inode *pi)
{
	/* Linux's layout: "Linux version <release> (<builder>) <version>". */
	seq_printf(s, "Linux version %s-umka (umka@umkaos) #1 SMP UmkaOS %s\n",
		   UMKA_LINUX_COMPAT, UMKA_VERSION);
	return 0;
}

int proc_cmdline_show(struct seq_buf *s, const struct proc_inode *pi)
{
	seq_printf(s, "%s\n", boot_info.cmdline);
	return 0;
}
