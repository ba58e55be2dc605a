// SPDX-License-Identifier: MIT
/*
 * The entropy device class in Core.  A kernel thread pulls from every
 * registered hardware RNG driver and mixes what it gets into the CSPRNG:
 * quickly until the first 256 bytes, then once a minute.  /dev/hwrng
 * (misc 10:183, as on Linux) reads the first source raw.
 */
#include <umka/chrdev.h>
#include <umka/errno.h>
#include <umka/fs.h>
#include <umka/hwrng.h>
#include <umka/list.h>
#include <umka/mutex.h>
#include <umka/namei.h>
#include <umka/printk.h>
#include <umka/random.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <uapi/fcntl.h>
#include <kabi/entropy.h>

#define MISC_MAJOR 10
#define HWRNG_MINOR 183
#define EARLY_BYTES 256
#define CHUNK 64

struct hwrng {
	struct list_head node;
	const struct kabi_entropy_ops *ops;
	void *ctx;
	char name[32];
	u64 bytes;		/* mixed from this source */
};

static DEFINE_MUTEX(hwrng_lock, LOCK_LEVEL_HWRNG);
static LIST_HEAD(sources);
static u64 mixed_total;
static struct task *hwrng_thread;

u64 hwrng_bytes_mixed(void)
{
	return READ_ONCE(mixed_total);
}

/* One read from a source; called with hwrng_lock held. */
static int pull(struct hwrng *rng, u8 *buf, u32 len)
{
	s32 n = rng->ops->read(rng->ctx, buf, len);

	return n < 0 ? n : n > (s32)len ? (s32)len : n;
}

static void mix_all(void)
{
	u64 before = hwrng_bytes_mixed();
	u8 buf[CHUNK];
	struct hwrng *rng;

	mutex_lock(&hwrng_lock);
	list_for_each_entry(rng, &sources, node) {
		int n = pull(rng, buf, sizeof(buf));

		if (n > 0) {
			random_mix(buf, (size_t)n);
			rng->bytes += (u64)n;
			WRITE_ONCE(mixed_total, mixed_total + (u64)n);
		}
	}
	mutex_unlock(&hwrng_lock);
	memset(buf, 0, sizeof(buf));
	if (before < EARLY_BYTES && hwrng_bytes_mixed() >= EARLY_BYTES)
		pr_info("random: %llu bytes from hardware RNGs mixed in\n",
			(unsigned long long)hwrng_bytes_mixed());
}

static int hwrng_kthread(void *unused)
{
	for (;;) {
		mix_all();
		msleep(hwrng_bytes_mixed() < EARLY_BYTES ? 50 : 60000);
	}
	return 0;
}

struct hwrng *hwrng_register(const struct kabi_entropy_ops *ops, void *ctx,
			     const char *name)
{
	struct hwrng *rng;

	if (!kabi_entropy_ops_valid(ops))
		return ERR_PTR(-EINVAL);
	rng = kzalloc(sizeof(*rng));
	if (!rng)
		return ERR_PTR(-ENOMEM);
	rng->ops = ops;
	rng->ctx = ctx;
	strlcpy(rng->name, name, sizeof(rng->name));
	mutex_lock(&hwrng_lock);
	list_add_tail(&rng->node, &sources);
	mutex_unlock(&hwrng_lock);
	pr_info("hwrng: %s registered (%s)\n", rng->name,
		kabi_entropy_ops_has_quality(ops) ? "reports its quality" :
						    "version 1 interface");
	if (hwrng_thread)
		wake_up_process(hwrng_thread);
	return rng;
}

void hwrng_unregister(struct hwrng *rng)
{
	mutex_lock(&hwrng_lock);
	list_del(&rng->node);
	mutex_unlock(&hwrng_lock);
	kfree(rng);
}

/* /dev/hwrng: raw bytes from the first source, as Linux's rng-core. */
static ssize_t hwrng_read(struct file *f, struct uio *u, loff_t *pos)
{
	u8 buf[CHUNK];
	int n = 0;

	while (u->len) {
		mutex_lock(&hwrng_lock);
		n = list_empty(&sources) ? -ENODEV :
			pull(list_first_entry(&sources, struct hwrng, node), buf,
			     (u32)min(u->len, sizeof(buf)));
		mutex_unlock(&hwrng_lock);
		if (n)
			break;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending(current))
			return -EINTR;
		msleep(10);
	}
	if (n < 0)
		return n;
	n = (int)uio_copy_out(u, buf, (size_t)n);
	memset(buf, 0, sizeof(buf));
	return n;
}

static const struct file_operations hwrng_fops = {
	.read = hwrng_read,
};

void hwrng_init(void)
{
	int err = register_chrdev(MISC_MAJOR, HWRNG_MINOR, 1, "hwrng",
				  &hwrng_fops);

	if (!err)
		err = do_mknodat(AT_FDCWD, "/dev/hwrng", S_IFCHR | 0600,
				 MKDEV(MISC_MAJOR, HWRNG_MINOR));
	if (err)
		pr_warn("hwrng: no /dev/hwrng: %d\n", err);
	hwrng_thread = kthread_run(hwrng_kthread, NULL, "hwrngd");
}
