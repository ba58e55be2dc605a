// SPDX-License-Identifier: MIT
/*
 * AF_UNIX names: bind, autobind, finding the socket behind a name, and
 * getsockname/getpeername.
 *
 * A filesystem name is an S_IFSOCK inode made as mknod would (the
 * parent must be writable, the umask applies); the socket keeps a
 * reference to it, and connect finds the socket by inode.  An abstract
 * name (sun_path[0] == 0) is the bytes of the address, in a table only.
 * Either way the bound sockets sit on unix_names.
 *
 * Errors:
 *   EINVAL      a bad length or family, or binding a bound socket
 *   EADDRINUSE  the name exists (a file of any kind, or an abstract name)
 *   ENOENT, EACCES, ENOTDIR...: from the path walk and mknod
 *   ECONNREFUSED  (find) no socket bound there, or not a socket inode
 *   EPROTOTYPE  (find) the socket at a path is of another type (an
 *               abstract name of another type is just not found)
 */
#include "af_unix.h"
#include <umka/err.h>
#include <umka/errno.h>
#include <umka/namei.h>
#include <umka/sched.h>
#include <umka/slab.h>
#include <umka/stat.h>
#include <umka/string.h>
#include <uapi/fcntl.h>

#define SUN_PATH 2		/* offsetof(struct sockaddr_un, sun_path) */

static LIST_HEAD(unix_names);
static unsigned int autobind_next;

struct unix_address *unix_addr_get(struct unix_address *a)
{
	if (a)
		__atomic_add_fetch(&a->refs, 1, __ATOMIC_RELAXED);
	return a;
}

void unix_addr_put(struct unix_address *a)
{
	if (a && !__atomic_sub_fetch(&a->refs, 1, __ATOMIC_ACQ_REL))
		kfree(a);
}

static struct unix_address *addr_new(const void *sun, u32 len)
{
	struct unix_address *a = kzalloc(sizeof(*a));

	if (!a)
		return NULL;
	a->refs = 1;
	a->len = len;
	memcpy(a->sun, sun, len);
	return a;
}

int unix_check_addr(const void *addr, u32 len)
{
	if (len <= SUN_PATH || len > UNIX_ADDR_MAX)
		return -EINVAL;
	return *(const u16 *)addr == AF_UNIX ? 0 : -EINVAL;
}

static bool is_abstract(const void *addr)
{
	return ((const u8 *)addr)[SUN_PATH] == 0;
}

/*
 * A path address as Linux keeps it: cut at the first NUL (or at @len),
 * NUL-terminated, its length counting that NUL.
 */
static u32 path_addr(const void *addr, u32 len, u8 out[UNIX_ADDR_MAX + 1])
{
	memset(out, 0, UNIX_ADDR_MAX + 1);
	memcpy(out, addr, len);
	return SUN_PATH + (u32)strlen((char *)out + SUN_PATH) + 1;
}

/* Abstract names are per type, as on Linux: each type has its own. */
static struct unix_sock *find_abstract(const void *sun, u32 len, int type)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_names, bound)
		if (!u->path.dentry && u->type == type && u->addr->len == len &&
		    !memcmp(u->addr->sun, sun, len))
			return u;
	return NULL;
}

static struct unix_sock *find_inode(struct inode *inode)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_names, bound)
		if (u->path.dentry && u->path.dentry->d_inode == inode)
			return u;
	return NULL;
}

/* Under unix_lock: give @u the name @a (and @path), unless it has one. */
static int set_name(struct unix_sock *u, struct unix_address *a,
		    const struct path *path)
{
	if (u->addr)
		return -EINVAL;
	u->addr = a;
	if (path)
		u->path = *path;
	list_add_tail(&u->bound, &unix_names);
	return 0;
}

/* bind with just the family: a unique abstract name of 5 hex digits. */
static int autobind(struct unix_sock *u)
{
	static const char hex[] = "0123456789abcdef";
	u8 sun[8] = { AF_UNIX, 0, 0 };
	struct unix_address *a;
	int err = 0;

	mutex_lock(&unix_lock);
	if (u->addr)
		goto out;
	do {
		unsigned int n = autobind_next++ & 0xfffff;

		for (int i = 0; i < 5; i++)
			sun[3 + i] = (u8)hex[(n >> (16 - 4 * i)) & 0xf];
	} while (find_abstract(sun, sizeof(sun), u->type));
	a = addr_new(sun, sizeof(sun));
	err = a ? set_name(u, a, NULL) : -ENOMEM;
out:
	mutex_unlock(&unix_lock);
	return err;
}

static int bind_abstract(struct unix_sock *u, const void *addr, u32 len)
{
	struct unix_address *a = addr_new(addr, len);
	int err;

	if (!a)
		return -ENOMEM;
	mutex_lock(&unix_lock);
	err = find_abstract(addr, len, u->type) ? -EADDRINUSE :
						 set_name(u, a, NULL);
	mutex_unlock(&unix_lock);
	if (err)
		kfree(a);
	return err;
}

static int bind_path(struct unix_sock *u, const void *addr, u32 len)
{
	u8 sun[UNIX_ADDR_MAX + 1];
	const char *name = (char *)sun + SUN_PATH;
	struct unix_address *a;
	struct path path;
	int err;

	len = path_addr(addr, len, sun);
	/* The name comes first, as on Linux: a taken one is EADDRINUSE. */
	err = do_mknodat(AT_FDCWD, name, S_IFSOCK | 0777, 0);
	if (err)
		return err == -EEXIST ? -EADDRINUSE : err;
	err = kern_path_at(AT_FDCWD, name, 0, &path);
	if (err)
		return err;
	a = addr_new(sun, len);
	if (!a) {
		path_put(&path);
		return -ENOMEM;
	}
	mutex_lock(&unix_lock);
	err = set_name(u, a, &path);
	mutex_unlock(&unix_lock);
	if (err) {		/* already bound: undo the name */
		path_put(&path);
		kfree(a);
		do_unlinkat(AT_FDCWD, name);
	}
	return err;
}

int unix_bind(struct file *f, const void *addr, u32 len)
{
	struct unix_sock *u = unix_sk(f);
	int err;

	if (len == SUN_PATH && *(const u16 *)addr == AF_UNIX)
		return autobind(u);
	err = unix_check_addr(addr, len);
	if (err)
		return err;
	if (is_abstract(addr))
		return bind_abstract(u, addr, len);
	return bind_path(u, addr, len);
}

static struct unix_sock *find_path(const void *addr, u32 len)
{
	u8 sun[UNIX_ADDR_MAX + 1];
	struct unix_sock *u;
	struct path path;
	int err;

	path_addr(addr, len, sun);
	err = kern_path_at(AT_FDCWD, (char *)sun + SUN_PATH, LOOKUP_FOLLOW,
			   &path);
	if (err)
		return ERR_PTR(err);
	err = inode_permission(path.dentry->d_inode, MAY_WRITE);
	if (!err && !S_ISSOCK(path.dentry->d_inode->i_mode))
		err = -ECONNREFUSED;
	u = NULL;
	if (!err) {
		mutex_lock(&unix_lock);
		u = find_inode(path.dentry->d_inode);
		if (u)
			unix_sock_get(u);
		mutex_unlock(&unix_lock);
	}
	path_put(&path);
	if (err)
		return ERR_PTR(err);
	return u ? u : ERR_PTR(-ECONNREFUSED);
}

/* The socket bound at @addr, with a reference. */
struct unix_sock *unix_find(const void *addr, u32 len, int type)
{
	struct unix_sock *u;
	int err = unix_check_addr(addr, len);

	if (err)
		return ERR_PTR(err);
	if (is_abstract(addr)) {
		mutex_lock(&unix_lock);
		u = find_abstract(addr, len, type);
		if (u)
			unix_sock_get(u);
		mutex_unlock(&unix_lock);
		if (!u)
			return ERR_PTR(-ECONNREFUSED);
	} else {
		u = find_path(addr, len);
		if (IS_ERR(u))
			return u;
	}
	if (u->type != type) {
		unix_sock_put(u);
		return ERR_PTR(-EPROTOTYPE);
	}
	return u;
}

/* An unnamed socket's address is just the family: length 2. */
void unix_copy_addr(struct unix_address *a, void *addr, u32 *len)
{
	if (!a) {
		*(u16 *)addr = AF_UNIX;
		*len = SUN_PATH;
		return;
	}
	memcpy(addr, a->sun, a->len);
	*len = a->len;
}

int unix_getname(struct file *f, void *addr, u32 *len, bool peer)
{
	struct unix_sock *u = unix_sk(f);
	int err = 0;

	mutex_lock(&unix_lock);
	if (!peer)
		unix_copy_addr(u->addr, addr, len);
	else if (!u->peer)
		err = -ENOTCONN;
	else
		unix_copy_addr(u->peer->addr, addr, len);
	mutex_unlock(&unix_lock);
	return err;
}

/* Under unix_lock: forget @u's name so nobody finds it any more. */
void unix_unbind(struct unix_sock *u)
{
	list_del(&u->bound);
}
