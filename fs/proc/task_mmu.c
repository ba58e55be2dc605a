// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/maps and the exe link: the VMAs of a process.  File
 * names need vfs_ns_lock, which ranks below mm->lock, so maps copies
 * each VMA (holding a reference on its file) and names them after
 * dropping mm->lock; exe runs inside a path walk, with vfs_ns_lock
 * already held, and can name the file under mm->lock directly.
 */
#include "internal.h"
#include <umka/vm.h>
#include <umka/fs_struct.h>
#include <umka/slab.h>
#include <umka/string.h>
#include <umka/path.h>
#include <umka/file_map.h>

struct vma_copy {
	unsigned long start, end, flags;
	u64 off;
	struct file *file;
};

static void show_vma(struct seq_buf *s, const struct vma_copy *v,
		     const struct path *root, char *name)
{
	struct inode *inode = v->file ? v->file->f_inode : NULL;
	const char *what = NULL;

	seq_printf(s, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
		   v->start, v->end, v->flags & VMA_READ ? 'r' : '-',
		   v->flags & VMA_WRITE ? 'w' : '-',
		   v->flags & VMA_EXEC ? 'x' : '-',
		   v->flags & VMA_SHARED ? 's' : 'p', v->off,
		   inode ? MAJOR(inode->i_sb->s_dev) : 0,
		   inode ? MINOR(inode->i_sb->s_dev) : 0,
		   inode ? inode->i_ino : 0UL);
	if (v->file && file_is_shmem(v->file)) {
		what = "/dev/zero (deleted)";	/* shared anonymous memory */
	} else if (v->file) {
		if (d_path(&v->file->f_path, root, name, PATH_MAX) > 0)
			what = name;
	} else if (v->flags & VMA_HEAP) {
		what = "[heap]";
	} else if (v->flags & (VMA_STACK | VMA_GROWSDOWN)) {
		what = "[stack]";
	}
	if (what) {
		seq_pad_to(s, 73);
		seq_puts(s, what);
	}
	seq_putc(s, '\n');
}

int proc_pid_maps(struct seq_buf *s, const struct proc_inode *pi)
{
	struct proc_task pt;
	struct vma_copy *vs = NULL;
	unsigned int n = 0, cap = 0;
	struct rb_node *node;
	struct path root;
	char *name;
	int err = proc_task_get(pi, &pt, PT_MM);

	if (err)
		return err;
	if (!pt.mm)
		return 0;
	mm_lock(pt.mm);
	for (node = rb_first(&pt.mm->vmas); node; node = rb_next(node))
		cap++;
	vs = kmalloc((cap ? cap : 1) * sizeof(*vs));
	for (node = rb_first(&pt.mm->vmas); vs && node && n < cap;
	     node = rb_next(node)) {
		struct vma *v = rb_entry(node, struct vma, node);

		vs[n] = (struct vma_copy){ v->start, v->end, v->flags,
					   v->file_off, v->file };
		if (v->file)
			file_get_for_vma(v->file);
		n++;
	}
	mm_unlock(pt.mm);
	proc_task_put(&pt);
	name = kmalloc(PATH_MAX);
	if (!vs || !name) {
		err = -ENOMEM;
		goto out;
	}
	get_fs_root(&root);
	for (unsigned int i = 0; i < n; i++)
		show_vma(s, &vs[i], &root, name);
	path_put(&root);
out:
	for (unsigned int i = 0; vs && i < n; i++)
		if (vs[i].file)
			file_put_for_vma(vs[i].file);
	kfree(vs);
	kfree(name);
	return err;
}

/* Under vfs_ns_lock (a path walk or readlink). */
int proc_pid_exe(const struct proc_inode *pi, char *buf, size_t size)
{
	struct proc_task pt;
	struct path root;
	struct vma *v;
	long len = -ENOENT;

	if (proc_task_get(pi, &pt, PT_MM))
		return -ENOENT;
	if (pt.mm) {
		get_fs_root(&root);
		mm_lock(pt.mm);
		v = vma_find(pt.mm, pt.mm->start_code);
		if (v && v->file)
			len = d_path_locked(&v->file->f_path, &root, buf, size);
		mm_unlock(pt.mm);
		path_put(&root);
	}
	proc_task_put(&pt);
	return len < 0 ? len : len - 1;
}

/* cwd and root; under vfs_ns_lock. */
static int fs_link(const struct proc_inode *pi, char *buf, size_t size,
		   bool want_root)
{
	struct proc_task pt;
	struct path p, root;
	long len = -ENOENT;

	if (proc_task_get(pi, &pt, PT_FS))
		return -ENOENT;
	if (pt.fs) {
		spin_lock(&pt.fs->lock);
		p = want_root ? pt.fs->root : pt.fs->pwd;
		path_get(&p);
		spin_unlock(&pt.fs->lock);
		get_fs_root(&root);
		len = d_path_locked(&p, &root, buf, size);
		path_put(&root);
		path_put(&p);
	}
	proc_task_put(&pt);
	return len < 0 ? len : len - 1;
}

int proc_pid_cwd(const struct proc_inode *pi, char *buf, size_t size)
{
	return fs_link(pi, buf, size, false);
}

int proc_pid_root(const struct proc_inode *pi, char *buf, size_t size)
{
	return fs_link(pi, buf, size, true);
}
