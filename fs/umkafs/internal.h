/* SPDX-License-Identifier: MIT */
/*
 * umkafs internals.  umkafs is built on the procfs machinery
 * (fs/proc/internal.h): static tables of generated files, and named
 * directories (struct proc_named_ops) for the drivers and devices,
 * which come and go.
 */
#ifndef FS_UMKAFS_INTERNAL_H
#define FS_UMKAFS_INTERNAL_H

#include "../proc/internal.h"

/* drivers.c: /ukfs/kernel/drivers/ */
extern const struct proc_named_ops ukfs_drivers_ops;
/* devices.c: /ukfs/kernel/devices/ */
extern const struct proc_named_ops ukfs_devices_ops;

#endif
