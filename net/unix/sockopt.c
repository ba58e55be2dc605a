// SPDX-License-Identifier: MIT
/*
 * AF_UNIX socket options, level SOL_SOCKET (socket(7)): SO_TYPE,
 * SO_ERROR, SO_SNDBUF/SO_RCVBUF (a set value is doubled for overhead
 * and clamped as Linux does), SO_PASSCRED, SO_PEERCRED, SO_ACCEPTCONN,
 * SO_DOMAIN, SO_PROTOCOL, SO_RCVTIMEO/SO_SNDTIMEO; SO_REUSEADDR and SO_KEEPALIVE are accepted
 * and mean nothing here.  Others: ENOPROTOOPT; other levels: EOPNOTSUPP.
 */
#include "af_unix.h"
#include <umka/errno.h>
#include <umka/sched.h>
#include <umka/string.h>

#define NSEC_PER_SEC 1000000000ULL
#define UNIX_RCVBUF_MIN 2304	/* Linux's SOCK_MIN_RCVBUF */
#define BUF_MAX UNIX_BUF_DEFAULT	/* net.core.[rw]mem_max */

/* struct timeval (and Linux's __kernel_sock_timeval: the same here). */
struct sock_timeval {
	s64 sec, usec;
};

static bool is_timeo(int name, bool *rcv)
{
	*rcv = name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW;
	return *rcv || name == SO_SNDTIMEO_OLD || name == SO_SNDTIMEO_NEW;
}

static u32 get_timeo(u64 ns, void *val)
{
	struct sock_timeval tv = { (s64)(ns / NSEC_PER_SEC),
				   (s64)(ns % NSEC_PER_SEC / 1000) };

	memcpy(val, &tv, sizeof(tv));
	return sizeof(tv);
}

/* 0 (both fields) waits forever; a negative time does not wait. */
static int set_timeo(u64 *ns, const void *val, u32 len)
{
	struct sock_timeval tv;

	if (len < sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -EDOM;
	if (tv.sec < 0)
		*ns = 1;
	else if ((u64)tv.sec >= ~0ULL / NSEC_PER_SEC / 2)
		*ns = 0;
	else
		*ns = (u64)tv.sec * NSEC_PER_SEC + (u64)tv.usec * 1000;
	return 0;
}

static int int_opt(struct unix_sock *u, int name, int *v)
{
	switch (name) {
	case SO_TYPE:
		*v = u->type;
		return 0;
	case SO_ERROR:
		*v = u->err;
		u->err = 0;
		return 0;
	case SO_SNDBUF:
		*v = (int)u->sndbuf;
		return 0;
	case SO_RCVBUF:
		*v = (int)u->rcvbuf;
		return 0;
	case SO_PASSCRED:
		*v = u->passcred;
		return 0;
	case SO_ACCEPTCONN:
		*v = u->state == UNIX_LISTENING;
		return 0;
	case SO_DOMAIN:
		*v = AF_UNIX;
		return 0;
	case SO_PROTOCOL:
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
		*v = 0;
		return 0;
	}
	return -ENOPROTOOPT;
}

int unix_getsockopt(struct file *f, int level, int name, void *val,
		    u32 *len)
{
	struct unix_sock *u = unix_sk(f);
	int v = 0, err;
	bool rcv;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (is_timeo(name, &rcv)) {
		u64 *t = rcv ? &u->rcvtimeo : &u->sndtimeo;

		*len = get_timeo(READ_ONCE(*t), val);
		return 0;
	}
	mutex_lock(&unix_lock);
	if (name == SO_PEERCRED) {
		/* Before any connection: pid 0 and ids -1, as Linux. */
		struct unix_cred c = { 0, (u32)-1, (u32)-1 };

		if (u->has_peercred)
			c = u->peercred;
		memcpy(val, &c, sizeof(c));
		*len = sizeof(c);
		unix_unlock();
		return 0;
	}
	err = int_opt(u, name, &v);
	unix_unlock();
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return err;
}

static u32 buf_size(int v, u32 min, bool force)
{
	u32 n = (u32)v;

	if (!force && n > BUF_MAX)
		n = BUF_MAX;
	if (n > (1U << 30))
		n = 1U << 30;
	return n * 2 > min ? n * 2 : min;
}

int unix_setsockopt(struct file *f, int level, int name, const void *val,
		    u32 len)
{
	struct unix_sock *u = unix_sk(f);
	int v, err = 0;
	bool rcv;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (is_timeo(name, &rcv)) {
		u64 ns;

		err = set_timeo(&ns, val, len);
		if (!err && rcv)
			WRITE_ONCE(u->rcvtimeo, ns);
		else if (!err)
			WRITE_ONCE(u->sndtimeo, ns);
		return err;
	}
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	if ((name == SO_SNDBUFFORCE || name == SO_RCVBUFFORCE) &&
	    current->cred.euid != 0)
		return -EPERM;		/* CAP_NET_ADMIN */
	mutex_lock(&unix_lock);
	switch (name) {
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		u->sndbuf = buf_size(v, UNIX_BUF_MIN, name == SO_SNDBUFFORCE);
		unix_wake(u);		/* writers may have room now */
		break;
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		u->rcvbuf = buf_size(v, UNIX_RCVBUF_MIN,
				     name == SO_RCVBUFFORCE);
		break;
	case SO_PASSCRED:
		u->passcred = v != 0;
		break;
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
		break;
	default:
		err = -ENOPROTOOPT;
	}
	unix_unlock();
	return err;
}
