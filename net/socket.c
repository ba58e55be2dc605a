// SPDX-License-Identifier: MIT
/*
 * The socket system calls.  Addresses, option values and msghdrs are
 * copied in and out here, so families see kernel buffers (and checked
 * user iovecs) only.  Families: AF_UNIX and AF_PACKET; the rest are
 * EAFNOSUPPORT until their stacks exist.  A call a family does not
 * implement is EOPNOTSUPP, as Linux's sock_no_* operations.
 *
 * Errors common to all:
 *   EBADF     not an open descriptor
 *   ENOTSOCK  a descriptor that is not a socket
 *   EFAULT    a bad address, length, msghdr, iovec or option pointer
 *   EINVAL    a negative or oversized address or option length, unknown
 *             SOCK_* or accept4 flags, over UIO_MAXIOV iovecs
 */
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/socket.h>
#include <umka/string.h>
#include <umka/syscall.h>
#include <umka/uaccess.h>
#include <uapi/fcntl.h>

#define SOCK_CLOEXEC O_CLOEXEC
#define SOCK_NONBLOCK O_NONBLOCK
#define UIO_MAXIOV 1024
#define MAX_RW_COUNT (0x7fffffffL & ~0xfffL)

bool file_is_socket(struct file *f)
{
	return packet_file_is(f) || unix_file_is(f);
}

static const struct sock_ops *ops_of(struct file *f)
{
	return ((struct socket *)f->private_data)->ops;
}

static struct file *sock_create(int family, int type, int protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;

	type &= SOCK_TYPE_MASK;
	if (family < 0 || family >= AF_MAX)
		return ERR_PTR(-EAFNOSUPPORT);
	if (type >= SOCK_MAX)
		return ERR_PTR(-EINVAL);
	if (family == AF_UNIX)
		return unix_create(type, protocol, flags & SOCK_NONBLOCK);
	if (family == AF_PACKET)
		return packet_create(type, protocol, flags & SOCK_NONBLOCK);
	return ERR_PTR(-EAFNOSUPPORT);
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct file *f;
	int fd;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	f = sock_create(family, type, protocol);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_new(f, flags & SOCK_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol,
		int __user *, usv)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct file *files[2];
	int err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if ((type & SOCK_TYPE_MASK) >= SOCK_MAX)
		return -EINVAL;
	if (family == AF_PACKET)
		return -EOPNOTSUPP;
	if (family != AF_UNIX)
		return -EAFNOSUPPORT;
	err = unix_socketpair(type & SOCK_TYPE_MASK, protocol,
			      flags & SOCK_NONBLOCK, files);
	if (err)
		return err;
	return fd_install_pair(files, flags & SOCK_CLOEXEC, usv);
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

/* Linux copies what fits and reports the full size. */
static int addr_out(const void *kaddr, u32 klen, void __user *uaddr,
		    int __user *ulen)
{
	int room;

	if (get_user(room, ulen))
		return -EFAULT;
	if (room < 0)
		return -EINVAL;
	if (copy_to_user(uaddr, kaddr, klen < (u32)room ? klen : (u32)room) ||
	    put_user((int)klen, ulen))
		return -EFAULT;
	return 0;
}

typedef int (*addr_op)(struct file *f, const void *addr, u32 len);

static long sock_addr_call(int fd, const void __user *uaddr, int len,
			   size_t op_off)
{
	u8 addr[SOCKADDR_MAX];
	struct file *f = sock_get(fd);
	addr_op op;
	long ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	op = *(const addr_op *)((const char *)ops_of(f) + op_off);
	ret = addr_in(addr, uaddr, len);
	if (!ret)
		ret = op ? op(f, addr, (u32)len) : -EOPNOTSUPP;
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(bind, int, fd, const void __user *, uaddr, int, len)
{
	return sock_addr_call(fd, uaddr, len, offsetof(struct sock_ops, bind));
}

SYSCALL_DEFINE3(connect, int, fd, const void __user *, uaddr, int, len)
{
	return sock_addr_call(fd, uaddr, len,
			      offsetof(struct sock_ops, connect));
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct file *f = sock_get(fd);
	long ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = ops_of(f)->listen ? ops_of(f)->listen(f, backlog) : -EOPNOTSUPP;
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(accept4, int, fd, void __user *, uaddr, int __user *, ulen,
		int, flags)
{
	u8 addr[SOCKADDR_MAX];
	u32 alen = 0;
	struct file *f, *nf;
	int nfd;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	f = sock_get(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	nf = ops_of(f)->accept ? ops_of(f)->accept(f, flags & SOCK_NONBLOCK,
						  addr, &alen) :
				 ERR_PTR(-EOPNOTSUPP);
	fput(f);
	if (IS_ERR(nf))
		return PTR_ERR(nf);
	if (uaddr && ulen) {
		int err = addr_out(addr, alen, uaddr, ulen);

		if (err) {
			fput(nf);
			return err;
		}
	}
	nfd = fd_install_new(nf, flags & SOCK_CLOEXEC);
	if (nfd < 0)
		fput(nf);
	return nfd;
}

SYSCALL_DEFINE3(accept, int, fd, void __user *, uaddr, int __user *, ulen)
{
	return __do_sys_accept4(fd, uaddr, ulen, 0);
}

static long sock_name(int fd, void __user *uaddr, int __user *ulen, bool peer)
{
	u8 addr[SOCKADDR_MAX];
	struct file *f = sock_get(fd);
	u32 alen = 0;
	long ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = ops_of(f)->getname ? ops_of(f)->getname(f, addr, &alen, peer) :
				   -EOPNOTSUPP;
	fput(f);
	return ret ? ret : addr_out(addr, alen, uaddr, ulen);
}

SYSCALL_DEFINE3(getsockname, int, fd, void __user *, uaddr, int __user *,
		ulen)
{
	return sock_name(fd, uaddr, ulen, false);
}

SYSCALL_DEFINE3(getpeername, int, fd, void __user *, uaddr, int __user *,
		ulen)
{
	return sock_name(fd, uaddr, ulen, true);
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct file *f = sock_get(fd);
	long ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = ops_of(f)->shutdown ? ops_of(f)->shutdown(f, how) : -EOPNOTSUPP;
	fput(f);
	return ret;
}

/* Check user iovecs into @it, which then owns the copied array. */
static int iter_in(struct msg_iter *it, const struct iovec __user *uvec,
		   size_t nr)
{
	size_t total = 0;

	it->iov = NULL;
	it->nr = nr;
	it->left = 0;
	it->kernel = false;
	if (nr > UIO_MAXIOV)
		return -EMSGSIZE;
	if (!nr)
		return 0;
	it->iov = kmalloc(nr * sizeof(*it->iov));
	if (!it->iov)
		return -ENOMEM;
	if (copy_from_user(it->iov, uvec, nr * sizeof(*it->iov)))
		return -EFAULT;
	for (size_t i = 0; i < nr; i++) {
		if ((ssize_t)it->iov[i].iov_len < 0)
			return -EINVAL;
		if (it->iov[i].iov_len > (size_t)MAX_RW_COUNT - total)
			it->iov[i].iov_len = (size_t)MAX_RW_COUNT - total;
		if (!access_ok(it->iov[i].iov_base, it->iov[i].iov_len))
			return -EFAULT;
		total += it->iov[i].iov_len;
	}
	it->left = total;
	return 0;
}

/* A family's sendmsg with one buffer, or its sendto. */
static long send_one(struct file *f, const void __user *buf, size_t len,
		     int flags, void *addr, u32 alen)
{
	struct iovec iov = { (void __user *)buf, len };
	struct kmsghdr m = { .iter = { &iov, 1, len, false } };

	if (!ops_of(f)->sendmsg)
		return ops_of(f)->sendto(f, buf, len, flags, addr, alen);
	if (len > (size_t)MAX_RW_COUNT)
		iov.iov_len = m.iter.left = (size_t)MAX_RW_COUNT;
	if (!access_ok(buf, iov.iov_len))
		return -EFAULT;
	m.name = addr;
	m.namelen = alen;
	return ops_of(f)->sendmsg(f, &m, flags);
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
		ret = send_one(f, buf, len, flags, uaddr ? addr : NULL,
			       uaddr ? (u32)addr_len : 0);
	fput(f);
	return ret;
}

static long recv_one(struct file *f, void __user *buf, size_t len, int flags,
		     void *addr, u32 *alen)
{
	struct iovec iov = { buf, len };
	struct kmsghdr m = { .iter = { &iov, 1, len, false } };
	long ret;

	if (!ops_of(f)->recvmsg)
		return ops_of(f)->recvfrom(f, buf, len, flags, addr, alen);
	if (len > (size_t)MAX_RW_COUNT)
		iov.iov_len = m.iter.left = (size_t)MAX_RW_COUNT;
	if (!access_ok(buf, iov.iov_len))
		return -EFAULT;
	m.name = addr;
	ret = ops_of(f)->recvmsg(f, &m, flags);
	*alen = m.namelen;
	return ret;
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, buf, size_t, len, int,
		flags, void __user *, uaddr, int __user *, uaddr_len)
{
	u8 addr[SOCKADDR_MAX];
	struct file *f = sock_get(fd);
	u32 alen = 0;
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
	ret = recv_one(f, buf, len, flags, uaddr ? addr : NULL, &alen);
	fput(f);
	if (ret < 0 || !uaddr)
		return ret;
	return addr_out(addr, alen, uaddr, uaddr_len) ? -EFAULT : ret;
}

/* Copy in a msghdr: its iovecs into @m, the address into @addr. */
static int msg_in(struct kmsghdr *m, struct user_msghdr *um,
		  const struct user_msghdr __user *umsg, u8 *addr, bool send)
{
	int err;

	memset(m, 0, sizeof(*m));
	if (copy_from_user(um, umsg, sizeof(*um)))
		return -EFAULT;
	err = iter_in(&m->iter, um->msg_iov, um->msg_iovlen);
	if (err)
		return err;
	if (um->msg_name && send) {
		err = addr_in(addr, um->msg_name, um->msg_namelen);
		m->name = addr;
		m->namelen = (u32)um->msg_namelen;
	} else if (um->msg_name) {
		if (um->msg_namelen < 0)
			return -EINVAL;
		m->name = addr;
	}
	if (um->msg_controllen > (size_t)0x7fffffff)
		return -ENOBUFS;
	m->control = um->msg_control;
	m->controllen = um->msg_controllen;
	return err;
}

static long sock_msg(int fd, struct user_msghdr __user *umsg, int flags,
		     bool send)
{
	u8 addr[SOCKADDR_MAX];
	struct user_msghdr um;
	struct kmsghdr m;
	struct file *f = sock_get(fd);
	struct iovec *vec;
	long ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = msg_in(&m, &um, umsg, addr, send);
	vec = m.iter.iov;	/* the family's copies move it on */
	if (!ret && !(send ? ops_of(f)->sendmsg : ops_of(f)->recvmsg))
		ret = -EOPNOTSUPP;
	if (!ret && send)
		ret = ops_of(f)->sendmsg(f, &m, flags);
	else if (!ret)
		ret = ops_of(f)->recvmsg(f, &m, flags);
	fput(f);
	kfree(vec);
	if (ret < 0 || send)
		return ret;
	/* What recvmsg reports back: name length, control used, flags. */
	if (um.msg_name &&
	    (copy_to_user(um.msg_name, addr,
			  min((u32)um.msg_namelen, m.namelen)) ||
	     put_user((int)m.namelen, &umsg->msg_namelen)))
		return -EFAULT;
	if (put_user(m.controllen, &umsg->msg_controllen) ||
	    put_user((unsigned int)m.flags, &umsg->msg_flags))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE3(sendmsg, int, fd, struct user_msghdr __user *, umsg, int,
		flags)
{
	return sock_msg(fd, umsg, flags, true);
}

SYSCALL_DEFINE3(recvmsg, int, fd, struct user_msghdr __user *, umsg, int,
		flags)
{
	return sock_msg(fd, umsg, flags, false);
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name,
		void __user *, uval, int __user *, ulen)
{
	u8 val[SOCKOPT_MAX];
	struct file *f;
	u32 klen = 0;
	int room;
	long ret;

	if (get_user(room, ulen))
		return -EFAULT;
	if (room < 0)
		return -EINVAL;
	f = sock_get(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = ops_of(f)->getsockopt ?
		      ops_of(f)->getsockopt(f, level, name, val, &klen) :
		      (level == SOL_SOCKET ? -ENOPROTOOPT : -EOPNOTSUPP);
	fput(f);
	if (ret)
		return ret;
	/* A short buffer gets the first bytes, and the length it got. */
	if ((u32)room < klen)
		klen = (u32)room;
	if (copy_to_user(uval, val, klen) || put_user((int)klen, ulen))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name,
		const void __user *, uval, int, len)
{
	u8 val[SOCKOPT_MAX] = { 0 };
	struct file *f;
	long ret;

	if (len < 0)
		return -EINVAL;
	f = sock_get(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	if (copy_from_user(val, uval, min((size_t)len, sizeof(val))))
		ret = -EFAULT;
	else if (!ops_of(f)->setsockopt)
		ret = level == SOL_SOCKET ? -ENOPROTOOPT : -EOPNOTSUPP;
	else
		ret = ops_of(f)->setsockopt(f, level, name, val,
					    min((u32)len, (u32)sizeof(val)));
	fput(f);
	return ret;
}
