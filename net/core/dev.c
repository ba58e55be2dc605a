// SPDX-License-Identifier: MIT
/*
 * Network devices: registration of KABI net drivers, transmit with
 * completion tags, and receive into the packet sockets.
 *
 * Transmit buffers are whole pages, so the device sees one contiguous
 * physical range per frame; a frame the driver cannot take now (-EBUSY)
 * waits on a short backlog that tx_complete() drains.
 */
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/kprintf.h>
#include <umka/mm.h>
#include <umka/netdev.h>
#include <umka/printk.h>
#include <umka/slab.h>
#include <umka/spinlock.h>
#include <umka/string.h>
#include <asm/page.h>
#include <kabi/net.h>

#define TX_BACKLOG 64

struct tx_buf {
	struct list_head node;
	struct net_device *dev;
	u32 len;
	void *page;
};

static DEFINE_SPINLOCK(netdev_lock, LOCK_LEVEL_NETDEV);
static LIST_HEAD(netdevs);
static LIST_HEAD(backlog);
static unsigned int nr_backlog;
static int next_ifindex = 2;	/* 1 is lo on Linux */
static int next_eth;

struct net_device *netdev_by_index(int ifindex)
{
	unsigned long flags = spin_lock_irqsave(&netdev_lock);
	struct net_device *d, *found = NULL;

	list_for_each_entry(d, &netdevs, node)
		if (d->ifindex == ifindex)
			found = d;
	spin_unlock_irqrestore(&netdev_lock, flags);
	return found;
}

struct net_device *netdev_by_name(const char *name)
{
	unsigned long flags = spin_lock_irqsave(&netdev_lock);
	struct net_device *d, *found = NULL;

	list_for_each_entry(d, &netdevs, node)
		if (!strncmp(d->name, name, IFNAMSIZ))
			found = d;
	spin_unlock_irqrestore(&netdev_lock, flags);
	return found;
}

static int submit(struct tx_buf *b)
{
	struct kabi_net_frame fr = {
		.tag = (u64)(unsigned long)b,
		.dma_addr = virt_to_phys(b->page),
		.data = b->page,
		.len = b->len,
		.queue = 0,
	};

	return b->dev->ops->xmit(b->dev->drv_ctx, &fr);
}

static void free_tx(struct tx_buf *b)
{
	free_pages_addr(b->page, 0);
	kfree(b);
}

int netdev_xmit(struct net_device *dev, const void *frame, u32 len)
{
	struct tx_buf *b;
	unsigned long flags;
	int ret;

	if (!dev->up)
		return -ENETDOWN;
	if (len < ETH_HLEN || len > dev->mtu + ETH_HLEN)
		return len < ETH_HLEN ? -EINVAL : -EMSGSIZE;
	b = kmalloc(sizeof(*b));
	if (!b)
		return -ENOBUFS;
	b->page = get_free_pages(0);
	if (!b->page) {
		kfree(b);
		return -ENOBUFS;
	}
	memcpy(b->page, frame, len);
	b->dev = dev;
	b->len = len;
	ret = submit(b);
	if (ret != -EBUSY) {
		if (ret)
			free_tx(b);
		return ret;
	}
	flags = spin_lock_irqsave(&netdev_lock);
	if (nr_backlog < TX_BACKLOG) {
		list_add_tail(&b->node, &backlog);
		nr_backlog++;
		b = NULL;
	}
	spin_unlock_irqrestore(&netdev_lock, flags);
	if (b) {
		free_tx(b);
		return -ENOBUFS;
	}
	return 0;
}

/* After a completion: resend what waited for room. */
static void drain_backlog(struct net_device *dev)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&netdev_lock);
		struct tx_buf *b = NULL, *it;

		list_for_each_entry(it, &backlog, node)
			if (it->dev == dev) {
				b = it;
				break;
			}
		if (b) {
			list_del(&b->node);
			nr_backlog--;
		}
		spin_unlock_irqrestore(&netdev_lock, flags);
		if (!b)
			return;
		if (submit(b) == -EBUSY) {
			flags = spin_lock_irqsave(&netdev_lock);
			list_add(&b->node, &backlog);
			nr_backlog++;
			spin_unlock_irqrestore(&netdev_lock, flags);
			return;
		}
	}
}

static void core_rx(void *ctx, u32 queue, const void *data, u32 len)
{
	struct net_device *dev = ctx;

	if (len < ETH_HLEN || len > dev->mtu + ETH_HLEN + 4) {
		dev->rx_dropped++;
		return;
	}
	dev->rx_packets++;
	dev->rx_bytes += len;
	packet_deliver(dev, data, len);
}

static void core_tx_complete(void *ctx, u64 tag, s32 status)
{
	struct net_device *dev = ctx;
	struct tx_buf *b = (struct tx_buf *)(unsigned long)tag;

	if (status) {
		dev->tx_errors++;
	} else {
		dev->tx_packets++;
		dev->tx_bytes += b->len;
	}
	free_tx(b);
	drain_backlog(dev);
}

static void core_link_changed(void *ctx, u32 up)
{
	struct net_device *dev = ctx;

	dev->link_up = up != 0;
	pr_info("net: %s: link %s\n", dev->name, up ? "up" : "down");
}

static const struct kabi_net_core net_core_ops = {
	KABI_NET_CORE_INIT,
	.rx = core_rx,
	.tx_complete = core_tx_complete,
	.link_changed = core_link_changed,
};

int netdev_register_kabi(const struct kabi_net_ops *ops, void *drv_ctx,
			 struct net_device **out,
			 const struct kabi_net_core **core_ops, void **core_ctx)
{
	struct kabi_net_info info;
	struct net_device *dev;
	unsigned long flags;
	int ret;

	if (!kabi_net_ops_valid(ops))
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	ret = ops->get_info(drv_ctx, &info);
	if (ret)
		return ret;
	dev = kzalloc(sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->ops = ops;
	dev->drv_ctx = drv_ctx;
	memcpy(dev->mac, info.mac, ETH_ALEN);
	dev->mtu = info.mtu ? info.mtu : 1500;
	dev->link_up = info.link_up;
	flags = spin_lock_irqsave(&netdev_lock);
	dev->ifindex = next_ifindex++;
	snprintf(dev->name, sizeof(dev->name), "eth%d", next_eth++);
	list_add_tail(&dev->node, &netdevs);
	spin_unlock_irqrestore(&netdev_lock, flags);
	*out = dev;
	*core_ops = &net_core_ops;
	*core_ctx = dev;
	pr_info("net: %s: %02x:%02x:%02x:%02x:%02x:%02x mtu %u\n", dev->name,
		dev->mac[0], dev->mac[1], dev->mac[2], dev->mac[3],
		dev->mac[4], dev->mac[5], dev->mtu);
	return 0;
}

/*
 * Brings the device up.  Separate from registration because the driver
 * needs the core vtable (returned by register) before frames can flow.
 */
int netdev_open(struct net_device *dev)
{
	int ret;

	if (dev->up)
		return 0;
	ret = dev->ops->open(dev->drv_ctx);
	if (!ret)
		dev->up = true;
	return ret;
}

/* The device stays listed (sockets may hold its index) but is down. */
void netdev_unregister(struct net_device *dev)
{
	struct tx_buf *b, *n;
	unsigned long flags;
	LIST_HEAD(dead);

	if (dev->up)
		dev->ops->stop(dev->drv_ctx);
	dev->up = false;
	flags = spin_lock_irqsave(&netdev_lock);
	list_for_each_entry_safe(b, n, &backlog, node)
		if (b->dev == dev) {
			list_del(&b->node);
			nr_backlog--;
			list_add(&b->node, &dead);
		}
	spin_unlock_irqrestore(&netdev_lock, flags);
	list_for_each_entry_safe(b, n, &dead, node)
		free_tx(b);
	pr_info("net: %s: driver gone\n", dev->name);
}
