// SPDX-License-Identifier: MIT
/*
 * ELF validation.  Every field the loader uses is range-checked against
 * the image size with overflow-safe arithmetic.
 */
#include <umka/elf.h>
#include <umka/errno.h>
#include <umka/compiler.h>

#define PAGE_SZ 4096ULL
#define USER_LIMIT 0x00007ffffffff000ULL

static bool in_image(u64 off, u64 len, size_t size)
{
	return off <= size && len <= size - off;
}

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

static int check_header(const struct elf64_ehdr *e, size_t size,
			const char **why)
{
	static const u8 magic[4] = { 0x7f, 'E', 'L', 'F' };

	for (int i = 0; i < 4; i++)
		if (e->e_ident[i] != magic[i])
			return fail(why, "not an ELF file");
	if (e->e_ident[4] != 2 || e->e_ident[5] != 1)
		return fail(why, "not a 64-bit little-endian ELF");
	if (e->e_machine != EM_X86_64)
		return fail(why, "not an x86-64 program");
	if (e->e_type != ET_EXEC && e->e_type != ET_DYN)
		return fail(why, "not an executable");
	if (e->e_phentsize != sizeof(struct elf64_phdr))
		return fail(why, "bad program header size");
	if (!e->e_phnum || e->e_phnum > ELF_MAX_PHNUM)
		return fail(why, "bad program header count");
	if (!in_image(e->e_phoff, (u64)e->e_phnum * e->e_phentsize, size) ||
	    e->e_phoff % 8)
		return fail(why, "program headers outside the file");
	return 0;
}

static int check_load(const struct elf64_phdr *p, size_t size,
		      const char **why)
{
	if (p->p_filesz > p->p_memsz)
		return fail(why, "segment file size exceeds memory size");
	if (!in_image(p->p_offset, p->p_filesz, size))
		return fail(why, "segment outside the file");
	if (p->p_vaddr >= USER_LIMIT || p->p_memsz >= USER_LIMIT ||
	    p->p_vaddr + p->p_memsz > USER_LIMIT)
		return fail(why, "segment outside user space");
	if ((p->p_vaddr - p->p_offset) % PAGE_SZ)
		return fail(why, "segment offset and address disagree");
	return 0;
}

static int scan_phdrs(struct elf_info *in, size_t size, const char **why)
{
	bool any = false;
	int err;

	in->lo = ~0ULL;
	in->hi = 0;
	for (unsigned int i = 0; i < in->phnum; i++) {
		const struct elf64_phdr *p = &in->phdr[i];

		if (p->p_type == PT_INTERP) {
			if (!in_image(p->p_offset, p->p_filesz, size) ||
			    p->p_filesz < 2 || p->p_filesz > 256)
				return fail(why, "bad interpreter path");
			in->interp_off = p->p_offset;
			in->interp_len = p->p_filesz;
		}
		if (p->p_type == PT_PHDR)
			in->phdr_vaddr = p->p_vaddr;
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		err = check_load(p, size, why);
		if (err)
			return err;
		in->lo = min(in->lo, ALIGN_DOWN(p->p_vaddr, PAGE_SZ));
		in->hi = max(in->hi, ALIGN_UP(p->p_vaddr + p->p_memsz, PAGE_SZ));
		/* The headers are visible to the program if a segment maps them. */
		if (!in->phdr_vaddr && p->p_offset <= in->ehdr->e_phoff &&
		    in->ehdr->e_phoff < p->p_offset + p->p_filesz)
			in->phdr_vaddr = p->p_vaddr + in->ehdr->e_phoff -
					 p->p_offset;
		any = true;
	}
	if (!any)
		return fail(why, "no loadable segment");
	return 0;
}

int elf_check(const void *image, size_t size, struct elf_info *in,
	      const char **why)
{
	const struct elf64_ehdr *e = image;
	int err;

	*in = (struct elf_info){ 0 };
	if (size < sizeof(*e))
		return fail(why, "file too short");
	err = check_header(e, size, why);
	if (err)
		return err;
	in->ehdr = e;
	in->phdr = (const void *)((const u8 *)image + e->e_phoff);
	in->phnum = e->e_phnum;
	in->pie = e->e_type == ET_DYN;
	err = scan_phdrs(in, size, why);
	if (err)
		return err;
	if (e->e_entry < in->lo || e->e_entry >= in->hi)
		return fail(why, "entry point outside the program");
	return 0;
}
