// SPDX-License-Identifier: MIT
/*
 * /ukfs/kernel/drivers/<name>/: one directory per loaded KABI driver
 * (include/umka/kabi.h), whose files are generated from the driver's
 * struct kdriver and manifest when they are opened.
 *
 * The KABI driver list is guarded by a mutex that ranks before the VFS
 * locks (a driver's probe() creates device nodes while holding it), so
 * it cannot be walked inside a path walk, which is where a name must be
 * looked up.  Path walks therefore consult a copy of the loaded drivers'
 * names, refreshed whenever umkafs can take the driver list: when
 * drivers/ is opened, when a driver's file is opened and finds its
 * driver gone, and by umkafs_drivers_changed().  Contents are always
 * read from the driver list itself.
 */
#include "internal.h"
#include <umka/kabi.h>
#include <umka/device.h>
#include <umka/mutex.h>
#include <umka/spinlock.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <kabi/driver.h>

static DEFINE_MUTEX(sync_lock, LOCK_LEVEL_UMKAFS_SYNC);
static DEFINE_SPINLOCK(names_lock, LOCK_LEVEL_UMKAFS);
static char (*names)[KDRIVER_NAME_MAX];	/* under names_lock */
static unsigned int nr_names;

struct name_set {
	char (*names)[KDRIVER_NAME_MAX];
	unsigned int n, cap;
};

static int collect(struct kdriver *d, void *arg)
{
	struct name_set *set = arg;

	if (set->n == set->cap) {
		unsigned int cap = set->cap ? 2 * set->cap : 16;
		char (*v)[KDRIVER_NAME_MAX] = kmalloc(cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		if (set->n)
			memcpy(v, set->names, set->n * sizeof(*v));
		kfree(set->names);
		set->names = v;
		set->cap = cap;
	}
	strlcpy(set->names[set->n++], d->name, KDRIVER_NAME_MAX);
	return 0;
}

/*
 * Take the names of the loaded drivers into @set and publish a copy for
 * path walks.  Under sync_lock, so that an older walk of the driver list
 * never replaces a newer one.  On error the old copy stays.
 */
static int sync_names(struct name_set *set)
{
	char (*copy)[KDRIVER_NAME_MAX] = NULL, (*old)[KDRIVER_NAME_MAX];
	unsigned long flags;
	int err;

	mutex_lock(&sync_lock);
	err = kdriver_for_each(collect, set);
	if (!err && set->n) {
		copy = kmalloc(set->n * sizeof(*copy));
		if (copy)
			memcpy(copy, set->names, set->n * sizeof(*copy));
		else
			err = -ENOMEM;
	}
	if (!err) {
		flags = spin_lock_irqsave(&names_lock);
		old = names;
		names = copy;
		nr_names = set->n;
		spin_unlock_irqrestore(&names_lock, flags);
		kfree(old);
	}
	mutex_unlock(&sync_lock);
	return err;
}

void umkafs_drivers_changed(void)
{
	struct name_set set = { 0 };

	sync_names(&set);
	kfree(set.names);
}

static bool name_known(const char *name)
{
	unsigned long flags = spin_lock_irqsave(&names_lock);
	bool found = false;

	for (unsigned int i = 0; i < nr_names && !found; i++)
		found = !strcmp(names[i], name);
	spin_unlock_irqrestore(&names_lock, flags);
	return found;
}

/* Run @fmt on the driver a file is about, under the driver list lock. */
struct drv_call {
	const char *name;
	struct seq_buf *s;
	void (*fmt)(struct seq_buf *s, struct kdriver *d);
};

static int drv_match(struct kdriver *d, void *arg)
{
	struct drv_call *c = arg;

	if (strcmp(d->name, c->name))
		return 0;
	c->fmt(c->s, d);
	return 1;
}

static int with_driver(const struct proc_inode *pi, struct seq_buf *s,
		       void (*fmt)(struct seq_buf *s, struct kdriver *d))
{
	struct drv_call c = { .name = pi->name, .s = s, .fmt = fmt };

	if (kdriver_for_each(drv_match, &c) > 0)
		return 0;
	/* Unloaded since the name was looked up: forget the name too. */
	umkafs_drivers_changed();
	return -ENOENT;
}

static void fmt_version(struct seq_buf *s, struct kdriver *d)
{
	seq_printf(s, "%u.%u.%u\n", d->version >> 16, (d->version >> 8) & 0xff,
		   d->version & 0xff);
}

/* The interface versions the driver was built against, as it asks. */
static void fmt_kabi_versions(struct seq_buf *s, struct kdriver *d)
{
	const struct kabi_manifest *m = d->manifest;
	u32 n = min(m->nr_requires, (u32)KABI_MANIFEST_MAX_REQUIRES);

	for (u32 i = 0; i < n; i++)
		seq_printf(s, "%s %u\n", kabi_iface_name(m->requires[i].iface),
			   m->requires[i].version);
}

/* Every driver runs in Core (tier 0) until isolation tiers exist. */
static void fmt_tier(struct seq_buf *s, struct kdriver *d)
{
	seq_puts(s, "0\n");
}

/* A driver on the list is loaded; failed loads leave nothing behind. */
static void fmt_state(struct seq_buf *s, struct kdriver *d)
{
	seq_puts(s, "loaded\n");
}

struct bound_to {
	struct kdriver *drv;
	struct seq_buf *s;
};

static int show_bound(struct device *dev, void *arg)
{
	struct bound_to *b = arg;

	/* Binding changes under the driver list lock, which we hold. */
	if (dev->driver == b->drv)
		seq_printf(b->s, "%s\n", dev->name);
	return 0;
}

static void fmt_devices(struct seq_buf *s, struct kdriver *d)
{
	struct bound_to b = { .drv = d, .s = s };

	device_for_each(show_bound, &b);
}

static void fmt_crash_count(struct seq_buf *s, struct kdriver *d)
{
	seq_printf(s, "%u\n", d->crash_count);
}

static void fmt_load_time_us(struct seq_buf *s, struct kdriver *d)
{
	seq_printf(s, "%llu\n", (unsigned long long)(d->load_ns / 1000));
}

static void fmt_origin(struct seq_buf *s, struct kdriver *d)
{
	seq_printf(s, "%s\n", d->origin);
}

#define DRIVER_FILE(n)                                                     \
	static int show_##n(struct seq_buf *s, const struct proc_inode *pi) \
	{                                                                  \
		return with_driver(pi, s, fmt_##n);                        \
	}
DRIVER_FILE(version)
DRIVER_FILE(kabi_versions)
DRIVER_FILE(tier)
DRIVER_FILE(state)
DRIVER_FILE(devices)
DRIVER_FILE(crash_count)
DRIVER_FILE(load_time_us)
DRIVER_FILE(origin)

static const struct proc_entry driver_entries[] = {
	PROC_FILE("version", 0444, show_version),
	PROC_FILE("kabi_versions", 0444, show_kabi_versions),
	PROC_FILE("tier", 0444, show_tier),
	PROC_FILE("state", 0444, show_state),
	PROC_FILE("devices", 0444, show_devices),
	PROC_FILE("crash_count", 0444, show_crash_count),
	PROC_FILE("load_time_us", 0444, show_load_time_us),
	PROC_FILE("origin", 0444, show_origin),
};

static const struct proc_entry driver_dir = PROC_DIR("", 0555, driver_entries);

static const struct proc_entry *drivers_lookup(const char *name)
{
	return name_known(name) ? &driver_dir : NULL;
}

static int drivers_list(int (*emit)(void *ctx, const char *name), void *ctx)
{
	struct name_set set = { 0 };
	int err = sync_names(&set);

	for (unsigned int i = 0; !err && i < set.n; i++)
		err = emit(ctx, set.names[i]);
	kfree(set.names);
	return err;
}

const struct proc_named_ops ukfs_drivers_ops = {
	.lookup = drivers_lookup,
	.list = drivers_list,
};
