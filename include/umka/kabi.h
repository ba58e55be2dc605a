/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of KABI: loading driver files, binding them to
 * devices, and the KernelServices they get (kernel/kabi/, docs/kabi.md).
 */
#ifndef UMKA_KABI_H
#define UMKA_KABI_H

#include <umka/list.h>
#include <umka/types.h>

struct device;
struct file;
struct kabi_manifest;
struct kabi_driver_ops;

#define KDRIVER_NAME_MAX 32

struct kdriver {
	struct list_head node;
	char name[KDRIVER_NAME_MAX];
	u32 version;			/* major << 16 | minor << 8 | patch */
	const struct kabi_manifest *manifest;	/* inside image */
	const struct kabi_driver_ops *ops;	/* inside image */
	void *image;
	u64 image_size;
	unsigned int nr_devices;	/* bound now */
	unsigned int crash_count;
	u64 load_ns;			/* how long loading took */
	char origin[64];		/* the file it came from */
};

/*
 * Loads a signed driver file (len bytes at file) and binds it to every
 * unbound device it matches.  0 or -errno; on error nothing is left
 * behind and the reason is logged.
 */
int kabi_load(const void *file, size_t len, const char *origin);
int kabi_load_file(struct file *f, const char *origin);
/* Loads every *.ko in dir, in name order (at boot: /lib/umka/drivers). */
void kabi_load_dir(const char *dir);
/* Unbinds a driver from its devices and frees it; -EBUSY, -ENOENT. */
int kabi_unload(const char *name);
/* Offers a device to the loaded drivers. */
void kabi_bind_device(struct device *dev);

/* At boot, once the initramfs is in place: loads /lib/umka/drivers. */
void kabi_init(void);

int kdriver_for_each(int (*fn)(struct kdriver *d, void *arg), void *arg);
/* The version of an interface (KABI_IFACE_*) this kernel offers, or 0. */
u32 kabi_iface_version(u32 iface);
const char *kabi_iface_name(u32 iface);

#endif
