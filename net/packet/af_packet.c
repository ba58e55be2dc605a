// SPDX-License-Identifier: MIT
/*
 * AF_PACKET sockets, SOCK_RAW: whole Ethernet frames in and out of a
 * network device, as on Linux (packet(7)).  Enough for raw frame tools
 * and the virtio-net tests; no PACKET_* socket options, rings or fanout.
 *
 * Receive runs in the driver's interrupt: each frame is copied into a
 * buffer allocated before the socket lock is taken, and queued on every
 * matching socket, up to RX_QUEUE_MAX frames each (then dropped, as a
 * full receive buffer drops on Linux).
 */
#include <umka/anon_inodes.h>
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/list.h>
#include <umka/netdev.h>
#include <umka/poll.h>
#include <umka/sched.h>
#include <umka/signal.h>
#include <umka/sigtypes.h>
#include <umka/slab.h>
#include <umka/socket.h>
#include <umka/spinlock.h>
#include <umka/string.h>
#include <umka/uaccess.h>
#include <umka/wait.h>
#include <uapi/fcntl.h>

#define ETH_P_ALL 0x0003
#define ARPHRD_ETHER 1
#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define RX_QUEUE_MAX 256

struct sockaddr_ll {
	u16 sll_family;
	u16 sll_protocol;	/* network byte order */
	s32 sll_ifindex;
	u16 sll_hatype;
	u8 sll_pkttype;
	u8 sll_halen;
	u8 sll_addr[8];
};

struct rx_frame {
	struct list_head node;
	int ifindex;
	u8 pkttype;
	u32 len;
	u8 data[];
};

struct packet_sock {
	struct socket sock;
	struct list_head node;		/* on all_socks */
	u16 protocol;			/* host order; 0 receives nothing */
	int ifindex;			/* bound device, 0 for all */
	struct list_head rxq;
	unsigned int nr_rx;
	u64 drops;
	struct wait_queue_head wq;
};

static DEFINE_SPINLOCK(packet_lock, LOCK_LEVEL_PACKET);
static LIST_HEAD(all_socks);

static u16 be16(u16 v)
{
	return (u16)(v << 8 | v >> 8);
}

static bool wants(const struct packet_sock *ps, int ifindex, u16 proto)
{
	return ps->protocol &&
	       (ps->protocol == ETH_P_ALL || ps->protocol == proto) &&
	       (!ps->ifindex || ps->ifindex == ifindex);
}

static u8 pkttype_of(const struct net_device *dev, const u8 *dst)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (!memcmp(dst, bcast, ETH_ALEN))
		return PACKET_BROADCAST;
	if (dst[0] & 1)
		return PACKET_MULTICAST;
	return memcmp(dst, dev->mac, ETH_ALEN) ? PACKET_OTHERHOST : PACKET_HOST;
}

static struct rx_frame *copy_frame(struct net_device *dev, const u8 *frame,
				   u32 len)
{
	struct rx_frame *rx = kmalloc(sizeof(*rx) + len);

	if (rx) {
		rx->ifindex = dev->ifindex;
		rx->pkttype = pkttype_of(dev, frame);
		rx->len = len;
		memcpy(rx->data, frame, len);
	}
	return rx;
}

void packet_deliver(struct net_device *dev, const u8 *frame, u32 len)
{
	u16 proto = (u16)(frame[12] << 8 | frame[13]);
	struct packet_sock *ps;
	unsigned long flags;

	flags = spin_lock_irqsave(&packet_lock);
	list_for_each_entry(ps, &all_socks, node) {
		struct rx_frame *rx;

		if (!wants(ps, dev->ifindex, proto))
			continue;
		rx = ps->nr_rx < RX_QUEUE_MAX ? copy_frame(dev, frame, len) : NULL;
		if (!rx) {
			ps->drops++;
			continue;
		}
		list_add_tail(&rx->node, &ps->rxq);
		ps->nr_rx++;
		wake_up(&ps->wq);
	}
	spin_unlock_irqrestore(&packet_lock, flags);
}

static struct packet_sock *psock(struct file *f)
{
	return f->private_data;
}

static int packet_bind(struct file *f, const void *addr, u32 len)
{
	const struct sockaddr_ll *sll = addr;
	struct packet_sock *ps = psock(f);
	struct net_device *dev = NULL;
	unsigned long flags;

	if (len < sizeof(*sll))
		return -EINVAL;
	if (sll->sll_family != AF_PACKET)
		return -EINVAL;
	if (sll->sll_ifindex) {
		dev = netdev_by_index(sll->sll_ifindex);
		if (!dev)
			return -ENODEV;
		if (netdev_open(dev))
			return -ENETDOWN;
	}
	flags = spin_lock_irqsave(&packet_lock);
	ps->ifindex = sll->sll_ifindex;
	if (sll->sll_protocol)
		ps->protocol = be16(sll->sll_protocol);
	spin_unlock_irqrestore(&packet_lock, flags);
	return 0;
}

static long packet_sendto(struct file *f, const void __user *buf, size_t len,
			  int flags, const void *addr, u32 addr_len)
{
	const struct sockaddr_ll *sll = addr;
	struct packet_sock *ps = psock(f);
	int ifindex = ps->ifindex;
	struct net_device *dev;
	void *frame;
	long ret;

	if (addr) {
		if (addr_len < sizeof(*sll) || sll->sll_family != AF_PACKET)
			return -EINVAL;
		ifindex = sll->sll_ifindex;
	}
	if (!ifindex)
		return -ENXIO;	/* Linux: no device to send on */
	dev = netdev_by_index(ifindex);
	if (!dev)
		return -ENXIO;
	if (len > dev->mtu + ETH_HLEN)
		return -EMSGSIZE;
	if (len < ETH_HLEN)
		return -EINVAL;
	if (netdev_open(dev))
		return -ENETDOWN;
	frame = kmalloc(len);
	if (!frame)
		return -ENOBUFS;
	ret = copy_from_user(frame, buf, len) ? -EFAULT :
						netdev_xmit(dev, frame, (u32)len);
	kfree(frame);
	return ret ? ret : (long)len;
}

static struct rx_frame *dequeue(struct packet_sock *ps)
{
	unsigned long flags = spin_lock_irqsave(&packet_lock);
	struct rx_frame *rx = NULL;

	if (!list_empty(&ps->rxq)) {
		rx = list_first_entry(&ps->rxq, struct rx_frame, node);
		list_del(&rx->node);
		ps->nr_rx--;
	}
	spin_unlock_irqrestore(&packet_lock, flags);
	return rx;
}

static int wait_frame(struct file *f, struct packet_sock *ps, int flags,
		      struct rx_frame **out)
{
	struct wait_entry we = { .task = current };
	int ret = 0;

	*out = dequeue(ps);
	if (*out)
		return 0;
	if ((flags & MSG_DONTWAIT) || (READ_ONCE(f->f_flags) & O_NONBLOCK))
		return -EAGAIN;
	for (;;) {
		prepare_to_wait(&ps->wq, &we, TASK_INTERRUPTIBLE);
		*out = dequeue(ps);
		if (*out)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&ps->wq, &we);
	return ret;
}

static long packet_recvfrom(struct file *f, void __user *buf, size_t len,
			    int flags, void *addr, u32 *addr_len)
{
	struct packet_sock *ps = psock(f);
	struct sockaddr_ll *sll = addr;
	struct rx_frame *rx;
	size_t n;
	int ret = wait_frame(f, ps, flags, &rx);

	if (ret)
		return ret;
	n = rx->len < len ? rx->len : len;
	if (copy_to_user(buf, rx->data, n)) {
		kfree(rx);
		return -EFAULT;
	}
	if (sll) {
		memset(sll, 0, sizeof(*sll));
		sll->sll_family = AF_PACKET;
		sll->sll_protocol = be16((u16)(rx->data[12] << 8 | rx->data[13]));
		sll->sll_ifindex = rx->ifindex;
		sll->sll_hatype = ARPHRD_ETHER;
		sll->sll_pkttype = rx->pkttype;
		sll->sll_halen = ETH_ALEN;
		memcpy(sll->sll_addr, rx->data + ETH_ALEN, ETH_ALEN);
		*addr_len = sizeof(*sll);
	}
	ret = (flags & MSG_TRUNC) ? (int)rx->len : (int)n;
	kfree(rx);
	return ret;
}

static ssize_t packet_read(struct file *f, struct uio *u, loff_t *pos)
{
	if (u->kernel)
		return -EINVAL;
	return packet_recvfrom(f, (void __user *)u->base, u->len, 0, NULL,
			       NULL);
}

static ssize_t packet_write(struct file *f, struct uio *u, loff_t *pos)
{
	if (u->kernel)
		return -EINVAL;
	return packet_sendto(f, (const void __user *)u->base, u->len, 0, NULL,
			     0);
}

static unsigned int packet_poll(struct file *f, struct poll_table *pt)
{
	struct packet_sock *ps = psock(f);

	poll_wait(pt, &ps->wq);
	return (list_empty(&ps->rxq) ? 0 : POLLIN | POLLRDNORM) | POLLOUT |
	       POLLWRNORM;
}

static int packet_release(struct inode *inode, struct file *f)
{
	struct packet_sock *ps = psock(f);
	struct rx_frame *rx;
	unsigned long flags;

	flags = spin_lock_irqsave(&packet_lock);
	list_del(&ps->node);
	spin_unlock_irqrestore(&packet_lock, flags);
	while ((rx = dequeue(ps)))
		kfree(rx);
	kfree(ps);
	return 0;
}

/* Interface ioctls (netdevice(7)), on any socket as on Linux. */
#define SIOCGIFNAME 0x8910
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFMTU 0x8921
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_RUNNING 0x40
#define IFF_MULTICAST 0x1000

struct ifreq {
	char ifr_name[IFNAMSIZ];
	union {
		s32 ifindex;
		s32 mtu;
		s16 flags;
		struct {
			u16 family;
			u8 data[14];
		} hwaddr;
		u8 pad[24];
	};
};

static long ifreq_apply(unsigned int cmd, struct ifreq *r)
{
	struct net_device *dev = cmd == SIOCGIFNAME ?
					 netdev_by_index(r->ifindex) :
					 netdev_by_name(r->ifr_name);

	if (!dev)
		return -ENODEV;
	switch (cmd) {
	case SIOCGIFNAME:
		strlcpy(r->ifr_name, dev->name, IFNAMSIZ);
		return 0;
	case SIOCGIFINDEX:
		r->ifindex = dev->ifindex;
		return 0;
	case SIOCGIFMTU:
		r->mtu = (s32)dev->mtu;
		return 0;
	case SIOCGIFHWADDR:
		memset(&r->hwaddr, 0, sizeof(r->hwaddr));
		r->hwaddr.family = ARPHRD_ETHER;
		memcpy(r->hwaddr.data, dev->mac, ETH_ALEN);
		return 0;
	case SIOCGIFFLAGS:
		r->flags = IFF_BROADCAST | IFF_MULTICAST |
			   (dev->up ? IFF_UP : 0) |
			   (dev->up && dev->link_up ? IFF_RUNNING : 0);
		return 0;
	case SIOCSIFFLAGS:
		if (current->cred.euid != 0)
			return -EPERM;
		return (r->flags & IFF_UP) ? netdev_open(dev) : 0;
	}
	return -ENOTTY;
}

static long packet_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct ifreq r;
	long ret;

	if ((cmd & 0xff00) != 0x8900)
		return -ENOTTY;
	if (copy_from_user(&r, (void __user *)arg, sizeof(r)))
		return -EFAULT;
	r.ifr_name[IFNAMSIZ - 1] = '\0';
	ret = ifreq_apply(cmd, &r);
	if (!ret && copy_to_user((void __user *)arg, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}

static const struct sock_ops packet_ops = {
	.family = AF_PACKET,
	.bind = packet_bind,
	.sendto = packet_sendto,
	.recvfrom = packet_recvfrom,
};

static const struct file_operations packet_fops = {
	.read = packet_read,
	.write = packet_write,
	.poll = packet_poll,
	.ioctl = packet_ioctl,
	.llseek = no_llseek,
	.release = packet_release,
};

struct file *packet_create(int type, int protocol, int flags)
{
	struct packet_sock *ps;
	unsigned long irq;
	struct file *f;

	if (current->cred.euid != 0)
		return ERR_PTR(-EPERM);	/* CAP_NET_RAW */
	if (type != SOCK_RAW)
		return ERR_PTR(-ESOCKTNOSUPPORT);
	ps = kzalloc(sizeof(*ps));
	if (!ps)
		return ERR_PTR(-ENOMEM);
	ps->sock.ops = &packet_ops;
	ps->protocol = be16((u16)protocol);
	list_init(&ps->rxq);
	init_waitqueue_head(&ps->wq);
	f = anon_inode_getfile("[packet]", &packet_fops, ps, O_RDWR | flags);
	if (IS_ERR(f)) {
		kfree(ps);
		return f;
	}
	irq = spin_lock_irqsave(&packet_lock);
	list_add_tail(&ps->node, &all_socks);
	spin_unlock_irqrestore(&packet_lock, irq);
	return f;
}

bool packet_file_is(struct file *f)
{
	return f->f_op == &packet_fops;
}
