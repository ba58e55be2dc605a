// SPDX-License-Identifier: MIT
/*
 * The dentry cache: the tree of names.  For in-memory filesystems it is
 * the only copy of the directory structure, so a linked dentry holds a
 * reference that keeps it (and its inode) alive until it is unlinked.
 * Children are kept in creation order, each with a cookie that never
 * changes, which makes readdir positions stable while entries come and
 * go.  Lookups scan the parent's list; directories here stay small.
 */
#include <umka/fs.h>
#include <umka/fsnotify.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/path.h>

DEFINE_MUTEX(vfs_ns_lock, LOCK_LEVEL_VFS_NS);

/* First cookie of a child: 0 and 1 are "." and "..". */
#define FIRST_COOKIE 2

char *d_name_dup(const char *name, size_t len)
{
	char *n = kmalloc(len + 1);

	if (n) {
		memcpy(n, name, len);
		n[len] = 0;
	}
	return n;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->d_name = d_name_dup(name, len);
	if (!d->d_name) {
		kfree(d);
		return NULL;
	}
	d->d_len = len;
	d->d_count = 1;
	list_init(&d->d_child);
	list_init(&d->d_subdirs);
	d->d_next_cookie = FIRST_COOKIE;
	d->d_unhashed = true;
	if (parent) {
		d->d_parent = dget(parent);
		d->d_sb = parent->d_sb;
	} else {
		d->d_parent = d;
	}
	return d;
}

struct dentry *d_alloc_root(struct super_block *sb)
{
	struct dentry *d = d_alloc(NULL, "/", 1);

	if (d) {
		d->d_sb = sb;
		d->d_unhashed = false;
	}
	return d;
}

struct dentry *dget(struct dentry *d)
{
	__atomic_add_fetch(&d->d_count, 1, __ATOMIC_RELAXED);
	return d;
}

void dput(struct dentry *d)
{
	while (d) {
		struct dentry *parent;

		if (__atomic_sub_fetch(&d->d_count, 1, __ATOMIC_ACQ_REL))
			return;
		/* Unreferenced means unlinked: nothing can find it now. */
		parent = d->d_parent == d ? NULL : d->d_parent;
		/* The last name of an inode without links: its end. */
		if (d->d_inode && !d->d_inode->i_nlink)
			fsnotify_inoderemove(d->d_inode);
		iput(d->d_inode);
		kfree(d->d_name);
		kfree(d);
		d = parent;
	}
}

struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (d->d_len == len && !memcmp(d->d_name, name, len))
			return d;
	return NULL;
}

void d_instantiate(struct dentry *d, struct inode *inode)
{
	d->d_inode = inode;
}

/* The tree's reference: dropped again by d_delete(). */
void d_add(struct dentry *d)
{
	struct dentry *parent = d->d_parent;

	dget(d);
	d->d_cookie = parent->d_next_cookie++;
	list_add_tail(&d->d_child, &parent->d_subdirs);
	d->d_unhashed = false;
	fsnotify_d_instantiate(d);
}

void d_delete(struct dentry *d)
{
	list_del(&d->d_child);
	list_init(&d->d_child);
	d->d_unhashed = true;
	dput(d);
}

/* @name comes from d_name_dup(), so a move cannot fail half-way. */
void d_move(struct dentry *d, struct dentry *new_parent, char *n, size_t len)
{
	struct dentry *old_parent = d->d_parent;
	char *old_name = d->d_name;
	/* inotify reads the name and parent of such dentries unlocked. */
	bool watched = d->d_notify_parent;
	unsigned long flags = watched ? fsnotify_name_lock() : 0;

	d->d_name = n;
	d->d_len = len;
	list_del(&d->d_child);
	d->d_parent = dget(new_parent);
	d->d_cookie = new_parent->d_next_cookie++;
	list_add_tail(&d->d_child, &new_parent->d_subdirs);
	fsnotify_d_instantiate(d);
	if (watched)
		fsnotify_name_unlock(flags);
	kfree(old_name);
	dput(old_parent);
}

bool d_is_ancestor(struct dentry *ancestor, struct dentry *d)
{
	for (;;) {
		if (d == ancestor)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

bool d_dir_empty(struct dentry *dir)
{
	return list_empty(&dir->d_subdirs);
}

/*
 * Synthetic filesystems (procfs) drop a cached name whose object went
 * away.  Children pin their parent, so unlink depth-first; whoever still
 * holds a reference (an open file, a cwd) keeps an unhashed dentry whose
 * inode has no links, which readdir and lookups then refuse.
 */
void d_prune(struct dentry *d)
{
	while (!list_empty(&d->d_subdirs))
		d_prune(list_first_entry(&d->d_subdirs, struct dentry,
					 d_child));
	if (d->d_inode)
		d->d_inode->i_nlink = 0;
	d_delete(d);
}

const char *vfs_get_link(struct inode *inode, char **tofree)
{
	char *buf;
	int len;

	*tofree = NULL;
	if (inode->i_op->get_link)
		return inode->i_op->get_link(inode);
	if (!inode->i_op->get_link_dyn)
		return NULL;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	len = inode->i_op->get_link_dyn(inode, buf, PATH_MAX);
	if (len < 0) {
		kfree(buf);
		return ERR_PTR(len);
	}
	*tofree = buf;
	return buf;
}
