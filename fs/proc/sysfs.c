// SPDX-License-Identifier: MIT
/*
 * A minimal sysfs: the few files user space reads to learn the CPU
 * layout, built from the same generated-table machinery as procfs (a
 * real device model will replace it).  Enough for `mount -t sysfs` and
 * for tools that count CPUs through /sys/devices/system/cpu.
 */
#include "internal.h"
#include <umka/smp.h>
#include <umka/percpu.h>

static int cpu_range_show(struct seq_buf *s, const struct proc_inode *pi)
{
	unsigned int n = 0;

	for (unsigned int c = 0; c < nr_cpus; c++)
		if (cpu_online(c))
			n++;
	if (n > 1)
		seq_printf(s, "0-%u\n", n - 1);
	else
		seq_puts(s, "0\n");
	return 0;
}

static const struct proc_entry empty[] = {};

static const struct proc_entry cpu_entries[] = {
	PROC_FILE("online", 0444, cpu_range_show),
	PROC_FILE("possible", 0444, cpu_range_show),
	PROC_FILE("present", 0444, cpu_range_show),
};

static const struct proc_entry system_entries[] = {
	PROC_DIR("cpu", 0755, cpu_entries),
};

static const struct proc_entry devices_entries[] = {
	PROC_DIR("system", 0755, system_entries),
};

static const struct proc_entry root_entries[] = {
	PROC_DIR("block", 0755, empty),
	PROC_DIR("bus", 0755, empty),
	PROC_DIR("class", 0755, empty),
	PROC_DIR("dev", 0755, empty),
	PROC_DIR("devices", 0755, devices_entries),
	PROC_DIR("firmware", 0755, empty),
	PROC_DIR("fs", 0755, empty),
	PROC_DIR("kernel", 0755, empty),
	PROC_DIR("module", 0755, empty),
	PROC_DIR("power", 0755, empty),
};

static const struct proc_entry sysfs_root = PROC_DIR("/", 0555, root_entries);

static struct super_block *sysfs_get_sb(struct file_system_type *type,
					int flags, const char *dev,
					const void *data)
{
	struct super_block *sb = proc_get_sb_root(type, &sysfs_root);

	if (!IS_ERR(sb))
		sb->s_magic = SYSFS_MAGIC;
	return sb;
}

static struct file_system_type sysfs_type = {
	.name = "sysfs",
	.get_sb = sysfs_get_sb,
};

int sysfs_init(void)
{
	return register_filesystem(&sysfs_type);
}
