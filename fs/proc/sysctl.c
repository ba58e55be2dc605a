// SPDX-License-Identifier: MIT
/*
 * /proc/sys/kernel: the names uname(2) reports, and pid_max.  hostname
 * and domainname are writable by root and are the same strings that
 * sethostname(2) and setdomainname(2) change.
 */
#include "internal.h"
#include <umka/utsname.h>
#include <umka/version.h>
#include <umka/string.h>

static int show_uts(struct seq_buf *s, enum uts_name which)
{
	char name[UTS_LEN];

	uts_get(which, name);
	seq_printf(s, "%s\n", name);
	return 0;
}

static int write_uts(enum uts_name which, const char *buf, size_t n)
{
	if (current->cred.euid != 0)
		return -EPERM;
	/* echo adds a newline, which is not part of the name. */
	if (n && buf[n - 1] == '\n')
		n--;
	return uts_set(which, buf, n);
}

static int hostname_show(struct seq_buf *s, const struct proc_inode *pi)
{
	return show_uts(s, UTS_HOSTNAME);
}

static int hostname_write(const struct proc_inode *pi, const char *buf,
			  size_t n)
{
	return write_uts(UTS_HOSTNAME, buf, n);
}

static int domainname_show(struct seq_buf *s, const struct proc_inode *pi)
{
	return show_uts(s, UTS_DOMAINNAME);
}

static int domainname_write(const struct proc_inode *pi, const char *buf,
			    size_t n)
{
	return write_uts(UTS_DOMAINNAME, buf, n);
}

static int ostype_show(struct seq_buf *s, const struct proc_inode *pi)
{
	seq_puts(s, "Linux\n");
	return 0;
}

static int osrelease_show(struct seq_buf *s, const struct proc_inode *pi)
{
	seq_puts(s, UMKA_LINUX_COMPAT "-umka\n");
	return 0;
}

static int version_show(struct seq_buf *s, const struct proc_inode *pi)
{
	seq_puts(s, "#1 SMP UmkaOS " UMKA_VERSION "\n");
	return 0;
}

static int pid_max_show(struct seq_buf *s, const struct proc_inode *pi)
{
	seq_puts(s, "32768\n");	/* PID_MAX of kernel/proc/pid.c */
	return 0;
}

static const struct proc_entry kernel_entries[] = {
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = hostname_show,
	  .write = hostname_write },
	{ .name = "domainname", .mode = S_IFREG | 0644,
	  .show = domainname_show, .write = domainname_write },
	PROC_FILE("ostype", 0444, ostype_show),
	PROC_FILE("osrelease", 0444, osrelease_show),
	PROC_FILE("version", 0444, version_show),
	PROC_FILE("pid_max", 0644, pid_max_show),
};

const struct proc_entry proc_sys_entries[PROC_SYS_NENTRIES] = {
	PROC_DIR("kernel", 0555, kernel_entries),
};
