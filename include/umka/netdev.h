/* SPDX-License-Identifier: MIT */
/*
 * Network devices in Core: the net class of KABI.  A driver offers a
 * device through register_device(KABI_CLASS_NET); Core names it ethN,
 * sends frames through its kabi_net_ops and hands what it receives to
 * packet sockets.  The IP stack comes later.
 */
#ifndef UMKA_NETDEV_H
#define UMKA_NETDEV_H

#include <umka/list.h>
#include <umka/types.h>

#define IFNAMSIZ 16
#define ETH_ALEN 6
#define ETH_HLEN 14

struct kabi_net_ops;
struct kabi_net_core;

struct net_device {
	struct list_head node;
	char name[IFNAMSIZ];
	int ifindex;
	u8 mac[ETH_ALEN];
	u32 mtu;
	bool up, link_up;
	const struct kabi_net_ops *ops;
	void *drv_ctx;
	u64 rx_packets, rx_bytes, tx_packets, tx_bytes, tx_errors, rx_dropped;
};

int netdev_register_kabi(const struct kabi_net_ops *ops, void *drv_ctx,
			 struct net_device **out,
			 const struct kabi_net_core **core_ops, void **core_ctx);
void netdev_unregister(struct net_device *dev);
/* Brings a device up (the driver's open()); packet sockets do it on use. */
int netdev_open(struct net_device *dev);

/* A reference-free lookup: devices are never freed while sockets use
 * them by index, only marked down (see netdev_unregister). */
struct net_device *netdev_by_index(int ifindex);
struct net_device *netdev_by_name(const char *name);
/* Copies the frame and sends it; 0 or -errno. */
int netdev_xmit(struct net_device *dev, const void *frame, u32 len);

/* net/packet: every received frame is offered to packet sockets. */
void packet_deliver(struct net_device *dev, const u8 *frame, u32 len);

#endif
