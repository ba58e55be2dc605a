// SPDX-License-Identifier: MIT
/*
 * virtio-net: raw Ethernet frames for Core's net class (kabi/net.kabi).
 *
 * Queue 0 receives: every slot is a driver-owned 2 KiB DMA buffer, kept
 * posted; a filled one is handed to Core (which copies it) and posted
 * again.  Queue 1 transmits: a slot chains the 12-byte virtio_net_hdr
 * and Core's frame, which stays Core's until tx_complete().  Queue 2,
 * when the device has it, carries receive-mode commands.  No offloads:
 * the header is always zero.
 */
#include <kabi/net.h>
#include <virtio.h>

#define VIRTIO_ID_NET 1

#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_F_CTRL_VQ 17
#define VIRTIO_NET_F_CTRL_RX 18
#define VIRTIO_NET_S_LINK_UP 1

#define NET_CFG_MAC 0
#define NET_CFG_STATUS 6

/* Control queue: class, command, one byte of data; the ack comes back. */
#define VIRTIO_NET_CTRL_RX 0
#define VIRTIO_NET_CTRL_RX_PROMISC 0
#define VIRTIO_NET_CTRL_RX_ALLMULTI 1
#define VIRTIO_NET_OK 0
#define CTRL_ACK_OFF 8
#define CTRL_BUF 16
#define CTRL_TIMEOUT_US 100000

#define NET_QUEUE_RX 0
#define NET_QUEUE_TX 1
#define NET_QUEUE_CTRL 2
#define NET_HDR_LEN 12		/* virtio_net_hdr with num_buffers */
#define NET_RX_BUF 2048		/* header + the largest frame */
#define NET_RX_MAX 64
#define NET_RX_MIN 8
#define NET_TX_MAX 256		/* descriptors: two per frame */
#define NET_MTU 1500
#define ETH_HLEN 14
#define ETH_MAX_FRAME (ETH_HLEN + 4 + NET_MTU)	/* with one VLAN tag */

struct net {
	struct virtio_dev vd;
	struct virtq *rx, *tx, *ctrl;
	struct kabi_dma_buf rxbuf;	/* rx->nr_slots buffers */
	struct kabi_dma_buf txhdr;	/* one zero header for every frame */
	struct kabi_dma_buf ctrlbuf;	/* CTRL_BUF bytes per control slot */
	u64 *tx_tags;		/* per transmit slot: Core's tag */
	u64 *tx_deferred;	/* completions waiting for Core's vtable */
	u32 ctrl_lock;		/* one control command at a time */
	u32 ctrl_wait;		/* slot + 1 of the command waited for */
	u32 opened;		/* deliver received frames */
	u32 link_up;
	u8 mac[6];
	struct kabi_device_reg reg;
};

/* Core's side; may appear while register_device() is still running. */
static const struct kabi_net_core *core(struct net *n)
{
	const struct kabi_net_core **p = (void *)&n->reg.core_ops;

	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void post_rx(struct net *n, u32 slot)
{
	struct virtq_desc *d = virtq_slot(n->rx, slot);

	d->addr = n->rxbuf.dma_addr + (u64)slot * NET_RX_BUF;
	d->len = NET_RX_BUF;
	d->flags = VIRTQ_DESC_F_WRITE;
	virtq_post(n->rx, slot);
}

/* A received frame: Core copies it, so the buffer goes straight back. */
static void rx_done(void *arg, u32 slot, u32 len)
{
	struct net *n = arg;
	const struct kabi_net_core *c = core(n);
	const u8 *buf = (const u8 *)n->rxbuf.cpu_addr + (u64)slot * NET_RX_BUF;

	if (c && kd_load(&n->opened) && len > NET_HDR_LEN + ETH_HLEN &&
	    len <= NET_RX_BUF)
		c->rx(n->reg.core_ctx, 0, buf + NET_HDR_LEN, len - NET_HDR_LEN);
	post_rx(n, slot);
}

static void tx_deliver(struct net *n, u32 slot)
{
	u64 tag = n->tx_tags[slot];

	virtq_release(n->tx, slot);	/* before Core may transmit again */
	core(n)->tx_complete(n->reg.core_ctx, tag, 0);
}

static void flush_deferred(struct net *n)
{
	for (u32 s = 0; s < n->tx->nr_slots; s++)
		if (kd_bit_test_clear(n->tx_deferred, s))
			tx_deliver(n, s);
}

static void tx_done(void *arg, u32 slot, u32 len)
{
	struct net *n = arg;

	if (core(n)) {
		tx_deliver(n, slot);
		return;
	}
	/* Marked before Core is looked at again, so one side delivers. */
	kd_bit_set(n->tx_deferred, slot);
	if (core(n))
		flush_deferred(n);
}

/* Only set_rx_mode() reaps the control queue, in its own context. */
static void ctrl_done(void *arg, u32 slot, u32 len)
{
	struct net *n = arg;
	u32 want = slot + 1;

	kd_cas(&n->ctrl_wait, &want, 0);
	virtq_release(n->ctrl, slot);
}

static u32 read_link(struct net *n)
{
	if (!virtio_has(&n->vd, VIRTIO_NET_F_STATUS))
		return 1;
	return virtio_cfg_read16(&n->vd, NET_CFG_STATUS) & VIRTIO_NET_S_LINK_UP;
}

/* From the interrupt handler: tell Core when the link changed. */
static void net_config_changed(void *arg)
{
	struct net *n = arg;
	u32 up = read_link(n);
	const struct kabi_net_core *c = core(n);

	if (kd_xchg(&n->link_up, up) != up && c)
		c->link_changed(n->reg.core_ctx, up);
}

static s32 net_get_info(void *ctx, struct kabi_net_info *info)
{
	struct net *n = ctx;

	*info = (struct kabi_net_info){ .mtu = NET_MTU, .nr_queues = 1,
					.link_up = kd_load(&n->link_up) };
	memcpy(info->mac, n->mac, 6);
	return 0;
}

static s32 net_open(void *ctx)
{
	struct net *n = ctx;

	kd_store(&n->opened, 1);
	return 0;
}

static void net_stop(void *ctx)
{
	struct net *n = ctx;

	kd_store(&n->opened, 0);
}

static s32 net_xmit(void *ctx, const struct kabi_net_frame *f)
{
	struct net *n = ctx;
	struct virtq_desc *d;
	int slot;

	if (f->queue != 0 || f->len < ETH_HLEN || f->len > ETH_MAX_FRAME)
		return -EINVAL;
	slot = virtq_claim(n->tx);
	if (slot < 0)
		return -EBUSY;	/* Core retries after tx_complete() */
	n->tx_tags[slot] = f->tag;
	d = virtq_slot(n->tx, (u32)slot);
	d[0].addr = n->txhdr.dma_addr;
	d[0].len = NET_HDR_LEN;
	d[0].flags = VIRTQ_DESC_F_NEXT;
	d[1].addr = f->dma_addr;
	d[1].len = f->len;
	d[1].flags = 0;
	virtq_post(n->tx, (u32)slot);
	return 0;
}

static s32 net_poll(void *ctx, u32 queue, u32 budget)
{
	struct net *n = ctx;
	int done;

	if (queue != 0)
		return -EINVAL;
	done = virtq_reap(n->rx, budget);
	return done + virtq_reap(n->tx, budget - (u32)done);
}

static int ctrl_wait_done(struct net *n, u32 slot)
{
	const struct kabi_kernel_services *ks = n->vd.env.ks;
	u8 *buf = (u8 *)n->ctrlbuf.cpu_addr + slot * CTRL_BUF;

	/* The device answers at once in practice; poll, never sleep. */
	for (u32 us = 0; us < CTRL_TIMEOUT_US; us += 10) {
		virtq_reap(n->ctrl, ~0u);
		if (!kd_load(&n->ctrl_wait))
			return buf[CTRL_ACK_OFF] == VIRTIO_NET_OK ? 0 : -EIO;
		ks->udelay(n->vd.env.ctx, 10);
	}
	return -ETIMEDOUT;
}

/* One receive-mode command; the caller holds ctrl_lock. */
static int ctrl_rx(struct net *n, u8 cmd, u8 on)
{
	int slot = virtq_claim(n->ctrl);
	struct virtq_desc *d;
	u8 *buf;

	if (slot < 0)
		return -EBUSY;
	buf = (u8 *)n->ctrlbuf.cpu_addr + slot * CTRL_BUF;
	buf[0] = VIRTIO_NET_CTRL_RX;
	buf[1] = cmd;
	buf[2] = on;
	buf[CTRL_ACK_OFF] = 0xff;
	d = virtq_slot(n->ctrl, (u32)slot);
	d[0].addr = n->ctrlbuf.dma_addr + (u64)slot * CTRL_BUF;
	d[0].len = 3;
	d[0].flags = VIRTQ_DESC_F_NEXT;
	d[1].addr = d[0].addr + CTRL_ACK_OFF;
	d[1].len = 1;
	d[1].flags = VIRTQ_DESC_F_WRITE;
	kd_store(&n->ctrl_wait, (u32)slot + 1);
	virtq_post(n->ctrl, (u32)slot);
	return ctrl_wait_done(n, (u32)slot);
}

static s32 net_set_rx_mode(void *ctx, u32 flags)
{
	struct net *n = ctx;
	int ret;

	if (flags & ~(u32)(KABI_NET_RX_PROMISC | KABI_NET_RX_ALLMULTI))
		return -EINVAL;
	if (!n->ctrl)
		return -EOPNOTSUPP;
	if (!kd_trylock(&n->ctrl_lock))
		return -EBUSY;
	ret = ctrl_rx(n, VIRTIO_NET_CTRL_RX_PROMISC,
		      !!(flags & KABI_NET_RX_PROMISC));
	if (!ret)
		ret = ctrl_rx(n, VIRTIO_NET_CTRL_RX_ALLMULTI,
			      !!(flags & KABI_NET_RX_ALLMULTI));
	kd_unlock(&n->ctrl_lock);
	return ret;
}

static const struct kabi_net_ops net_ops = {
	KABI_NET_OPS_INIT,
	.get_info = net_get_info,
	.open = net_open,
	.stop = net_stop,
	.xmit = net_xmit,
	.poll = net_poll,
	.set_rx_mode = net_set_rx_mode,
};

/* Without VIRTIO_NET_F_MAC: a random locally administered address. */
static void read_mac(struct net *n)
{
	u64 t;

	if (virtio_has(&n->vd, VIRTIO_NET_F_MAC)) {
		for (u32 i = 0; i < 6; i++)
			n->mac[i] = virtio_cfg_read8(&n->vd, NET_CFG_MAC + i);
		return;
	}
	t = n->vd.env.ks->clock_ns(n->vd.env.ctx) * 0x9e3779b97f4a7c15ull;
	for (u32 i = 0; i < 6; i++)
		n->mac[i] = (u8)(t >> (8 * i));
	n->mac[0] = (u8)((n->mac[0] & 0xfe) | 0x02);
}

/* As many receive buffers as the DMA pool grants, down to NET_RX_MIN. */
static int alloc_rx(struct net *n)
{
	u32 nr = n->rx->nr_slots;
	int ret;

	for (;;) {
		ret = virtio_dma_alloc(&n->vd, (u64)nr * NET_RX_BUF, &n->rxbuf);
		if (!ret || nr / 2 < NET_RX_MIN)
			break;
		nr /= 2;
	}
	if (!ret)
		virtq_limit(n->rx, (u16)nr);
	return ret;
}

static int create_queues(struct net *n)
{
	struct virtio_dev *vd = &n->vd;
	int ret;

	ret = virtq_create(vd, NET_QUEUE_RX, NET_RX_MAX, 1, true, rx_done, n);
	if (!ret)
		ret = virtq_create(vd, NET_QUEUE_TX, NET_TX_MAX, 2, true,
				   tx_done, n);
	if (!ret && virtio_has(vd, VIRTIO_NET_F_CTRL_VQ) &&
	    virtio_has(vd, VIRTIO_NET_F_CTRL_RX))
		ret = virtq_create(vd, NET_QUEUE_CTRL, 8, 2, false, ctrl_done,
				   n);
	if (ret)
		return ret;
	n->rx = vd->vqs[NET_QUEUE_RX];
	n->tx = vd->vqs[NET_QUEUE_TX];
	n->ctrl = vd->vqs[NET_QUEUE_CTRL];
	return 0;
}

static int alloc_buffers(struct net *n)
{
	const struct kabi_kernel_services *ks = n->vd.env.ks;
	void *ctx = n->vd.env.ctx;
	u32 nr_tx = n->tx->nr_slots;
	int ret;

	n->tx_tags = ks->alloc(ctx, nr_tx * sizeof(u64), KABI_MEM_ZERO);
	n->tx_deferred = ks->alloc(ctx, (nr_tx + 63) / 64 * 8, KABI_MEM_ZERO);
	if (!n->tx_tags || !n->tx_deferred)
		return -ENOMEM;
	ret = alloc_rx(n);
	if (!ret)
		ret = virtio_dma_alloc(&n->vd, 16, &n->txhdr);
	if (!ret && n->ctrl)
		ret = virtio_dma_alloc(&n->vd, n->ctrl->nr_slots * CTRL_BUF,
				       &n->ctrlbuf);
	return ret;
}

static void net_free(struct net *n)
{
	const struct kabi_kernel_services *ks = n->vd.env.ks;
	void *ctx = n->vd.env.ctx;

	if (n->reg.handle)
		ks->unregister_device(ctx, n->reg.handle);
	virtio_stop(&n->vd);	/* no more DMA into the buffers */
	if (n->rxbuf.handle)
		ks->dma_free(ctx, n->rxbuf.handle);
	if (n->txhdr.handle)
		ks->dma_free(ctx, n->txhdr.handle);
	if (n->ctrlbuf.handle)
		ks->dma_free(ctx, n->ctrlbuf.handle);
	if (n->tx_tags)
		ks->free(ctx, n->tx_tags);
	if (n->tx_deferred)
		ks->free(ctx, n->tx_deferred);
	ks->free(ctx, n);
}

#define NET_FEATURES                                                    \
	(1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS |           \
	 1ull << VIRTIO_NET_F_CTRL_VQ | 1ull << VIRTIO_NET_F_CTRL_RX)

static int net_setup(struct net *n, const struct kabi_kernel_services *ks,
		     void *ctx)
{
	int ret;

	ret = virtio_init(&n->vd, ks, ctx);
	if (!ret)
		ret = virtio_negotiate(&n->vd, NET_FEATURES);
	if (!ret)
		ret = virtio_irq_alloc(&n->vd, 2);	/* rx and tx */
	if (!ret)
		ret = create_queues(n);
	if (!ret)
		ret = alloc_buffers(n);
	if (ret)
		return ret;
	read_mac(n);
	n->link_up = read_link(n);
	ret = virtio_start(&n->vd, net_config_changed, n);
	if (ret)
		return ret;
	/* Receive buffers only after DRIVER_OK, as the spec requires. */
	for (u32 s = 0; s < n->rx->nr_slots; s++)
		post_rx(n, (u32)virtq_claim(n->rx));
	return 0;
}

static int net_register(struct net *n)
{
	const struct kabi_kernel_services *ks = n->vd.env.ks;
	int ret;

	ret = ks->register_device(n->vd.env.ctx, KABI_CLASS_NET, n, &net_ops,
				  &n->reg);
	if (ret)
		return ret;
	if (!core(n) || !kabi_net_core_valid(core(n)))
		return -EINVAL;
	flush_deferred(n);
	return 0;
}

static s32 net_probe(void *ctx, const struct kabi_kernel_services *ks,
		     void **instance)
{
	struct net *n = ks->alloc(ctx, sizeof(*n), KABI_MEM_ZERO);
	int ret;

	if (!n)
		return -ENOMEM;
	ret = net_setup(n, ks, ctx);
	if (!ret)
		ret = net_register(n);
	if (ret) {
		kd_err(&n->vd.env, "probe failed (%d)", ret);
		net_free(n);
		return ret;
	}
	kd_info(&n->vd.env,
		"%02x:%02x:%02x:%02x:%02x:%02x, link %s, "
		"%u rx buffers, %u tx slots, %s",
		n->mac[0], n->mac[1], n->mac[2], n->mac[3], n->mac[4],
		n->mac[5], n->link_up ? "up" : "down", n->rx->nr_slots,
		n->tx->nr_slots,
		n->vd.irq_type == KABI_IRQ_MSIX ? "MSI-X" : "INTx");
	*instance = n;
	return 0;
}

static void net_remove(void *ctx)
{
	net_free(ctx);
}

static const struct kabi_driver_ops net_driver = {
	KABI_DRIVER_OPS_INIT,
	.probe = net_probe,
	.remove = net_remove,
};

KABI_MANIFEST_SECTION const struct kabi_manifest virtio_net_manifest = {
	KABI_MANIFEST_HEADER,
	.name = "virtio_net",
	.driver_version = KABI_VERSION(1, 0, 0),
	.nr_requires = KABI_NR_REQUIRES_BASE + 1,
	.requires = {
		KABI_REQUIRES_BASE,
		KABI_REQUIRE(KABI_IFACE_NET, KABI_NET_OPS_VERSION),
	},
	.nr_matches = 1,
	.matches = {
		KABI_MATCH_PCI(VIRTIO_PCI_VENDOR,
			       VIRTIO_PCI_MODERN(VIRTIO_ID_NET)),
	},
	.entry = &net_driver,
};
