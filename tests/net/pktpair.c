// SPDX-License-Identifier: MIT
/*
 * Two network interfaces on one Ethernet segment exchange raw frames
 * through AF_PACKET sockets (tests/system/test_virtio_net.py): frames
 * sent on the first arrive intact on the second and back, with the
 * sender's MAC and the receiving interface in the address, and the
 * errors for bad sizes are Linux's.
 */
#include <errno.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

#define PROTO 0x88b5	/* IEEE local experimental ethertype */
#define FRAMES 50

static int failures, checks;

#define CHECK(c, ...)                                                   \
	do {                                                            \
		checks++;                                               \
		if (!(c)) {                                             \
			failures++;                                     \
			printf("FAIL line %d: ", __LINE__);             \
			printf(__VA_ARGS__);                            \
			printf(" (errno %d)\n", errno);                 \
		}                                                       \
	} while (0)

struct iface {
	char name[IFNAMSIZ];
	int index;
	unsigned char mac[6];
	int fd;
};

static int open_iface(struct iface *i, const char *name)
{
	struct sockaddr_ll sll = { 0 };
	struct ifreq r = { 0 };

	snprintf(i->name, sizeof(i->name), "%s", name);
	i->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(PROTO));
	if (i->fd < 0)
		return -1;
	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", name);
	if (ioctl(i->fd, SIOCGIFINDEX, &r))
		return -1;
	i->index = r.ifr_ifindex;
	if (ioctl(i->fd, SIOCGIFHWADDR, &r))
		return -1;
	memcpy(i->mac, r.ifr_hwaddr.sa_data, 6);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(PROTO);
	sll.sll_ifindex = i->index;
	return bind(i->fd, (struct sockaddr *)&sll, sizeof(sll));
}

static int build(unsigned char *f, const struct iface *from, int n, int len)
{
	memset(f, 0xff, 6);			/* broadcast */
	memcpy(f + 6, from->mac, 6);
	f[12] = PROTO >> 8;
	f[13] = PROTO & 0xff;
	for (int k = 14; k < len; k++)
		f[k] = (unsigned char)(n * 7 + k);
	snprintf((char *)f + 14, 40, "umka frame %d from %s", n, from->name);
	return len;
}

/* Sends FRAMES frames of varying size from a to b and checks each. */
static void exchange(struct iface *a, struct iface *b)
{
	unsigned char out[1514], in[2048];
	int got = 0;

	for (int n = 0; n < FRAMES; n++) {
		int len = build(out, a, n, 60 + (n * 97) % 1455);
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		struct pollfd p = { .fd = b->fd, .events = POLLIN };
		ssize_t r;

		CHECK(send(a->fd, out, len, 0) == len, "send %d bytes on %s",
		      len, a->name);
		/*
		 * On a multicast segment an interface also hears its own
		 * frames: skip those.
		 */
		do {
			if (poll(&p, 1, 5000) != 1) {
				r = -1;
				break;
			}
			flen = sizeof(from);
			r = recvfrom(b->fd, in, sizeof(in), 0,
				     (struct sockaddr *)&from, &flen);
		} while (r > 0 && !memcmp(from.sll_addr, b->mac, 6));
		if (r < 0) {
			CHECK(0, "frame %d did not reach %s", n, b->name);
			continue;
		}
		/* Short frames are padded to 60 bytes on the wire. */
		CHECK(r == len && !memcmp(in, out, len),
		      "frame %d: %zd bytes, want %d, intact", n, r, len);
		CHECK(from.sll_ifindex == b->index &&
			      from.sll_pkttype == PACKET_BROADCAST &&
			      !memcmp(from.sll_addr, a->mac, 6) &&
			      ntohs(from.sll_protocol) == PROTO,
		      "frame %d's address", n);
		got += r == len;
	}
	printf("%s -> %s: %d of %d frames\n", a->name, b->name, got, FRAMES);
}

static void errors(struct iface *a)
{
	unsigned char f[2000] = { 0 };

	errno = 0;
	CHECK(send(a->fd, f, 10, 0) < 0 && errno == EINVAL,
	      "a frame shorter than its header is EINVAL");
	errno = 0;
	CHECK(send(a->fd, f, 1515, 0) < 0 && errno == EMSGSIZE,
	      "a frame over the MTU is EMSGSIZE");
	errno = 0;
	CHECK(send(a->fd, (void *)8, 60, 0) < 0 && errno == EFAULT,
	      "a bad buffer is EFAULT");
	errno = 0;
	CHECK(recv(a->fd, f, sizeof(f), MSG_DONTWAIT) < 0 && errno == EAGAIN,
	      "nothing queued with MSG_DONTWAIT is EAGAIN");
	errno = 0;
	CHECK(send(0, f, 60, 0) < 0 && errno == ENOTSOCK,
	      "send on a non-socket is ENOTSOCK");
}

int main(void)
{
	struct iface a, b;

	if (open_iface(&a, "eth0") || open_iface(&b, "eth1")) {
		perror("interfaces");
		return 1;
	}
	exchange(&a, &b);
	exchange(&b, &a);
	errors(&a);
	printf("pktpair: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
