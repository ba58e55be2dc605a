// SPDX-License-Identifier: MIT
/*
 * Self-test of umkafs against the registries it shows: the instance
 * mounted at boot on /ukfs and a second one list every device of the
 * registry and every loaded driver, and each file says what the
 * structures say.
 */
#include <umka/ktest.h>
#include <umka/device.h>
#include <umka/kabi.h>
#include <umka/pci.h>
#include <umka/kprintf.h>
#include <umka/printk.h>
#include <umka/slab.h>
#include <umka/version.h>
#include <uapi/dirent.h>
#include <kabi/kernel_services.h>
#include "../test_util.h"
#include "internal.h"

#define MNT "/tmp/ktukfs"

#define KT_MAX_DRIVERS 16

struct kt_drivers {
	unsigned int n;
	char name[KT_MAX_DRIVERS][KDRIVER_NAME_MAX];
	char version[KT_MAX_DRIVERS][16];
};

struct ukfs_kt {
	char buf[256], want[64], path[128];
	unsigned int seen, bad;
	struct kt_drivers drivers;
};

/* Does @path hold exactly @want? */
static bool file_is(struct ukfs_kt *t, const char *path, const char *want)
{
	long n = kt_read_file(path, t->buf, sizeof(t->buf) - 1);

	if (n < 0)
		return false;
	t->buf[n] = '\0';
	return !strcmp(t->buf, want);
}

static bool dev_file_is(struct ukfs_kt *t, struct device *dev,
			const char *file, const char *want)
{
	snprintf(t->path, sizeof(t->path), MNT "/kernel/devices/%s/%s",
		 dev->name, file);
	return file_is(t, t->path, want);
}

static int check_device(struct device *dev, void *arg)
{
	struct ukfs_kt *t = arg;
	const char *bus = dev->bus == KABI_BUS_PCI ? "pci\n" :
			  dev->bus == KABI_BUS_PLATFORM ? "platform\n" :
							  "unknown\n";
	bool ok;

	t->seen++;
	snprintf(t->want, sizeof(t->want), "%s\n",
		 device_state_name(dev->state));
	ok = dev_file_is(t, dev, "bus", bus) &&
	     dev_file_is(t, dev, "state", t->want);
	if (ok && dev->bus == KABI_BUS_PCI) {
		snprintf(t->want, sizeof(t->want), "0x%04x\n", dev->pci->vendor);
		ok = dev_file_is(t, dev, "vendor", t->want);
		snprintf(t->want, sizeof(t->want), "0x%04x\n", dev->pci->device);
		ok = ok && dev_file_is(t, dev, "device", t->want);
		snprintf(t->want, sizeof(t->want), "0x%06x\n",
			 dev->pci->class_code);
		ok = ok && dev_file_is(t, dev, "class", t->want);
	}
	/* Nothing binds or unbinds during the test: the pointer is safe. */
	if (dev->driver)
		snprintf(t->want, sizeof(t->want), "%s\n", dev->driver->name);
	else
		t->want[0] = '\0';
	ok = ok && dev_file_is(t, dev, "driver", t->want);
	if (!ok) {
		t->bad++;
		pr_err("umkafs: %s: got '%s'\n", t->path, t->buf);
	}
	return 0;
}

/* Under the driver list lock: copy, read the files after. */
static int copy_driver(struct kdriver *d, void *arg)
{
	struct kt_drivers *l = arg;

	if (l->n == KT_MAX_DRIVERS)
		return -ENOSPC;
	strlcpy(l->name[l->n], d->name, KDRIVER_NAME_MAX);
	snprintf(l->version[l->n], sizeof(l->version[0]), "%u.%u.%u\n",
		 d->version >> 16, (d->version >> 8) & 0xff, d->version & 0xff);
	l->n++;
	return 0;
}

/* Each driver's version, state and tier files say what its kdriver says. */
static unsigned int check_drivers(struct ukfs_kt *t, struct kt_drivers *l)
{
	static const char *const files[] = { "version", "state", "tier" };

	for (unsigned int i = 0; i < l->n; i++) {
		const char *want[] = { l->version[i], "loaded\n", "0\n" };

		for (unsigned int j = 0; j < ARRAY_SIZE(files); j++) {
			snprintf(t->path, sizeof(t->path),
				 MNT "/kernel/drivers/%s/%s", l->name[i],
				 files[j]);
			if (!file_is(t, t->path, want[j])) {
				pr_err("umkafs: %s: got '%s'\n", t->path,
				       t->buf);
				t->bad++;
			}
		}
	}
	return l->n;
}

/* Entries of @path but the dots, or -errno. */
static long count_entries(const char *path)
{
	struct file *f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	char *buf = kmalloc(4096);
	long n, count = 0;

	if (IS_ERR(f) || !buf) {
		kfree(buf);
		return IS_ERR(f) ? PTR_ERR(f) : -ENOMEM;
	}
	while ((n = vfs_getdents(f, buf, 4096, false)) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			count += strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
			off += d->d_reclen;
		}
	}
	fput(f);
	kfree(buf);
	return n < 0 ? n : count;
}

static void ukfs_checks(struct ukfs_kt *t)
{
	long n;

	KT_ASSERT(get_fs_type("umkafs") != NULL);
	/* The instance mounted at boot. */
	KT_ASSERT(file_is(t, "/ukfs/kernel/version", UMKA_VERSION "\n"));
	KT_ASSERT(file_is(t, MNT "/kernel/version", UMKA_VERSION "\n"));

	n = count_entries(MNT "/kernel/devices");
	KT_ASSERT(n >= 0);
	device_for_each(check_device, t);
	KT_ASSERT_EQ(t->bad, 0u);
	KT_ASSERT_EQ((unsigned long)n, (unsigned long)t->seen);
	KT_ASSERT_EQ(count_entries("/ukfs/kernel/devices"), n);

	n = count_entries(MNT "/kernel/drivers");
	KT_ASSERT(n >= 0);
	KT_ASSERT_EQ(kdriver_for_each(copy_driver, &t->drivers), 0);
	KT_ASSERT_EQ((unsigned long)n,
		     (unsigned long)check_drivers(t, &t->drivers));
	KT_ASSERT_EQ(t->bad, 0u);

	KT_ASSERT_EQ(kt_open_err(MNT "/kernel/drivers/nonesuch/version",
				 O_RDONLY), -ENOENT);
	KT_ASSERT_EQ(kt_open_err(MNT "/kernel/devices/pci:0000:ff:1f.7/state",
				 O_RDONLY), -ENOENT);
	KT_ASSERT(!kt_exists(MNT "/kernel/devices/nonesuch"));
	/* Read-only: nothing can be created or written. */
	KT_ASSERT(kt_open_err(MNT "/kernel/newfile", O_WRONLY | O_CREAT) < 0);
	KT_ASSERT(kt_write_file(MNT "/kernel/version", "9\n", 2) < 0);
}

KTEST(umkafs_registry)
{
	struct ukfs_kt *t;

	kt_ctx_enter();
	t = kzalloc(sizeof(*t));
	KT_ASSERT(t);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, MNT, 0755), 0);
	KT_ASSERT_EQ(do_mount("umkafs", MNT, "umkafs", 0, NULL), 0);
	ukfs_checks(t);
	KT_ASSERT_EQ(do_umount(MNT, 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, MNT), 0);
	kfree(t);
	kt_ctx_leave();
}
