// SPDX-License-Identifier: MIT
/*
 * Loading driver files.  The order is the point: signature first, then
 * the ELF and manifest checks, then the interface versions, and only
 * then is memory allocated, so a refused file leaves nothing behind.
 */
#include <umka/drvelf.h>
#include <umka/errno.h>
#include <umka/file.h>
#include <umka/fs.h>
#include <umka/mutex.h>
#include <umka/printk.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/time.h>
#include <umka/vmalloc.h>
#include <umka/elf.h>
#include <umka/err.h>
#include <umka/kprintf.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include <kabi/block.h>
#include <kabi/console.h>
#include <kabi/entropy.h>
#include <kabi/net.h>
#include "internal.h"

DEFINE_MUTEX(kabi_drivers_lock, LOCK_LEVEL_KABI_DRIVERS);
LIST_HEAD(kabi_drivers);

static const struct {
	const char *name;
	u32 version;
} ifaces[] = {
	[KABI_IFACE_KERNEL_SERVICES] = { "kabi_kernel_services",
					 KABI_KERNEL_SERVICES_VERSION },
	[KABI_IFACE_BLOCK] = { "kabi_block", KABI_BLOCK_OPS_VERSION },
	[KABI_IFACE_CONSOLE] = { "kabi_console", KABI_CONSOLE_OPS_VERSION },
	[KABI_IFACE_ENTROPY] = { "kabi_entropy", KABI_ENTROPY_OPS_VERSION },
	[KABI_IFACE_NET] = { "kabi_net", KABI_NET_OPS_VERSION },
	[KABI_IFACE_DRIVER] = { "kabi_driver", KABI_DRIVER_OPS_VERSION },
};

u32 kabi_iface_version(u32 iface)
{
	return iface < ARRAY_SIZE(ifaces) ? ifaces[iface].version : 0;
}

const char *kabi_iface_name(u32 iface)
{
	return kabi_iface_version(iface) ? ifaces[iface].name : "unknown";
}

static void refuse(const char *origin, const char *why)
{
	pr_err("kabi: refusing %s: %s\n", origin, why);
}

static int check_requires(const struct kabi_manifest *m, const char *origin)
{
	char why[96];

	for (u32 i = 0; i < m->nr_requires; i++) {
		u32 iface = m->requires[i].iface, want = m->requires[i].version;
		u32 have = kabi_iface_version(iface);

		if (!have) {
			snprintf(why, sizeof(why), "needs interface %u, unknown to this kernel",
				 iface);
			refuse(origin, why);
			return -ENOEXEC;
		}
		if (want > have || want == 0) {
			snprintf(why, sizeof(why),
				 "needs %s version %u, this kernel offers %u",
				 kabi_iface_name(iface), want, have);
			refuse(origin, why);
			return -ENOEXEC;
		}
	}
	return 0;
}

static struct kdriver *find_driver(const char *name)
{
	struct kdriver *d;

	list_for_each_entry(d, &kabi_drivers, node)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

/* text RX, constants RO, data RW, as the segment flags say. */
static int protect_image(void *image, const struct drvelf_info *info)
{
	for (unsigned int i = 0; i < info->nr_segs; i++) {
		const struct drvelf_seg *s = &info->seg[i];
		u64 end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
		enum vm_prot prot = (s->flags & PF_X) ? VM_PROT_RX :
				    (s->flags & PF_W) ? VM_PROT_RW : VM_PROT_RO;
		int ret = vmalloc_protect((u8 *)image + s->vaddr,
					  end - s->vaddr, prot);

		if (ret)
			return ret;
	}
	return 0;
}

/* The entry vtable must be whole, and its methods inside the text. */
static bool entry_ok(const struct kdriver *d, const struct drvelf_info *info)
{
	const struct kabi_driver_ops *ops = d->ops;
	unsigned long lo = (unsigned long)d->image, hi = lo + d->image_size;

	if (!kabi_driver_ops_valid(ops))
		return false;
	for (unsigned int i = 0; i < info->nr_segs; i++) {
		const struct drvelf_seg *s = &info->seg[i];
		unsigned long a = lo + s->vaddr, b = a + s->memsz;

		if (!(s->flags & PF_X))
			continue;
		return (unsigned long)ops->probe >= a &&
		       (unsigned long)ops->probe < b &&
		       (unsigned long)ops->remove >= a &&
		       (unsigned long)ops->remove < b;
	}
	return hi == lo;	/* no text at all: refuse */
}

static struct kdriver *map_driver(const void *file,
				  const struct drvelf_info *info,
				  const char *origin)
{
	struct kdriver *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->image = vmalloc(info->image_size);
	if (!d->image) {
		kfree(d);
		return NULL;
	}
	d->image_size = info->image_size;
	memset(d->image, 0, info->image_size);
	drvelf_load(file, info, d->image, (u64)d->image);
	d->manifest = (const void *)((u8 *)d->image + info->manifest_vaddr);
	d->ops = (const void *)((u8 *)d->image + info->entry_vaddr);
	strlcpy(d->name, (const char *)d->manifest->name, sizeof(d->name));
	strlcpy(d->origin, origin, sizeof(d->origin));
	d->version = d->manifest->driver_version;
	return d;
}

static void free_driver(struct kdriver *d)
{
	vfree(d->image);
	kfree(d);
}

static int load_locked(const void *file, size_t len, const char *origin,
		       u64 start)
{
	struct drvelf_info info;
	const char *why;
	struct kdriver *d;
	u64 sig_ns = ktime_get_ns();
	size_t payload;
	int ret;

	ret = kabi_check_signature(file, len, &payload, &why);
	sig_ns = ktime_get_ns() - sig_ns;
	if (!ret)
		ret = drvelf_parse(file, payload, &info, &why);
	if (ret) {
		refuse(origin, why);
		return ret;
	}
	ret = check_requires(info.manifest, origin);
	if (ret)
		return ret;
	if (find_driver((const char *)info.manifest->name)) {
		refuse(origin, "a driver of that name is already loaded");
		return -EEXIST;
	}
	d = map_driver(file, &info, origin);
	if (!d)
		return -ENOMEM;
	if (!entry_ok(d, &info)) {
		refuse(origin, "entry points are not code in the image");
		free_driver(d);
		return -ENOEXEC;
	}
	ret = protect_image(d->image, &info);
	if (ret) {
		free_driver(d);
		return ret;
	}
	d->load_ns = ktime_get_ns() - start;
	list_add_tail(&d->node, &kabi_drivers);
	pr_info("kabi: loaded %s %u.%u.%u from %s in %llu us (signature %llu us)\n",
		d->name, d->version >> 16, (d->version >> 8) & 0xff,
		d->version & 0xff, origin, (unsigned long long)d->load_ns / 1000,
		(unsigned long long)sig_ns / 1000);
	return 0;
}

static int bind_new(struct device *dev, void *arg)
{
	if (dev->state == DEVICE_UNBOUND || dev->state == DEVICE_FAILED)
		kabi_bind_device(dev);
	return 0;
}

int kabi_load(const void *file, size_t len, const char *origin)
{
	u64 start = ktime_get_ns();
	int ret;

	if ((unsigned long)file % 8)
		return -EINVAL;
	mutex_lock(&kabi_drivers_lock);
	ret = load_locked(file, len, origin, start);
	mutex_unlock(&kabi_drivers_lock);
	if (!ret) {
		device_for_each(bind_new, NULL);
		/* With no lock held: umkafs takes VFS locks (see its docs). */
		umkafs_drivers_changed();
	}
	return ret;
}

#define KABI_FILE_MAX (DRVELF_MAX_IMAGE + (1u << 20))

int kabi_load_file(struct file *f, const char *origin)
{
	loff_t size = f->f_inode->i_size, pos = 0;
	void *buf;
	ssize_t n;
	int ret;

	if (!S_ISREG(f->f_inode->i_mode))
		return -EINVAL;
	if (size <= 0 || size > KABI_FILE_MAX)
		return -EFBIG;
	buf = vmalloc((size_t)size);
	if (!buf)
		return -ENOMEM;
	n = kernel_read(f, buf, (size_t)size, &pos);
	ret = n < 0 ? (int)n : n != size ? -EIO :
			       kabi_load(buf, (size_t)size, origin);
	vfree(buf);
	return ret;
}

#define BOOT_DRIVERS_MAX 32

struct ko_list {
	struct dir_context ctx;
	char names[BOOT_DRIVERS_MAX][KDRIVER_NAME_MAX + 4];
	unsigned int n;
};

static bool collect_ko(struct dir_context *ctx, const char *name, size_t len,
		       loff_t next, u64 ino, unsigned int type)
{
	struct ko_list *l = (struct ko_list *)ctx;

	ctx->pos = next;
	if (len < 4 || len >= sizeof(l->names[0]) ||
	    memcmp(name + len - 3, ".ko", 3) || l->n == BOOT_DRIVERS_MAX)
		return true;
	memcpy(l->names[l->n], name, len);
	l->names[l->n++][len] = '\0';
	return true;
}

static void sort_names(struct ko_list *l)
{
	char tmp[sizeof(l->names[0])];

	for (unsigned int i = 1; i < l->n; i++)
		for (unsigned int j = i; j && strcmp(l->names[j - 1], l->names[j]) > 0;
		     j--) {
			memcpy(tmp, l->names[j], sizeof(tmp));
			memcpy(l->names[j], l->names[j - 1], sizeof(tmp));
			memcpy(l->names[j - 1], tmp, sizeof(tmp));
		}
}

static void load_path(const char *path)
{
	struct file *f = filp_open(path, O_RDONLY, 0);

	if (IS_ERR(f)) {
		pr_err("kabi: cannot open %s: %ld\n", path, PTR_ERR(f));
		return;
	}
	kabi_load_file(f, path);
	fput(f);
}

void kabi_load_dir(const char *dir)
{
	struct ko_list *l = kzalloc(sizeof(*l));
	char path[128];
	struct file *d;

	if (!l)
		return;
	d = filp_open(dir, O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(d)) {
		kfree(l);
		return;		/* no drivers shipped: nothing to do */
	}
	l->ctx.emit = collect_ko;
	vfs_iterate(d, &l->ctx);
	fput(d);
	sort_names(l);
	for (unsigned int i = 0; i < l->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, l->names[i]);
		load_path(path);
	}
	kfree(l);
}

void kabi_init(void)
{
	kabi_work_init();
	kabi_load_dir("/lib/umka/drivers");
}
