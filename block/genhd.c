// SPDX-License-Identifier: MIT
/*
 * Disks: registration of KABI block drivers, names and numbers, the
 * partition table, the /dev nodes, opening by device number, and
 * /proc/partitions.
 *
 * Each disk has a kernel thread ("blk/vda") that owns its /dev nodes
 * and reads its partition table.  Doing that work in a thread of its
 * own means it runs with kernel credentials, from the namespace root
 * (not in whatever chroot a BLKRRPART caller sits in), and never inside
 * the driver's registration call, which may come from a context that
 * must not wait for the driver's own I/O.
 */
#include "internal.h"
#include <umka/kprintf.h>
#include <umka/mm.h>
#include <umka/partition.h>
#include <umka/printk.h>
#include <umka/sched.h>
#include <umka/seq_buf.h>
#include <umka/slab.h>
#include <umka/string.h>

#define BLK_MAX_DISKS 256

static LIST_HEAD(all_disks);
static DEFINE_MUTEX(blk_disks_lock, LOCK_LEVEL_BLK_DISKS);
static u64 index_used[BLK_MAX_DISKS / 64];

/* vda..vdz, then vdaa..vdzz, as Linux names virtio disks. */
static void disk_name(unsigned int index, char *buf)
{
	if (index < 26)
		snprintf(buf, BLK_NAME_LEN, "vd%c", 'a' + index);
	else
		snprintf(buf, BLK_NAME_LEN, "vd%c%c", 'a' + index / 26 - 1,
			 'a' + index % 26);
}

static void part_name(const struct gendisk *d, unsigned int partno,
		      char *buf, size_t size)
{
	if (partno)
		snprintf(buf, size, "%s%u", d->name, partno);
	else
		snprintf(buf, size, "%s", d->name);
}

void blk_get_disk(struct gendisk *d)
{
	__atomic_add_fetch(&d->refcount, 1, __ATOMIC_RELAXED);
}

void blk_put_disk(struct gendisk *d)
{
	if (__atomic_sub_fetch(&d->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	blk_queue_free(d);
	kfree(d);
}

const char *blk_disk_name(const struct gendisk *d)
{
	return d->name;
}

dev_t blk_disk_devt(const struct gendisk *d)
{
	return d->devt;
}

/* ---- /dev nodes and partition scans (the disk's thread) ---- */

static void make_node(struct gendisk *d, unsigned int partno)
{
	char name[16];
	int err;

	part_name(d, partno, name, sizeof(name));
	err = devtmpfs_mknod(name, S_IFBLK | 0660, d->devt + partno);
	if (err && err != -EEXIST)
		pr_warn("blk: cannot create /dev/%s: %d\n", name, err);
	d->part[partno].node = !err;
}

static void remove_node(struct gendisk *d, unsigned int partno)
{
	char name[16];

	if (!d->part[partno].node)
		return;
	part_name(d, partno, name, sizeof(name));
	devtmpfs_remove(name, S_IFBLK, d->devt + partno);
	d->part[partno].node = false;
}

struct scan_ctx {
	struct gendisk *d;
	u32 bps;		/* 512-byte sectors per block */
};

static int scan_read(void *ctx, u64 lba, void *buf)
{
	struct scan_ctx *sc = ctx;

	return blk_io(sc->d, KABI_BLOCK_READ, lba * sc->bps, buf, sc->d->lbs);
}

static void log_table(struct gendisk *d, const struct part_table *t)
{
	char line[128];
	size_t n;

	n = snprintf(line, sizeof(line), "%s:", d->name);
	for (unsigned int i = 0; i < t->count && n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, " %s%u", d->name,
			      t->e[i].partno);
	pr_info("blk: %s%s%s\n", line, t->kind == PART_GPT ? " (GPT)" :
		t->kind == PART_MBR ? " (MBR)" : " (no partition table)",
		t->gpt_backup ? ", primary GPT bad: used the backup" : "");
	if (t->gpt_bad)
		pr_warn("blk: %s: protective MBR but no valid GPT\n", d->name);
	if (t->dropped || t->truncated)
		pr_warn("blk: %s: %u partition entries ignored, %u cut at the "
			"end of the disk\n", d->name, t->dropped, t->truncated);
}

/* Read the table; install it unless a partition is open.  0 or -errno. */
static int scan_partitions(struct gendisk *d)
{
	struct scan_ctx sc = { d, d->lbs >> SECTOR_SHIFT };
	struct part_reader r = {
		.block_size = d->lbs, .nr_blocks = d->nr_sects / sc.bps,
		.read = scan_read, .ctx = &sc,
	};
	struct part_table *t = kzalloc(sizeof(*t));
	bool changed[BLK_MINORS] = { false };
	int err = -ENOMEM;

	r.buf = get_free_pages(0);
	if (!t || !r.buf)
		goto out;
	err = part_scan(&r, t);
	if (err) {
		pr_warn("blk: %s: cannot read the partition table: %d\n",
			d->name, err);
		goto out;
	}
	log_table(d, t);
	mutex_lock(&d->parts_lock);
	for (unsigned int i = 1; i < BLK_MINORS; i++)
		if (d->part[i].openers)
			err = -EBUSY;
	if (!err) {
		struct blk_part np[BLK_MINORS] = { { 0 } };

		for (unsigned int i = 0; i < t->count; i++) {
			struct blk_part *p = &np[t->e[i].partno];

			p->start = t->e[i].start * sc.bps;
			p->nr_sects = t->e[i].nr * sc.bps;
			p->present = true;
		}
		for (unsigned int i = 1; i < BLK_MINORS; i++) {
			struct blk_part *p = &d->part[i];

			changed[i] = p->present != np[i].present ||
				     p->start != np[i].start ||
				     p->nr_sects != np[i].nr_sects;
			p->present = np[i].present;
			p->start = np[i].start;
			p->nr_sects = np[i].nr_sects;
		}
	}
	mutex_unlock(&d->parts_lock);
	/* Nodes: only this thread touches them, so no lock is needed. */
	for (unsigned int i = 1; i < BLK_MINORS; i++) {
		if (changed[i])
			remove_node(d, i);
		if (d->part[i].present && !d->part[i].node)
			make_node(d, i);
	}
out:
	if (r.buf)
		free_pages_addr(r.buf, 0);
	kfree(t);
	return err;
}

static bool thread_has_work(struct gendisk *d)
{
	return READ_ONCE(d->stop) ||
	       (READ_ONCE(d->started) &&
		READ_ONCE(d->scan_req) != READ_ONCE(d->scan_done));
}

static int disk_thread(void *arg)
{
	struct gendisk *d = arg;

	make_node(d, 0);
	WRITE_ONCE(d->node_ready, true);
	wake_up_all(&d->wait);
	for (;;) {
		struct wait_entry e = { 0 };
		u32 ticket;
		int err;

		prepare_to_wait(&d->thread_wait, &e, TASK_INTERRUPTIBLE);
		if (!thread_has_work(d))
			schedule();
		finish_wait(&d->thread_wait, &e);
		if (READ_ONCE(d->stop))
			break;
		ticket = READ_ONCE(d->scan_req);
		if (!READ_ONCE(d->started) || ticket == READ_ONCE(d->scan_done))
			continue;
		err = d->nr_sects ? scan_partitions(d) : 0;
		mutex_lock(&d->parts_lock);
		d->scan_result = err;
		d->scan_done = ticket;
		mutex_unlock(&d->parts_lock);
		wake_up_all(&d->wait);
	}
	for (unsigned int i = BLK_MINORS; i-- > 0;)
		remove_node(d, i);
	return 0;
}

/* Wait on d->wait until the scan numbered @ticket is done or the disk
 * goes; its result. */
static int wait_scan(struct gendisk *d, u32 ticket)
{
	struct wait_entry e = { 0 };
	int err;

	for (;;) {
		prepare_to_wait(&d->wait, &e, TASK_UNINTERRUPTIBLE);
		if ((s32)(READ_ONCE(d->scan_done) - ticket) >= 0 ||
		    READ_ONCE(d->stop))
			break;
		schedule();
	}
	finish_wait(&d->wait, &e);
	mutex_lock(&d->parts_lock);
	err = (s32)(d->scan_done - ticket) >= 0 ? d->scan_result : -EIO;
	mutex_unlock(&d->parts_lock);
	return err;
}

int blk_wait_scanned(struct gendisk *d)
{
	u32 ticket;

	mutex_lock(&d->parts_lock);
	ticket = d->scan_req;
	mutex_unlock(&d->parts_lock);
	return wait_scan(d, ticket);
}

/* BLKRRPART: have the thread read the table again, and wait for it. */
int blk_request_scan(struct gendisk *d)
{
	u32 ticket;

	mutex_lock(&d->parts_lock);
	ticket = ++d->scan_req;
	mutex_unlock(&d->parts_lock);
	wake_up(&d->thread_wait);
	return wait_scan(d, ticket);
}

/* ---- Registration ---- */

static int check_info(const struct kabi_block_info *info)
{
	u32 lbs = info->logical_block_size;

	if (lbs < 512 || lbs > 4096 || (lbs & (lbs - 1)))
		return -EINVAL;
	if (!info->max_segments)
		return -EINVAL;
	if (info->max_sectors && info->max_sectors < (lbs >> SECTOR_SHIFT))
		return -EINVAL;
	return 0;
}

static void set_geometry(struct gendisk *d, const struct kabi_block_info *in)
{
	u64 max = in->max_sectors ? (u64)in->max_sectors << SECTOR_SHIFT
				  : BLK_MAX_REQ_BYTES;

	d->lbs = in->logical_block_size;
	d->pbs = in->physical_block_size;
	if (d->pbs < d->lbs || (d->pbs & (d->pbs - 1)) || d->pbs > 65536)
		d->pbs = d->lbs;
	/* Whole logical blocks only: a partial last block is unusable. */
	d->nr_sects = in->nr_sectors & ~(u64)((d->lbs >> SECTOR_SHIFT) - 1);
	if (max > BLK_MAX_REQ_BYTES)
		max = BLK_MAX_REQ_BYTES;
	d->max_bytes = max & ~(u64)(d->lbs - 1);
	d->max_segs = in->max_segments;
	d->depth = in->queue_depth ? in->queue_depth : 1;
	if (d->depth > BLK_MAX_DEPTH)
		d->depth = BLK_MAX_DEPTH;
	d->read_only = in->flags & KABI_BLOCK_F_READ_ONLY;
	d->write_cache = in->flags & KABI_BLOCK_F_WRITE_CACHE;
}

static int take_index(struct gendisk *d)
{
	for (unsigned int i = 0; i < BLK_MAX_DISKS; i++) {
		if (index_used[i / 64] & (1ULL << (i % 64)))
			continue;
		index_used[i / 64] |= 1ULL << (i % 64);
		d->index = i;
		disk_name(i, d->name);
		d->devt = MKDEV(VIRTBLK_MAJOR, i * BLK_MINORS);
		list_add_tail(&d->list, &all_disks);
		return 0;
	}
	return -ENOSPC;
}

static void drop_index(struct gendisk *d)
{
	mutex_lock(&blk_disks_lock);
	list_del(&d->list);
	index_used[d->index / 64] &= ~(1ULL << (d->index % 64));
	mutex_unlock(&blk_disks_lock);
}

int blk_register_kabi(const struct kabi_block_ops *ops, void *drv_ctx,
		      struct gendisk **out,
		      const struct kabi_block_core **core_ops,
		      void **core_ctx)
{
	struct kabi_block_info info;
	struct gendisk *d;
	char comm[16];
	int err;

	if (!ops || !out || !core_ops || !core_ctx ||
	    !kabi_block_ops_valid(ops))
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	err = ops->get_info(drv_ctx, &info);
	if (err < 0)
		return err;
	err = check_info(&info);
	if (err)
		return err;
	d = kzalloc(sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->refcount = 1;
	d->ops = ops;
	d->drv_ctx = drv_ctx;
	set_geometry(d, &info);
	if (blk_queue_init(d)) {
		kfree(d);
		return -ENOMEM;
	}
	mutex_init(&d->parts_lock, "blk_parts", LOCK_LEVEL_BLK_PARTS);
	mutex_init(&d->write_lock, "blk_write", LOCK_LEVEL_BLK_WRITE);
	init_waitqueue_head(&d->thread_wait);
	d->part[0].nr_sects = d->nr_sects;
	d->part[0].present = true;
	d->scan_req = 1;		/* the first scan, at once */

	mutex_lock(&blk_disks_lock);
	err = take_index(d);
	mutex_unlock(&blk_disks_lock);
	if (err)
		goto free;
	snprintf(comm, sizeof(comm), "blk/%s", d->name);
	blk_get_disk(d);		/* the thread's argument */
	d->thread = kthread_run(disk_thread, d, comm);
	if (!d->thread) {
		blk_put_disk(d);
		drop_index(d);
		err = -ENOMEM;
		goto free;
	}
	wait_event(d->wait, READ_ONCE(d->node_ready));
	pr_info("blk: %s: %llu sectors (%llu MiB), %u-byte blocks, "
		"queue depth %u, %u KiB per request%s%s\n", d->name,
		(unsigned long long)d->nr_sects,
		(unsigned long long)(d->nr_sects >> 11), d->lbs, d->depth,
		d->max_bytes / 1024, d->read_only ? ", read-only" : "",
		d->write_cache ? ", write cache" : "");
	*out = d;
	*core_ops = &blk_core_ops;
	*core_ctx = d;
	/*
	 * Only now may requests go to the driver (the partition scan, or a
	 * program that opened /dev/vdX already): the caller needs the core
	 * vtable before the driver can complete anything.
	 */
	WRITE_ONCE(d->started, true);
	wake_up(&d->thread_wait);
	wake_up_all(&d->wait);
	return 0;
free:
	blk_queue_free(d);
	kfree(d);
	return err;
}

void blk_unregister(struct gendisk *d)
{
	if (!d)
		return;
	/* Fail all I/O (a scan in progress too) and stop calling the driver. */
	blk_queue_kill(d);
	WRITE_ONCE(d->stop, true);
	wake_up(&d->thread_wait);
	/* The thread removes the nodes before the name can be reused. */
	kthread_join(d->thread);
	d->thread = NULL;
	wake_up_all(&d->wait);
	drop_index(d);
	pr_info("blk: %s: removed\n", d->name);
	/* The thread's reference, then the registration's. */
	blk_put_disk(d);
	blk_put_disk(d);
}

int blk_recover_kabi(struct gendisk *d, const struct kabi_block_ops *ops,
		     void *drv_ctx, const struct kabi_block_core **core_ops,
		     void **core_ctx)
{
	struct kabi_block_info info;
	struct gendisk *g;
	u64 requeued;
	u32 depth;
	int err;

	if (!d || !ops || !core_ops || !core_ctx || !kabi_block_ops_valid(ops))
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	err = ops->get_info(drv_ctx, &info);
	if (err < 0)
		return err;
	err = check_info(&info);
	if (err)
		return err;
	g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	set_geometry(g, &info);
	/* Queued requests were built for the old limits: they must fit. */
	if (g->nr_sects != d->nr_sects || g->lbs != d->lbs ||
	    g->max_bytes < d->max_bytes || g->max_segs < d->max_segs)
		err = -EINVAL;
	else if (READ_ONCE(d->dead))
		err = -ENODEV;
	if (!err) {
		*core_ops = &blk_core_ops;
		*core_ctx = d;
		requeued = d->nr_requeued;
		d->write_cache = g->write_cache;
		depth = g->depth < d->nr_slots ? g->depth : d->nr_slots;
		blk_queue_rebind(d, ops, drv_ctx, depth);
		pr_info("blk: %s: new driver instance; %llu requests "
			"resubmitted\n", d->name,
			(unsigned long long)(d->nr_requeued - requeued));
	}
	kfree(g);
	return err;
}

/* ---- Opening by device number ---- */

struct block_device *blkdev_get(dev_t dev)
{
	unsigned int index = MINOR(dev) / BLK_MINORS;
	unsigned int partno = MINOR(dev) % BLK_MINORS;
	struct gendisk *d = NULL, *it;
	struct block_device *b;
	int err = -ENXIO;

	if (MAJOR(dev) != VIRTBLK_MAJOR)
		return ERR_PTR(-ENXIO);
	mutex_lock(&blk_disks_lock);
	list_for_each_entry(it, &all_disks, list) {
		if (it->index == index && !READ_ONCE(it->dead)) {
			d = it;
			blk_get_disk(d);
			break;
		}
	}
	mutex_unlock(&blk_disks_lock);
	if (!d)
		return ERR_PTR(-ENXIO);
	b = kzalloc(sizeof(*b));
	mutex_lock(&d->parts_lock);
	if (b && d->part[partno].present) {
		d->part[partno].openers++;
		b->disk = d;
		b->partno = partno;
		b->start = d->part[partno].start;
		b->nr_sects = d->part[partno].nr_sects;
		err = 0;
	} else if (!b) {
		err = -ENOMEM;
	}
	mutex_unlock(&d->parts_lock);
	if (err) {
		kfree(b);
		blk_put_disk(d);
		return ERR_PTR(err);
	}
	return b;
}

void blkdev_put(struct block_device *b)
{
	struct gendisk *d = b->disk;

	mutex_lock(&d->parts_lock);
	d->part[b->partno].openers--;
	mutex_unlock(&d->parts_lock);
	kfree(b);
	blk_put_disk(d);
}

u64 bdev_nr_sectors(const struct block_device *b)
{
	return b->nr_sects;
}

u32 bdev_logical_block_size(const struct block_device *b)
{
	return b->disk->lbs;
}

dev_t bdev_devt(const struct block_device *b)
{
	return b->disk->devt + b->partno;
}

int blkdev_io(struct block_device *b, int op, u64 sector, void *buf,
	      size_t len)
{
	if (sector > b->nr_sects ||
	    (len >> SECTOR_SHIFT) > b->nr_sects - sector)
		return -EINVAL;
	return blk_io(b->disk, op, b->start + sector, buf, len);
}

int blkdev_flush(struct block_device *b)
{
	return blk_flush(b->disk);
}

/* ---- /proc/partitions ---- */

void blk_partitions_show(struct seq_buf *s)
{
	struct gendisk *d;
	char name[16];

	seq_puts(s, "major minor  #blocks  name\n\n");
	mutex_lock(&blk_disks_lock);
	list_for_each_entry(d, &all_disks, list) {
		if (READ_ONCE(d->dead))
			continue;
		mutex_lock(&d->parts_lock);
		for (unsigned int i = 0; i < BLK_MINORS; i++) {
			if (!d->part[i].present)
				continue;
			part_name(d, i, name, sizeof(name));
			u64 kib = d->part[i].nr_sects >> 1;

			seq_printf(s, "%4u  %7u %10llu %s\n", MAJOR(d->devt),
				   MINOR(d->devt) + i, (unsigned long long)kib,
				   name);
		}
		mutex_unlock(&d->parts_lock);
	}
	mutex_unlock(&blk_disks_lock);
}
