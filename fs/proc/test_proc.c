// SPDX-License-Identifier: MIT
/*
 * Self-tests of procfs and sysfs: mount them, then read files through
 * filp_open/kernel_read as a program would and check their fields.
 */
#include <umka/ktest.h>
#include <umka/kprintf.h>
#include <umka/slab.h>
#include <umka/utsname.h>
#include <uapi/dirent.h>
#include "../test_util.h"
#include "internal.h"

#define MNT "/tmp/ktproc"

static char *kt_buf;

/* Read a whole file into kt_buf (NUL-terminated); its length. */
static long slurp(const char *path)
{
	long n = kt_read_file(path, kt_buf, 8191);

	if (n >= 0)
		kt_buf[n] = 0;
	return n;
}

static bool has(const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = kt_buf; *p; p++)
		if (!strncmp(p, needle, n))
			return true;
	return false;
}

static long parse_long(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Is @name an entry of directory @path? */
static bool dir_has(const char *path, const char *name)
{
	struct file *f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	char *buf = kmalloc(4096);
	bool found = false;
	long n;

	if (IS_ERR(f) || !buf) {
		kfree(buf);
		return false;
	}
	while (!found && (n = vfs_getdents(f, buf, 4096, false)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			if (!strcmp(d->d_name, name))
				found = true;
			off += d->d_reclen;
		}
	}
	fput(f);
	kfree(buf);
	return found;
}

static void proc_checks(void)
{
	char path[64], name[16];
	struct file *f;
	loff_t pos;
	int nf = 0;

	/* Global files. */
	KT_ASSERT(slurp(MNT "/meminfo") > 0);
	KT_ASSERT(!strncmp(kt_buf, "MemTotal:", 9));
	KT_ASSERT(has("\nMemFree:") && has("\nMemAvailable:") &&
		  has("\nSwapTotal:"));
	KT_ASSERT(slurp(MNT "/uptime") > 0 && has("."));
	KT_ASSERT(slurp(MNT "/loadavg") > 0);
	KT_ASSERT(!strncmp(kt_buf, "0.00 0.00 0.00 ", 15) && has("/"));
	KT_ASSERT(slurp(MNT "/stat") > 0);
	KT_ASSERT(!strncmp(kt_buf, "cpu  ", 5) && has("\ncpu0 ") &&
		  has("\nbtime ") && has("\nctxt ") && has("\nprocesses "));
	KT_ASSERT(slurp(MNT "/cpuinfo") > 0);
	KT_ASSERT(!strncmp(kt_buf, "processor\t: 0\n", 14) &&
		  has("\nflags\t\t:") && has("\nbogomips\t: "));
	KT_ASSERT(slurp(MNT "/filesystems") > 0 && has("nodev\tproc\n") &&
		  has("nodev\tsysfs\n"));
	KT_ASSERT(slurp(MNT "/version") > 0);
	KT_ASSERT(!strncmp(kt_buf, "Linux version ", 14));
	KT_ASSERT(slurp(MNT "/mounts") > 0 && has("proc " MNT " proc rw"));
	KT_ASSERT(slurp(MNT "/sys/kernel/ostype") == 6 && has("Linux\n"));

	/* The calling thread's own directory, by id and through self. */
	snprintf(name, sizeof(name), "%d", current->tgid);
	KT_ASSERT(dir_has(MNT, name));
	KT_ASSERT(dir_has(MNT, "self") && dir_has(MNT, "meminfo"));
	snprintf(path, sizeof(path), MNT "/%d/stat", current->tgid);
	KT_ASSERT(slurp(path) > 0);
	KT_ASSERT_EQ(parse_long(kt_buf), current->tgid);
	KT_ASSERT(kt_buf[strlen(name) + 1] == '(');
	KT_ASSERT(has(current->comm));
	for (const char *p = kt_buf; *p; p++)
		nf += *p == ' ';
	KT_ASSERT_EQ(nf, 51);	/* 52 fields */
	KT_ASSERT(slurp(MNT "/self/status") > 0);
	KT_ASSERT(!strncmp(kt_buf, "Name:\t", 6));
	snprintf(path, sizeof(path), "\nPid:\t%d\n", current->pid);
	KT_ASSERT(has(path) && has("\nPPid:\t") && has("\nSigBlk:\t"));
	KT_ASSERT(has("\nState:\tR (running)\n"));
	KT_ASSERT(slurp(MNT "/self/comm") > 0);
	KT_ASSERT(!strncmp(kt_buf, current->comm, strlen(current->comm)));
	KT_ASSERT(dir_has(MNT "/self/task", name));

	/* The self link names the caller. */
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, MNT "/self", path, sizeof(path)),
		     (long)strlen(name));
	KT_ASSERT(!strncmp(path, name, strlen(name)));

	/* Reads at offsets and lseek see one snapshot. */
	f = filp_open(MNT "/version", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f));
	pos = 6;
	KT_ASSERT_EQ(kernel_read(f, path, 7, &pos), 7);
	KT_ASSERT(!strncmp(path, "version", 7));
	KT_ASSERT(f->f_op->llseek(f, 0, SEEK_END) > 20);
	fput(f);

	/* hostname is uname's and writable. */
	KT_ASSERT_EQ(kt_write_file(MNT "/sys/kernel/hostname", "kthost\n", 7),
		     7);
	uts_get(UTS_HOSTNAME, name);
	KT_ASSERT(!strcmp(name, "kthost"));
	KT_ASSERT(slurp(MNT "/sys/kernel/hostname") == 7 && has("kthost\n"));
	uts_set(UTS_HOSTNAME, "(none)", 6);

	/* Gone processes are not found. */
	KT_ASSERT_EQ(kt_open_err(MNT "/32767/stat", O_RDONLY), -ENOENT);
	KT_ASSERT_EQ(kt_open_err(MNT "/nonesuch", O_RDONLY), -ENOENT);
}

KTEST(procfs_files)
{
	kt_ctx_enter();
	kt_buf = kmalloc(8192);
	KT_ASSERT(kt_buf);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, MNT, 0755), 0);
	KT_ASSERT_EQ(do_mount("proc", MNT, "proc", 0, NULL), 0);
	proc_checks();
	KT_ASSERT_EQ(do_umount(MNT, 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, MNT), 0);
	kfree(kt_buf);
	kt_ctx_leave();
}

KTEST(sysfs_cpu)
{
	kt_ctx_enter();
	kt_buf = kmalloc(8192);
	KT_ASSERT(kt_buf);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, MNT, 0755), 0);
	KT_ASSERT_EQ(do_mount("sysfs", MNT, "sysfs", 0, NULL), 0);
	KT_ASSERT(slurp(MNT "/devices/system/cpu/online") >= 2);
	KT_ASSERT(kt_buf[0] == '0' && has("\n"));
	KT_ASSERT(dir_has(MNT, "kernel"));
	KT_ASSERT_EQ(do_umount(MNT, 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, MNT), 0);
	kfree(kt_buf);
	kt_ctx_leave();
}
