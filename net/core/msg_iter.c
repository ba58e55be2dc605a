// SPDX-License-Identifier: MIT
/* Copies between a message's iovecs and a kernel buffer. */
#include <umka/errno.h>
#include <umka/socket.h>
#include <umka/string.h>

/* The next non-empty segment, or NULL when the message is done. */
static struct iovec *seg(struct msg_iter *it)
{
	while (it->nr && !it->iov->iov_len) {
		it->iov++;
		it->nr--;
	}
	return it->nr ? it->iov : NULL;
}

static int iter_copy(struct msg_iter *it, void *kbuf, size_t n, bool out)
{
	u8 *p = kbuf;
	struct iovec *v;

	while (n && (v = seg(it))) {
		size_t c = n < v->iov_len ? n : v->iov_len;

		if (it->kernel && out)
			memcpy((void *)v->iov_base, p, c);
		else if (it->kernel)
			memcpy(p, (void *)v->iov_base, c);
		else if (out ? copy_to_user(v->iov_base, p, c) :
			       copy_from_user(p, v->iov_base, c))
			return -EFAULT;
		v->iov_base = (u8 __user *)v->iov_base + c;
		v->iov_len -= c;
		it->left -= c;
		p += c;
		n -= c;
	}
	return 0;
}

int msg_iter_copy_out(struct msg_iter *it, const void *src, size_t n)
{
	return iter_copy(it, (void *)src, n, true);
}

int msg_iter_copy_in(void *dst, struct msg_iter *it, size_t n)
{
	return iter_copy(it, dst, n, false);
}
