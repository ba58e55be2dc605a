// SPDX-License-Identifier: MIT
/*
 * umkafs, the UmkaOS-specific pseudo filesystem (docs/umkafs.md): the
 * kernel's own objects, such as KABI drivers and the devices they
 * drive, with no Linux counterpart to imitate.  The kernel mounts it on
 * /ukfs at boot; `mount -t umkafs umkafs DIR` mounts another instance,
 * which shows the same objects.
 */
#include "internal.h"
#include <umka/version.h>

static int version_show(struct seq_buf *s, const struct proc_inode *pi)
{
	seq_printf(s, "%s\n", UMKA_VERSION);
	return 0;
}

static const struct proc_entry kernel_entries[] = {
	PROC_FILE("version", 0444, version_show),
	PROC_NAMED("drivers", 0555, &ukfs_drivers_ops),
	PROC_NAMED("devices", 0555, &ukfs_devices_ops),
};

static const struct proc_entry root_entries[] = {
	PROC_DIR("kernel", 0555, kernel_entries),
};

static const struct proc_entry umkafs_root = PROC_DIR("/", 0555, root_entries);

static struct super_block *umkafs_get_sb(struct file_system_type *type,
					 int flags, const char *dev,
					 const void *data)
{
	return proc_get_sb_root(type, &umkafs_root);
}

static struct file_system_type umkafs_type = {
	.name = "umkafs",
	.get_sb = umkafs_get_sb,
};

int umkafs_init(void)
{
	return register_filesystem(&umkafs_type);
}
