// SPDX-License-Identifier: MIT
/*
 * AF_UNIX ancillary data (unix(7), cmsg(3)).
 *
 * Sending: SCM_RIGHTS takes references to the files behind the
 * descriptors (at most 253 a message, as Linux's SCM_MAX_FD);
 * SCM_CREDENTIALS must name the sender's own pid and ids unless root.
 * Receiving: the descriptors are installed in the receiver, as many as
 * the control buffer holds; the rest are closed and MSG_CTRUNC is set.
 * With SO_PASSCRED the sender's pid, uid and gid come first.
 *
 * Errors: EINVAL (a bad cmsg_len, an unknown type, too many
 * descriptors), EBADF (a descriptor not open), EPERM (credentials not
 * ours), ENOBUFS (a control buffer over Linux's optmem_max).
 */
#include "af_unix.h"
#include <umka/errno.h>
#include <umka/fdtable.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <uapi/fcntl.h>

#define OPTMEM_MAX 20480

void unix_fds_put(struct unix_fds *fds)
{
	if (!fds)
		return;
	for (unsigned int i = 0; i < fds->nr; i++)
		fput(fds->files[i]);
	kfree(fds);
}

struct unix_fds *unix_fds_dup(const struct unix_fds *fds)
{
	struct unix_fds *d = kmalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->nr = fds->nr;
	for (unsigned int i = 0; i < fds->nr; i++)
		d->files[i] = get_file(fds->files[i]);
	return d;
}

static int add_rights(struct unix_scm *scm, const struct cmsghdr *c)
{
	const int *fd = (const int *)(c + 1);
	size_t n = (c->cmsg_len - sizeof(*c)) / sizeof(int);

	if (!n)
		return 0;
	if (!scm->fds) {
		scm->fds = kzalloc(sizeof(*scm->fds));
		if (!scm->fds)
			return -ENOMEM;
	}
	if (scm->fds->nr + n > UNIX_SCM_MAX_FD)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		struct file *f = fget_raw(fd[i]);

		if (!f)
			return -EBADF;
		scm->fds->files[scm->fds->nr++] = f;
	}
	return 0;
}

/* Only root may claim another process's pid or ids. */
static int check_creds(struct unix_scm *scm, const struct cmsghdr *c)
{
	const struct cred *me = &current->cred;
	struct unix_cred uc;

	if (c->cmsg_len != CMSG_LEN(sizeof(uc)))
		return -EINVAL;
	memcpy(&uc, c + 1, sizeof(uc));
	if (me->euid != 0 &&
	    (uc.pid != current->tgid ||
	     (uc.uid != me->uid && uc.uid != me->euid && uc.uid != me->suid) ||
	     (uc.gid != me->gid && uc.gid != me->egid && uc.gid != me->sgid)))
		return -EPERM;
	scm->cred = uc;
	scm->has_cred = true;
	return 0;
}

static int parse_one(struct unix_scm *scm, const struct cmsghdr *c)
{
	if (c->cmsg_level != SOL_SOCKET)
		return 0;		/* other levels mean nothing here */
	if (c->cmsg_type == SCM_RIGHTS)
		return add_rights(scm, c);
	if (c->cmsg_type == SCM_CREDENTIALS)
		return check_creds(scm, c);
	return -EINVAL;
}

int unix_scm_parse(struct kmsghdr *m, struct unix_scm *scm)
{
	size_t off = 0, len = m->controllen;
	u8 *buf;
	int err = 0;

	memset(scm, 0, sizeof(*scm));
	if (!m->control || len < sizeof(struct cmsghdr))
		return 0;
	if (len > OPTMEM_MAX)
		return -ENOBUFS;
	buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, m->control, len))
		err = -EFAULT;
	while (!err && len - off >= sizeof(struct cmsghdr)) {
		const struct cmsghdr *c = (const void *)(buf + off);

		if (c->cmsg_len < sizeof(*c) || c->cmsg_len > len - off) {
			err = -EINVAL;
			break;
		}
		err = parse_one(scm, c);
		off += CMSG_ALIGN(c->cmsg_len);
	}
	kfree(buf);
	if (err) {
		unix_fds_put(scm->fds);
		scm->fds = NULL;
	}
	return err;
}

/* Append one control message, cut short (MSG_CTRUNC) if it does not fit. */
static void put_cmsg(struct kmsghdr *m, u8 *buf, size_t *used, int type,
		     const void *data, size_t len)
{
	size_t room = m->controllen - *used;
	struct cmsghdr c = { CMSG_LEN(len), SOL_SOCKET, type };
	size_t n = CMSG_LEN(len);

	if (room < sizeof(c)) {
		m->flags |= MSG_CTRUNC;
		return;
	}
	if (room < n) {
		m->flags |= MSG_CTRUNC;
		n = c.cmsg_len = room;
	}
	memcpy(buf + *used, &c, sizeof(c));
	memcpy(buf + *used + sizeof(c), data, n - sizeof(c));
	*used += min(CMSG_SPACE(len), room);
}

/* Install what fits of @fds as descriptors; close the rest. */
static void put_fds(struct kmsghdr *m, int flags, u8 *buf, size_t *used,
		    struct unix_fds *fds)
{
	size_t room = m->controllen - *used;
	size_t max = room > sizeof(struct cmsghdr) ?
			     (room - sizeof(struct cmsghdr)) / sizeof(int) : 0;
	int cloexec = (flags & MSG_CMSG_CLOEXEC) ? O_CLOEXEC : 0;
	int fd[UNIX_SCM_MAX_FD];
	unsigned int i;

	for (i = 0; i < fds->nr && i < max; i++) {
		fd[i] = fd_install_new(fds->files[i], cloexec);
		if (fd[i] < 0)
			break;
		fds->files[i] = NULL;	/* the table holds it now */
	}
	if (i < fds->nr)
		m->flags |= MSG_CTRUNC;
	if (i)
		put_cmsg(m, buf, used, SCM_RIGHTS, fd, i * sizeof(int));
	for (unsigned int j = i; j < fds->nr; j++)
		fput(fds->files[j]);
	fds->nr = 0;
	kfree(fds);
}

/* After a receive: credentials and descriptors to the control buffer. */
void unix_scm_deliver(struct kmsghdr *m, int flags, struct unix_fds *fds,
		      const struct unix_cred *cred)
{
	size_t used = 0, size = CMSG_SPACE(sizeof(*cred)) +
				CMSG_SPACE(UNIX_SCM_MAX_FD * sizeof(int));
	u8 *buf;

	if (!m->control) {
		m->controllen = 0;
		if (fds)
			m->flags |= MSG_CTRUNC;
		unix_fds_put(fds);
		return;
	}
	if (m->controllen > size)
		m->controllen = size;	/* all we can ever write */
	buf = kmalloc(size);
	if (!buf) {
		unix_fds_put(fds);
		m->controllen = 0;
		return;
	}
	if (cred)
		put_cmsg(m, buf, &used, SCM_CREDENTIALS, cred, sizeof(*cred));
	if (fds)
		put_fds(m, flags, buf, &used, fds);
	if (used && copy_to_user(m->control, buf, used))
		used = 0;	/* as Linux: the data stands, the cmsgs are lost */
	m->controllen = used;
	kfree(buf);
}
