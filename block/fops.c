// SPDX-License-Identifier: MIT
/*
 * Block device files: what open("/dev/vda1") gives.  There is no page
 * cache for block devices yet, so every read and write goes to the disk
 * through a bounce buffer of direct-mapped pages (user memory cannot be
 * handed to a device, and kernel callers may pass vmalloc memory).
 * Reads and writes may start and end anywhere: the partial blocks at
 * either end of a write are read, patched and written back, under the
 * disk's write lock so that two writers sharing a block do not undo
 * each other.
 *
 * Errors:
 *   ENXIO    no disk or partition with this number (gone, or never there)
 *   EIO      the device failed, or the disk was removed while open
 *   ENOSPC   write at or past the end
 *   EPERM    write to a read-only disk
 *   EACCES   BLKRRPART, BLKFLSBUF without root
 *   EINVAL   BLKRRPART on a partition; negative position
 *   EBUSY    BLKRRPART while a partition is open
 *   EFAULT   bad user pointer
 *   ENOTTY   unknown ioctl
 */
#include "internal.h"
#include <umka/file.h>
#include <umka/mm.h>
#include <umka/sched.h>
#include <uapi/fs.h>

/* Up to 256 KiB per round trip, fewer if memory is fragmented. */
#define BOUNCE_MAX_ORDER 6

struct bounce {
	char *buf;
	unsigned int order;
	size_t size;
};

static int bounce_alloc(struct bounce *bb, size_t want, u32 lbs)
{
	unsigned int order = 0;

	while (order < BOUNCE_MAX_ORDER && (PAGE_SIZE << order) < want)
		order++;
	for (;; order--) {
		bb->buf = get_free_pages(order);
		if (bb->buf || !order)
			break;
	}
	if (!bb->buf)
		return -ENOMEM;
	bb->order = order;
	bb->size = PAGE_SIZE << order;	/* a multiple of any lbs */
	return 0;
}

static void bounce_free(struct bounce *bb)
{
	free_pages_addr(bb->buf, bb->order);
}

static int blkdev_open(struct inode *inode, struct file *f)
{
	struct block_device *b = blkdev_get(inode->i_rdev);

	if (IS_ERR(b))
		return PTR_ERR(b);
	f->private_data = b;
	return 0;
}

static int blkdev_release(struct inode *inode, struct file *f)
{
	blkdev_put(f->private_data);
	return 0;
}

struct block_device *blkdev_from_file(struct file *f)
{
	return f->f_op == &def_blk_fops ? f->private_data : NULL;
}

static u64 bdev_bytes(const struct block_device *b)
{
	return b->nr_sects << SECTOR_SHIFT;
}

/*
 * One window of a transfer at byte @p (partition-relative), @n bytes
 * wanted: the block-aligned range [*a0, *a1) that covers as much of it
 * as the bounce buffer holds; returns the bytes of the transfer in it.
 */
static size_t window(const struct bounce *bb, u32 lbs, u64 p, u64 n,
		     u64 *a0, u64 *a1)
{
	u64 end;

	*a0 = p & ~(u64)(lbs - 1);
	end = p + n;
	if (end > *a0 + bb->size)
		end = *a0 + bb->size;
	*a1 = (end + lbs - 1) & ~(u64)(lbs - 1);
	return end - p;
}

static int io_at(struct block_device *b, int op, u64 a0, void *buf,
		 size_t len)
{
	return blk_io(b->disk, op, b->start + (a0 >> SECTOR_SHIFT), buf, len);
}

static ssize_t blkdev_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct block_device *b = f->private_data;
	u32 lbs = b->disk->lbs;
	struct bounce bb;
	u64 size = bdev_bytes(b), n, done = 0;
	int err;

	if (*pos < 0)
		return -EINVAL;
	if ((u64)*pos >= size)
		return 0;
	n = u->len < size - *pos ? u->len : size - *pos;
	err = bounce_alloc(&bb, n + 2 * lbs, lbs);
	if (err)
		return err;
	while (done < n) {
		u64 p = *pos + done, a0, a1;
		size_t take = window(&bb, lbs, p, n - done, &a0, &a1);
		ssize_t r;

		err = io_at(b, KABI_BLOCK_READ, a0, bb.buf, a1 - a0);
		if (err)
			break;
		r = uio_copy_out(u, bb.buf + (p - a0), take);
		if (r < 0) {
			err = r;
			break;
		}
		done += take;
	}
	bounce_free(&bb);
	if (!done)
		return err;
	*pos += done;
	return done;
}

/* Fill the bounce buffer for [a0, a1) before @take bytes land at @p. */
static int read_partial_ends(struct block_device *b, const struct bounce *bb,
			     u64 p, size_t take, u64 a0, u64 a1)
{
	u32 lbs = b->disk->lbs;
	int err = 0;

	if (p != a0)
		err = io_at(b, KABI_BLOCK_READ, a0, bb->buf, lbs);
	if (!err && p + take != a1 && (p == a0 || a1 - lbs != a0))
		err = io_at(b, KABI_BLOCK_READ, a1 - lbs,
			    bb->buf + (a1 - lbs - a0), lbs);
	return err;
}

static ssize_t blkdev_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct block_device *b = f->private_data;
	struct gendisk *d = b->disk;
	u64 size = bdev_bytes(b), n, done = 0;
	struct bounce bb;
	int err;

	if (d->read_only)
		return -EPERM;
	if (*pos < 0)
		return -EINVAL;
	if ((u64)*pos >= size)
		return -ENOSPC;
	n = u->len < size - *pos ? u->len : size - *pos;
	err = bounce_alloc(&bb, n + 2 * d->lbs, d->lbs);
	if (err)
		return err;
	mutex_lock(&d->write_lock);
	while (done < n) {
		u64 p = *pos + done, a0, a1;
		size_t take = window(&bb, d->lbs, p, n - done, &a0, &a1);
		ssize_t r;

		err = read_partial_ends(b, &bb, p, take, a0, a1);
		if (err)
			break;
		r = uio_copy_in(bb.buf + (p - a0), u, take);
		if (r < 0) {
			err = r;
			break;
		}
		err = io_at(b, KABI_BLOCK_WRITE, a0, bb.buf, a1 - a0);
		if (err)
			break;
		done += take;
	}
	mutex_unlock(&d->write_lock);
	bounce_free(&bb);
	if (!done)
		return err;
	*pos += done;
	return done;
}

static loff_t blkdev_llseek(struct file *f, loff_t off, int whence)
{
	struct block_device *b = f->private_data;

	return generic_file_llseek(f, off, whence, bdev_bytes(b));
}

static int blkdev_fsync(struct file *f, int datasync)
{
	return blk_flush(((struct block_device *)f->private_data)->disk);
}

static bool is_admin(void)
{
	/* CAP_SYS_ADMIN, until capabilities exist. */
	return current->cred.euid == 0;
}

/* The block size Linux reports for an unmounted device: the largest
 * power of two up to a page that divides its size. */
static int soft_block_size(const struct block_device *b)
{
	u32 bs = PAGE_SIZE;

	while (bs > b->disk->lbs && (bdev_bytes(b) & (bs - 1)))
		bs >>= 1;
	return bs;
}

#define PUT(type, val) \
	(put_user((type)(val), (type __user *)arg) ? -EFAULT : 0)

static long blkdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct block_device *b = f->private_data;
	struct gendisk *d = b->disk;

	switch (cmd) {
	case BLKGETSIZE64:
		return PUT(u64, bdev_bytes(b));
	case BLKGETSIZE:
		return PUT(unsigned long, b->nr_sects);
	case BLKSSZGET:
		return PUT(int, d->lbs);
	case BLKPBSZGET:
	case BLKIOMIN:
		return PUT(unsigned int, d->pbs);
	case BLKIOOPT:
		return PUT(unsigned int, 0);
	case BLKALIGNOFF:
		return PUT(int, 0);
	case BLKBSZGET:
		return PUT(int, soft_block_size(b));
	case BLKROGET:
		return PUT(int, d->read_only);
	case BLKSECTGET: {
		u32 s = d->max_bytes >> SECTOR_SHIFT;

		return PUT(unsigned short, s > 0xffff ? 0xffff : s);
	}
	case HDIO_GETGEO: {
		/* The made-up geometry Linux's virtio-blk reports. */
		struct hd_geometry g = {
			.heads = 64, .sectors = 32, .start = b->start,
			.cylinders = d->nr_sects >> 11 > 0xffff ?
					     0xffff : d->nr_sects >> 11,
		};

		return copy_to_user((void __user *)arg, &g, sizeof(g)) ?
			       -EFAULT : 0;
	}
	case BLKFLSBUF:
		if (!is_admin())
			return -EACCES;
		return blk_flush(d);	/* no cache to drop; just sync */
	case BLKRRPART:
		if (!is_admin())
			return -EACCES;
		if (b->partno)
			return -EINVAL;
		return blk_request_scan(d);
	default:
		return -ENOTTY;
	}
}

const struct file_operations def_blk_fops = {
	.open = blkdev_open,
	.release = blkdev_release,
	.read = blkdev_read,
	.write = blkdev_write,
	.llseek = blkdev_llseek,
	.fsync = blkdev_fsync,
	.ioctl = blkdev_ioctl,
};
