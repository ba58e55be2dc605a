// SPDX-License-Identifier: MIT
/*
 * Directories of named kernel objects (struct proc_named_ops): umkafs's
 * drivers/ and devices/.  Nothing is cached about an object but its
 * name: a lookup asks the owning subsystem whether the name exists, a
 * cached dentry is dropped as soon as it no longer does, and the files
 * below look the object up again when they are opened.  A listing is
 * taken once, when the directory is opened, because the subsystems'
 * lists may only be walked with no VFS lock held; getdents then reads
 * that snapshot at any offset.
 */
#include "internal.h"
#include <umka/slab.h>
#include <umka/string.h>
#include <uapi/dirent.h>

/* The names of a listing, NUL-terminated and back to back. */
struct named_list {
	unsigned int n;
	size_t len, size;
	char *names;
};

static int proc_named_lookup(struct inode *dir, struct dentry *d)
{
	struct proc_inode pi = *PROC_I(dir);
	const struct proc_entry *row;

	if (d->d_len >= sizeof(pi.name))
		return 0;	/* no object has such a name: negative */
	memcpy(pi.name, d->d_name, d->d_len);
	pi.name[d->d_len] = '\0';
	row = pi.ent->named->lookup(pi.name);
	return row ? proc_instantiate(dir, d, row, &pi) : 0;
}

/* Keep @d while its object exists and is still the same kind of row. */
static bool proc_named_revalidate(struct inode *dir, struct dentry *d)
{
	const struct proc_inode *pi = d->d_inode ? PROC_I(d->d_inode) : NULL;

	return pi && PROC_I(dir)->ent->named->lookup(pi->name) == pi->ent;
}

static int named_add(void *ctx, const char *name)
{
	struct named_list *l = ctx;
	size_t n = strlen(name) + 1;

	if (n > PROC_NAME_MAX)
		return 0;	/* could not be looked up: not listed either */
	if (l->len + n > l->size) {
		size_t size = l->size ? 2 * l->size : 512;
		char *names = kmalloc(size);

		if (!names)
			return -ENOMEM;
		if (l->len)
			memcpy(names, l->names, l->len);
		kfree(l->names);
		l->names = names;
		l->size = size;
	}
	memcpy(l->names + l->len, name, n);
	l->len += n;
	l->n++;
	return 0;
}

static int proc_named_open(struct inode *inode, struct file *f)
{
	struct named_list *l = kzalloc(sizeof(*l));
	int err;

	if (!l)
		return -ENOMEM;
	err = PROC_I(inode)->ent->named->list(named_add, l);
	if (err) {
		kfree(l->names);
		kfree(l);
		return err;
	}
	f->private_data = l;
	return 0;
}

static int proc_named_release(struct inode *inode, struct file *f)
{
	struct named_list *l = f->private_data;

	if (l)
		kfree(l->names);
	kfree(l);
	return 0;
}

/* Positions: 0 and 1 the dots, then 2 + the index in the snapshot. */
static int proc_named_iterate(struct file *f, struct dir_context *ctx)
{
	struct named_list *l = f->private_data;
	const char *name;
	unsigned int i;

	if (!proc_emit_dots(f, ctx) || !l)
		return 0;
	name = l->names;
	for (i = 0; i < l->n && i < ctx->pos - 2; i++)
		name += strlen(name) + 1;
	for (; i < l->n; i++) {
		size_t len = strlen(name);

		/* Objects are directories; their inode numbers are made at
		 * lookup, so any distinct value does here. */
		if (!ctx->emit(ctx, name, len, ctx->pos + 1, 0x2000 + i, DT_DIR))
			return 0;
		ctx->pos++;
		name += len + 1;
	}
	return 0;
}

const struct inode_operations proc_named_iops = {
	.lookup = proc_named_lookup,
	.revalidate = proc_named_revalidate,
};

const struct file_operations proc_named_fops = {
	.open = proc_named_open,
	.release = proc_named_release,
	.llseek = proc_dir_llseek,
	.iterate = proc_named_iterate,
};
