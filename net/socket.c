// SPDX-License-Identifier: MIT
/*
 * The socket system calls.  Addresses are copied in and out here, so
 * families see kernel buffers only.  Families: AF_PACKET; the rest are
 * EAFNOSUPPORT until their stacks exist.
 */
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/fdtable.h>
#include <umka/socket.h>
#include <umka/syscall.h>
#include <umka/uaccess.h>
#include <uapi/fcntl.h>

#define SOCK_CLOEXEC O_CLOEXEC
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCKADDR_MAX 128

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct file *f;
	int fd;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	if (family != AF_PACKET)
		return -EAFNOSUPPORT;
	f = packet_create(type & SOCK_TYPE_MASK, protocol, flags & SOCK_NONBLOCK);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_new(f, flags & SOCK_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

/* The socket behind fd, with a reference, or an error pointer. */
static struct file *sock_get(int fd)
{
	struct file *f = fget(fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (!file_is_socket(f)) {
		fput(f);
		return ERR_PTR(-ENOTSOCK);
	}
	return f;
}

static int addr_in(void *kaddr, const void __user *uaddr, int len)
{
	if (len < 0 || len > SOCKADDR_MAX)
		return -EINVAL;
	return copy_from_user(kaddr, uaddr, (size_t)len) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(bind, int, fd, const void __user *, uaddr, int, len)
{
	u8 addr[SOCKADDR_MAX];
	struct file *f = sock_get(fd);
	long ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = addr_in(addr, uaddr, len);
	if (!ret)
		ret = ((struct socket *)f->private_data)->ops->bind(f, addr,
								   (u32)len);
	fput(f);
	return ret;
}

SYSCALL_DEFINE6(sendto, int, fd, const void __user *, buf, size_t, len, int,
		flags, const void __user *, uaddr, int, addr_len)
{
	u8 addr[SOCKADDR_MAX];
	struct file *f = sock_get(fd);
	long ret = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (uaddr)
		ret = addr_in(addr, uaddr, addr_len);
	if (!ret)
		ret = ((struct socket *)f->private_data)->ops->sendto(
			f, buf, len, flags, uaddr ? addr : NULL, (u32)addr_len);
	fput(f);
	return ret;
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, buf, size_t, len, int,
		flags, void __user *, uaddr, int __user *, uaddr_len)
{
	u8 addr[SOCKADDR_MAX];
	struct file *f = sock_get(fd);
	u32 alen = sizeof(addr);
	int room = 0;
	long ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (uaddr && get_user(room, uaddr_len)) {
		fput(f);
		return -EFAULT;
	}
	if (uaddr && room < 0) {
		fput(f);
		return -EINVAL;
	}
	ret = ((struct socket *)f->private_data)->ops->recvfrom(
		f, buf, len, flags, uaddr ? addr : NULL, &alen);
	fput(f);
	if (ret < 0 || !uaddr)
		return ret;
	/* Linux copies what fits and reports the full size. */
	if (copy_to_user(uaddr, addr, alen < (u32)room ? alen : (u32)room) ||
	    put_user((int)alen, uaddr_len))
		return -EFAULT;
	return ret;
}
