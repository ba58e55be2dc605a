/* SPDX-License-Identifier: MIT */
/*
 * Path lookup.  Names are kernel strings; syscalls copy them in with
 * getname() first.  Relative names start at @dfd (AT_FDCWD: the cwd).
 */
#ifndef UMKA_NAMEI_H
#define UMKA_NAMEI_H

#include <umka/fs.h>
#include <umka/uaccess.h>

#define LOOKUP_FOLLOW		0x01	/* follow a trailing symlink */
#define LOOKUP_DIRECTORY	0x02	/* the result must be a directory */
#define LOOKUP_EMPTY		0x04	/* "" names the start (AT_EMPTY_PATH) */
#define LOOKUP_NO_SYMLINKS	0x08	/* any symlink: -ELOOP */
#define LOOKUP_NO_XDEV		0x10	/* crossing a mount: -EXDEV */
#define LOOKUP_BENEATH		0x20	/* escaping the start: -EXDEV */
#define LOOKUP_IN_ROOT		0x40	/* the start acts as the root */

/* Linux's limit on symlinks followed in one resolution. */
#define MAXSYMLINKS 40

/* Copy a user path into a kmalloc'd buffer; ERR_PTR on failure. */
char *getname(const char __user *name);
void putname(char *name);

/* Resolve to a referenced path. */
int kern_path_at(int dfd, const char *name, unsigned int flags,
		 struct path *path);
int user_path_at(int dfd, const char __user *name, unsigned int flags,
		 struct path *path);

/*
 * For calls that create or remove a name: resolve all but the last
 * component.  On success vfs_ns_lock is HELD, nd->parent is the
 * (unreferenced) parent directory and nd->last its last component; the
 * caller finishes with parent_unlock().
 */
struct parent_lookup {
	struct path parent;
	const char *last;
	size_t last_len;
	bool trailing_slash;
	int last_type;		/* LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT */
	char *buf;		/* private */
};

enum { LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT };

int parent_lookup_locked(int dfd, const char *name, unsigned int flags,
			 struct parent_lookup *pl);
void parent_unlock(struct parent_lookup *pl);

/* Internal forms of the namespace syscalls (fs/mknod.c ... fs/rename.c). */
int do_mknodat(int dfd, const char *name, mode_t mode, dev_t dev);
int do_mkdirat(int dfd, const char *name, mode_t mode);
int do_unlinkat(int dfd, const char *name);
int do_rmdir(int dfd, const char *name);
int do_symlinkat(const char *target, int dfd, const char *name);
int do_linkat(int odfd, const char *oldname, int ndfd, const char *newname,
	      int flags);
int do_renameat2(int odfd, const char *oldname, int ndfd,
		 const char *newname, unsigned int flags);
ssize_t do_readlinkat(int dfd, const char *name, char *buf, size_t size);

#endif
