// SPDX-License-Identifier: MIT
/*
 * virtio-rng: the host's random bytes for the kernel's entropy pool, and
 * the worked example of docs/kabi.md.
 *
 * The device has one queue; each buffer the driver posts there comes
 * back filled with random bytes.  The driver keeps every buffer posted
 * until the device fills it; the interrupt marks it full, read() copies
 * from full buffers and posts them again.  Nothing here waits.
 *
 * This file is built twice: as virtio_rng against the current entropy
 * interface (version 2, with quality()), and as virtio_rng_v1 against
 * the header of version 1 (drivers/virtio_rng_v1/), which proves that a
 * driver built for an older interface still loads and works.
 */
#include <kabi/entropy.h>
#include <virtio.h>

#define VIRTIO_ID_RNG 4
#define RNG_SLOTS 4		/* buffers the device may fill at once */
#define RNG_BUF 256		/* bytes per buffer */

#if KABI_ENTROPY_OPS_VERSION >= 2
#define RNG_NAME "virtio_rng"
#else
#define RNG_NAME "virtio_rng_v1"
#endif

/* Who owns a buffer: the device, a read() copying from it, or nobody. */
enum { SLOT_POSTED, SLOT_BUSY, SLOT_FULL };

struct rng {
	struct virtio_dev vd;
	struct virtq *vq;
	struct kabi_dma_buf buf;	/* RNG_SLOTS buffers of RNG_BUF */
	struct kabi_device_reg reg;
	u32 state[RNG_SLOTS];
	u32 off[RNG_SLOTS], len[RNG_SLOTS];	/* unread: off .. len */
};

static u8 *slot_data(struct rng *r, u32 slot)
{
	return (u8 *)r->buf.cpu_addr + slot * RNG_BUF;
}

static void post(struct rng *r, u32 slot)
{
	struct virtq_desc *d = virtq_slot(r->vq, slot);

	d->addr = r->buf.dma_addr + slot * RNG_BUF;
	d->len = RNG_BUF;
	d->flags = VIRTQ_DESC_F_WRITE;
	virtq_post(r->vq, slot);
}

/* From the interrupt handler: the device filled a buffer. */
static void rng_done(void *arg, u32 slot, u32 len)
{
	struct rng *r = arg;

	if (!len) {
		post(r, slot);
		return;
	}
	r->len[slot] = len < RNG_BUF ? len : RNG_BUF;	/* trust no device */
	r->off[slot] = 0;
	kd_store(&r->state[slot], SLOT_FULL);
}

/* Copies what one full buffer has; posts it again once it is empty. */
static u32 take(struct rng *r, u32 slot, u8 *out, u32 want)
{
	u32 full = SLOT_FULL, n;
	u8 *src;

	if (!kd_cas(&r->state[slot], &full, SLOT_BUSY))
		return 0;
	src = slot_data(r, slot) + r->off[slot];
	n = r->len[slot] - r->off[slot];
	if (n > want)
		n = want;
	memcpy(out, src, n);
	memset(src, 0, n);	/* handed-out randomness must not linger */
	r->off[slot] += n;
	if (r->off[slot] < r->len[slot]) {
		kd_store(&r->state[slot], SLOT_FULL);
	} else {
		kd_store(&r->state[slot], SLOT_POSTED);
		post(r, slot);
	}
	return n;
}

static s32 rng_read(void *ctx, void *buf, u32 len)
{
	struct rng *r = ctx;
	u32 got = 0;

	for (u32 s = 0; s < r->vq->nr_slots && got < len; s++)
		got += take(r, s, (u8 *)buf + got, len - got);
	return (s32)got;
}

#if KABI_ENTROPY_OPS_VERSION >= 2
/*
 * The host usually backs the device with its own /dev/urandom, but the
 * guest cannot check that, so it claims half: 512 bits per 1024.
 */
static u32 rng_quality(void *ctx)
{
	return 512;
}
#endif

static const struct kabi_entropy_ops rng_ops = {
	KABI_ENTROPY_OPS_INIT,
	.read = rng_read,
#if KABI_ENTROPY_OPS_VERSION >= 2
	.quality = rng_quality,
#endif
};

/* Undoes probe from whatever point it reached. */
static void rng_free(struct rng *r)
{
	const struct kabi_kernel_services *ks = r->vd.env.ks;
	void *ctx = r->vd.env.ctx;

	if (r->reg.handle)
		ks->unregister_device(ctx, r->reg.handle);
	virtio_stop(&r->vd);	/* the device stops writing the buffers */
	if (r->buf.handle)
		ks->dma_free(ctx, r->buf.handle);
	ks->free(ctx, r);
}

static int rng_setup(struct rng *r, const struct kabi_kernel_services *ks,
		     void *ctx)
{
	int ret;

	ret = virtio_init(&r->vd, ks, ctx);
	if (!ret)
		ret = virtio_negotiate(&r->vd, 0);
	if (!ret)
		ret = virtio_irq_alloc(&r->vd, 1);
	if (!ret)
		ret = virtq_create(&r->vd, 0, RNG_SLOTS, 1, true, rng_done, r);
	if (!ret)
		ret = virtio_dma_alloc(&r->vd, RNG_SLOTS * RNG_BUF, &r->buf);
	if (ret)
		return ret;
	r->vq = r->vd.vqs[0];
	ret = virtio_start(&r->vd, NULL, NULL);
	if (ret)
		return ret;
	/* Buffers are posted only after DRIVER_OK, as the spec requires. */
	for (u32 s = 0; s < r->vq->nr_slots; s++)
		post(r, (u32)virtq_claim(r->vq));
	return 0;
}

static s32 rng_probe(void *ctx, const struct kabi_kernel_services *ks,
		     void **instance)
{
	struct rng *r = ks->alloc(ctx, sizeof(*r), KABI_MEM_ZERO);
	int ret;

	if (!r)
		return -ENOMEM;
	ret = rng_setup(r, ks, ctx);
	if (!ret)
		ret = ks->register_device(ctx, KABI_CLASS_ENTROPY, r, &rng_ops,
					  &r->reg);
	if (ret) {
		kd_err(&r->vd.env, "probe failed (%d)", ret);
		rng_free(r);
		return ret;
	}
	kd_info(&r->vd.env, "%u buffers of %u bytes, %s",
		r->vq->nr_slots, RNG_BUF,
		r->vd.irq_type == KABI_IRQ_MSIX ? "MSI-X" : "INTx");
	*instance = r;
	return 0;
}

static void rng_remove(void *ctx)
{
	rng_free(ctx);
}

static const struct kabi_driver_ops rng_driver = {
	KABI_DRIVER_OPS_INIT,
	.probe = rng_probe,
	.remove = rng_remove,
};

KABI_MANIFEST_SECTION const struct kabi_manifest virtio_rng_manifest = {
	KABI_MANIFEST_HEADER,
	.name = RNG_NAME,
	.driver_version = KABI_VERSION(1, 0, 0),
	.nr_requires = KABI_NR_REQUIRES_BASE + 1,
	.requires = {
		KABI_REQUIRES_BASE,
		KABI_REQUIRE(KABI_IFACE_ENTROPY, KABI_ENTROPY_OPS_VERSION),
	},
	.nr_matches = 1,
	.matches = {
		KABI_MATCH_PCI(VIRTIO_PCI_VENDOR,
			       VIRTIO_PCI_MODERN(VIRTIO_ID_RNG)),
	},
	.entry = &rng_driver,
};
