/* SPDX-License-Identifier: MIT */
/*
 * The block layer (block/, docs/block.md).  A disk is driven by a KABI
 * driver through struct kabi_block_ops; Core owns its request queue and
 * the table of requests in flight, names it vda, vdb, ... (major 254,
 * 16 minors each: the disk, then partitions 1..15), reads its partition
 * table and makes the /dev nodes.
 *
 * For the KABI glue (register_device(KABI_CLASS_BLOCK)):
 *
 *	struct gendisk *disk;
 *	const struct kabi_block_core *core;
 *	void *core_ctx;
 *	err = blk_register_kabi(ops, drv_ctx, &disk, &core, &core_ctx);
 *	... the driver calls core->complete(core_ctx, tag, status) ...
 *	blk_unregister(disk);
 *
 * For kernel users (file systems), by device number:
 *
 *	struct block_device *b = blkdev_get(MKDEV(254, 1));
 *	err = blkdev_io(b, KABI_BLOCK_READ, sector, buf, len);
 *	blkdev_put(b);
 */
#ifndef UMKA_BLKDEV_H
#define UMKA_BLKDEV_H

#include <umka/types.h>
#include <umka/fs.h>
#include <kabi/block.h>

/* Linux gives virtio-blk a dynamic major; 254 is what Debian guests see. */
#define VIRTBLK_MAJOR 254
#define BLK_PART_BITS 4
#define BLK_MINORS (1U << BLK_PART_BITS)	/* per disk */

#define SECTOR_SHIFT 9
#define SECTOR_SIZE (1U << SECTOR_SHIFT)

/* A request waiting longer than this is logged (once). */
#define BLK_TIMEOUT_NS (30ULL * 1000000000ULL)

struct gendisk;
struct block_device;
struct seq_buf;

/*
 * Register a disk whose driver provides @ops (checked with
 * kabi_block_ops_valid()) with context @drv_ctx.  get_info() is called
 * once, here.  On success *@out is the disk, and *@core_ops, *@core_ctx
 * are what the driver completes requests through; /dev/vdX exists when
 * this returns, and the disk's thread then reads the partition table
 * and makes /dev/vdXN (blk_wait_scanned() waits for that).
 *
 * The driver may be called from here on, from any CPU and in process
 * context: submit() and, for requests that seem stuck, poll().
 * complete() may be called from any context, including hardirq, and
 * from inside submit().
 *
 * Errors: -EINVAL (bad vtable, or get_info() reports a geometry Core
 * cannot use: block size not a power of two in 512..4096, no segments),
 * get_info()'s own error, -ENOSPC (no free name), -ENOMEM.
 */
int blk_register_kabi(const struct kabi_block_ops *ops, void *drv_ctx,
		      struct gendisk **out,
		      const struct kabi_block_core **core_ops,
		      void **core_ctx);

/*
 * Remove the disk: the driver must already have stopped its device,
 * because requests still queued or in flight are failed with -EIO and
 * their buffers reused.  On return Core makes no more calls into the
 * driver, and complete() must not be called again.  The /dev nodes go;
 * files still open on the disk get -EIO.
 */
void blk_unregister(struct gendisk *disk);

/*
 * Recovery (for the driver supervisor): the driver instance behind
 * @disk crashed and has been fenced, so it calls complete() no more.
 * Hand the disk to a new instance (@ops, @drv_ctx): every request the
 * old one had in flight is submitted again to the new one, oldest
 * first, under new tags, and programs see only latency.  The new
 * instance must report the same capacity and block size and limits at
 * least as large.  Returns the core vtable again in *@core_ops and
 * *@core_ctx; -EINVAL for a mismatch, -ENODEV if the disk is gone.
 */
int blk_recover_kabi(struct gendisk *disk, const struct kabi_block_ops *ops,
		     void *drv_ctx, const struct kabi_block_core **core_ops,
		     void **core_ctx);

/* Wait until the partition scan asked for last (at registration or by
 * BLKRRPART) is done; its result: 0, -EBUSY (partitions were open), or
 * an I/O error. */
int blk_wait_scanned(struct gendisk *disk);

const char *blk_disk_name(const struct gendisk *disk);
dev_t blk_disk_devt(const struct gendisk *disk);

/*
 * Opened block devices: a disk or one partition.  blkdev_get() takes a
 * reference on the disk (ERR_PTR(-ENXIO) if nothing has that number);
 * sectors passed to blkdev_io() are relative to the partition.
 */
struct block_device *blkdev_get(dev_t dev);
void blkdev_put(struct block_device *b);
/* The block device behind an open /dev node, NULL for other files. */
struct block_device *blkdev_from_file(struct file *f);
u64 bdev_nr_sectors(const struct block_device *b);	/* 512-byte units */
u32 bdev_logical_block_size(const struct block_device *b);
dev_t bdev_devt(const struct block_device *b);

/*
 * Synchronous I/O: @op is KABI_BLOCK_READ or KABI_BLOCK_WRITE; @sector
 * and @len must be multiples of the logical block size, and @buf must be
 * direct-mapped memory (kmalloc, get_free_pages; not vmalloc) aligned to
 * it.  The range is split into requests that respect the driver's
 * limits, all queued at once.  0 or the first error (-EIO, -EINVAL for
 * a bad range, -EROFS, -ENOMEM).
 */
int blkdev_io(struct block_device *b, int op, u64 sector, void *buf,
	      size_t len);
/* Empty the device's write cache (a no-op without one). */
int blkdev_flush(struct block_device *b);

/* Block device nodes: the inode's i_fop (tmpfs sets it for S_IFBLK). */
extern const struct file_operations def_blk_fops;

/* /proc/partitions. */
void blk_partitions_show(struct seq_buf *s);

#endif
