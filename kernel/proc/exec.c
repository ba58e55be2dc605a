// SPDX-License-Identifier: MIT
/*
 * execve: build a fresh address space from an ELF image, lay out the
 * initial stack as Linux does (argc, argv, envp, auxv, then the strings)
 * and point the user registers at the entry.  Errors before the point of
 * no return leave the caller's image untouched.
 */
#include <umka/proc.h>
#include <umka/futex.h>
#include <umka/vm.h>
#include <umka/mm.h>
#include <umka/elf.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <umka/slab.h>
#include <umka/printk.h>
#include <umka/user_return.h>
#include <umka/random.h>
#include <umka/signal.h>
#include <umka/fdtable.h>
#include <umka/completion.h>
#include <umka/sigtypes.h>
#include <asm/process.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <umka/irqflags.h>
#include "exec_args.h"

#define STACK_INITIAL (128UL << 10)

/* auxv tags (include/uapi/linux/auxvec.h) */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31

struct image {
	struct elf_info elf;
	u64 bias;
	u64 entry;		/* where user mode starts: the interpreter's */
	u64 base;		/* AT_BASE: the interpreter's load address */
	u64 prog_entry;		/* AT_ENTRY: the program's own entry */
};


static unsigned long vma_flags_of(u32 pflags)
{
	return (pflags & PF_R ? VMA_READ : 0) | (pflags & PF_W ? VMA_WRITE : 0) |
	       (pflags & PF_X ? VMA_EXEC : 0);
}

/* In-memory image: anonymous VMAs filled by copying. */
static int load_segment_copy(struct mm *mm, const u8 *image,
			     const struct elf64_phdr *p, u64 bias)
{
	unsigned long start = ALIGN_DOWN(p->p_vaddr + bias, PAGE_SIZE);
	unsigned long end = ALIGN_UP(p->p_vaddr + bias + p->p_memsz, PAGE_SIZE);
	unsigned long flags = vma_flags_of(p->p_flags);
	struct vma *prev = vma_find(mm, start);
	int err;

	/* Two segments may share a page: it gets both permissions. */
	if (prev) {
		unsigned long shared = start;

		start += PAGE_SIZE;
		err = vma_protect(mm, shared, PAGE_SIZE,
				  (prev->flags | flags) &
					  (VMA_READ | VMA_WRITE | VMA_EXEC));
		if (err)
			return err;
	}
	if (end > start) {
		err = vma_map(mm, start, end - start, flags, NULL, 0, 0);
		if (err)
			return err;
	}
	/* Pages fault in zero-filled; only the file part needs copying. */
	return mm_copy_to(mm, p->p_vaddr + bias, image + p->p_offset,
			  p->p_filesz);
}

/*
 * From a file: a private file mapping that pages in on first touch; the
 * bytes past p_filesz (bss) read as zeros.  As on Linux, a later segment
 * that shares a page with an earlier one takes that page over.
 */
static int load_segment_file(struct mm *mm, struct file *f,
			     const struct elf64_phdr *p, u64 bias)
{
	u64 seg = p->p_vaddr + bias, start = ALIGN_DOWN(seg, PAGE_SIZE);
	u64 end = ALIGN_UP(seg + p->p_memsz, PAGE_SIZE), lead = seg - start;

	return vma_map(mm, start, end - start, vma_flags_of(p->p_flags), f,
		       p->p_offset - lead, p->p_filesz + lead);
}

static int map_segments(struct mm *mm, const struct exec_source *src,
			const struct elf_info *elf, u64 bias)
{
	for (unsigned int i = 0; i < elf->phnum; i++) {
		const struct elf64_phdr *p = &elf->phdr[i];
		int err;

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		err = src->file ? load_segment_file(mm, src->file, p, bias) :
				  load_segment_copy(mm, src->head, p, bias);
		if (err)
			return err;
	}
	return 0;
}

static int check_source(const struct exec_source *src, struct elf_info *elf)
{
	const char *why;
	int err = elf_check(src->head, src->avail, src->size, elf, &why);

	if (err)
		pr_debug("exec: ENOEXEC: %s\n", why);
	return err;
}

/* The dynamic loader named by PT_INTERP, placed below the mmap base. */
static int load_interp(struct mm *mm, const struct exec_source *src,
		       struct image *img)
{
	char path[256];
	struct exec_source isrc;
	struct elf_info ie;
	void *head;
	u64 base;
	int err;

	if (!src->file)
		return -ENOEXEC;	/* in-memory images are static */
	err = exec_read_at(src->file, path, img->elf.interp_len,
			   img->elf.interp_off);
	if (err)
		return err;
	path[img->elf.interp_len - 1] = '\0';
	err = exec_open_source(path, &isrc, &head);
	if (err)
		return err;
	err = check_source(&isrc, &ie);
	if (!err && (!ie.pie || ie.interp_len))
		err = -ELIBBAD;
	base = err ? 0 : vma_find_free(mm, ie.hi - ie.lo);
	if (!err && !base)
		err = -ENOMEM;
	if (!err)
		err = map_segments(mm, &isrc, &ie, base - ie.lo);
	if (!err) {
		img->base = base - ie.lo;
		img->entry = ie.ehdr->e_entry + img->base;
	}
	exec_close_source(&isrc, head);
	return err;
}

static int load_elf(struct mm *mm, const struct exec_source *src,
		    struct image *img)
{
	int err = check_source(src, &img->elf);

	if (err)
		return err;
	img->bias = img->elf.pie ? USER_PIE_BASE - img->elf.lo : 0;
	img->prog_entry = img->entry = img->elf.ehdr->e_entry + img->bias;
	img->base = 0;
	err = map_segments(mm, src, &img->elf, img->bias);
	if (err)
		return err;
	mm->start_code = img->elf.lo + img->bias;
	mm->end_code = img->elf.hi + img->bias;
	mm->brk_start = mm->brk = img->elf.hi + img->bias;
	if (img->elf.interp_len)
		return load_interp(mm, src, img);
	return 0;
}

struct stack_builder {
	struct mm *mm;
	unsigned long sp;	/* grows down */
	int err;
};

static unsigned long push_bytes(struct stack_builder *b, const void *p,
				size_t n)
{
	b->sp -= n;
	if (!b->err)
		b->err = mm_copy_to(b->mm, b->sp, p, n);
	return b->sp;
}

static void push_word(struct stack_builder *b, u64 v)
{
	push_bytes(b, &v, sizeof(v));
}

static u64 hwcap(void)
{
	return cpuid(1, 0).edx;
}

static void push_auxv(struct stack_builder *b, const struct image *img,
		      unsigned long random, unsigned long execfn,
		      unsigned long platform)
{
	const struct cred *c = &current->cred;
	const u64 aux[][2] = {
		{ AT_PHDR, img->elf.phdr_vaddr + img->bias },
		{ AT_PHENT, sizeof(struct elf64_phdr) },
		{ AT_PHNUM, img->elf.phnum },
		{ AT_PAGESZ, PAGE_SIZE },
		{ AT_BASE, img->base },
		{ AT_FLAGS, 0 },
		{ AT_ENTRY, img->prog_entry },
		{ AT_UID, c->uid },
		{ AT_EUID, c->euid },
		{ AT_GID, c->gid },
		{ AT_EGID, c->egid },
		{ AT_PLATFORM, platform },
		{ AT_HWCAP, hwcap() },
		{ AT_CLKTCK, 100 },
		{ AT_SECURE, 0 },
		{ AT_RANDOM, random },
		{ AT_HWCAP2, 0 },
		{ AT_EXECFN, execfn },
	};

	push_word(b, 0);
	push_word(b, AT_NULL);
	for (int i = ARRAY_SIZE(aux) - 1; i >= 0; i--) {
		push_word(b, aux[i][1]);
		push_word(b, aux[i][0]);
	}
}

/* Returns the initial stack pointer, or 0 with b->err set. */
static unsigned long build_stack(struct mm *mm, const struct exec_args *a,
				 const struct image *img, const char *name)
{
	struct stack_builder b = { mm, USER_STACK_TOP, 0 };
	unsigned int n = a->argc + a->envc;
	unsigned long strings, random, execfn, platform, *ptrs;
	u8 rnd[16];
	size_t off = 0, arg_len = 0;

	get_random_bytes(rnd, sizeof(rnd));
	random = push_bytes(&b, rnd, sizeof(rnd));
	execfn = push_bytes(&b, name, strlen(name) + 1);
	platform = push_bytes(&b, "x86_64", 7);
	strings = push_bytes(&b, a->buf, a->len);
	ptrs = kmalloc((n + 1) * sizeof(*ptrs));
	if (!ptrs) {
		b.err = -ENOMEM;
		return 0;
	}
	for (unsigned int i = 0; i < n; i++) {
		ptrs[i] = strings + off;
		off += strlen(a->buf + off) + 1;
		if (i + 1 == a->argc)
			arg_len = off;
	}
	b.sp = ALIGN_DOWN(b.sp, 16);
	/* argc + argv + NULL + envp + NULL + auxv must end 16-aligned. */
	if ((1 + a->argc + 1 + a->envc + 1) % 2)
		push_word(&b, 0);
	push_auxv(&b, img, random, execfn, platform);
	push_word(&b, 0);
	for (unsigned int i = a->envc; i > 0; i--)
		push_word(&b, ptrs[a->argc + i - 1]);
	push_word(&b, 0);
	for (unsigned int i = a->argc; i > 0; i--)
		push_word(&b, ptrs[i - 1]);
	push_word(&b, a->argc);
	kfree(ptrs);
	/* argv strings, then envp strings: /proc/<pid>/{cmdline,environ}. */
	mm->arg_start = strings;
	mm->arg_end = strings + arg_len;
	mm->env_start = mm->arg_end;
	mm->env_end = strings + off;
	return b.err ? 0 : b.sp;
}

static int new_image(const struct exec_source *src, const struct exec_args *a,
		     const char *name, struct mm **out, unsigned long *entry,
		     unsigned long *sp)
{
	struct mm *mm = mm_alloc();
	struct image img;
	int err;

	if (!mm)
		return -ENOMEM;
	err = load_elf(mm, src, &img);
	if (!err)
		err = vma_map(mm, USER_STACK_TOP - STACK_INITIAL, STACK_INITIAL,
			      VMA_READ | VMA_WRITE | VMA_GROWSDOWN | VMA_STACK,
			      NULL, 0, 0);
	mm->stack_top = USER_STACK_TOP;
	if (!err) {
		*sp = build_stack(mm, a, &img, name);
		if (!*sp)
			err = -EFAULT;
	}
	if (err) {
		mm_put(mm);
		return err;
	}
	*out = mm;
	*entry = img.entry;
	return 0;
}

static void set_comm(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(current->comm, base, sizeof(current->comm));
}

/* Handlers do not survive exec; the mask and ignored signals do. */
static void reset_signals(struct task *t)
{
	if (t->sighand->refs > 1) {
		struct sighand *own = sighand_copy(t->sighand, false), *old;
		unsigned long flags;

		/* Out of memory here: keep sharing rather than fail exec. */
		if (own) {
			/* Swapped under tasklist_lock (procfs reads it there)
			 * and siglock (signal senders do). */
			flags = spin_lock_irqsave(&tasklist_lock);
			if (t->sig)
				spin_lock(&t->sig->lock);
			old = t->sighand;
			t->sighand = own;
			if (t->sig)
				spin_unlock(&t->sig->lock);
			spin_unlock_irqrestore(&tasklist_lock, flags);
			sighand_put(old);
		}
	}
	sighand_reset_for_exec(t->sighand);
	t->altstack_sp = t->altstack_size = 0;
	if (t->sig)
		posix_timers_exit(t->sig);	/* timers do not survive exec */
}

/* Past the point of no return: switch current to the new image. */
static void commit_image(struct mm *mm, unsigned long entry, unsigned long sp,
			 const char *name)
{
	struct mm *old = current->mm;
	unsigned long flags;

	/* Locks held in the old image die with it, as at exit. */
	if (current->robust_list && old)
		futex_exit_robust(current);
	current->clear_child_tid = 0;
	flags = spin_lock_irqsave(&tasklist_lock);
	current->mm = mm;	/* under the lock for procfs readers */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	mm_activate(mm);
	mm_put(old);
	current->fs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	/*
	 * A fresh FPU state; the buffer was allocated before this point.
	 * Interrupts off, or a switch in between would save the old image's
	 * registers over the reset state.
	 */
	flags = local_irq_save();
	fpu_reset(current->fpu);
	fpu_restore(current->fpu);
	local_irq_restore(flags);
	set_comm(name);
	reset_signals(current);
	if (current->files)
		files_close_on_exec(current->files);
	/* A vfork parent runs again once the child has its own image. */
	vfork_release(current);
	arch_init_user_regs(current_pt_regs(), entry, sp);
}

int exec_source_args(const struct exec_source *src, const char *name,
		     const struct exec_args *a)
{
	unsigned long entry, sp;
	struct mm *mm;
	int err;

	if (!current->fpu && !(current->fpu = kmalloc(sizeof(struct fpu_state))))
		return -ENOMEM;
	if (!current->sighand && !(current->sighand = sighand_alloc()))
		return -ENOMEM;
	/* A kernel thread becoming a process (init, self-tests). */
	if (!current->sig) {
		if (signal_task_init(current, NULL, false))
			return -ENOMEM;
		current->sig->nr_live = 1;
		signal_task_start(current);
	}
	err = new_image(src, a, name, &mm, &entry, &sp);
	if (err)
		return err;
	/* The other threads go before the old image does. */
	err = de_thread(current);
	if (err) {
		mm_put(mm);
		return err;
	}
	commit_image(mm, entry, sp, name);
	return 0;
}

int exec_image_args(const void *data, size_t size, const char *name,
		    const struct exec_args *a)
{
	struct exec_source src = { data, size, size, NULL };

	return exec_source_args(&src, name, a);
}

int exec_image(const void *data, size_t size, const char *name,
	       const char *const argv[], const char *const envp[])
{
	struct exec_args a = { 0 };
	int err = exec_args_from_kernel(&a, argv, envp);

	if (!err)
		err = exec_image_args(data, size, name, &a);
	exec_args_free(&a);
	return err;
}
