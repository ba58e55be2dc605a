// SPDX-License-Identifier: MIT
/*
 * Driver ELF checks.  Everything in a driver file is untrusted until it
 * passes here: every offset, size and count is range-checked before it
 * is used, with overflow-safe arithmetic, because the host tests fuzz
 * this file under AddressSanitizer.
 */
#include <umka/drvelf.h>
#include <umka/elf.h>
#include <umka/errno.h>
#include <umka/string.h>

#define PAGE 4096u
#define MANIFEST_SECTION ".umka_manifest"

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -ENOEXEC;
}

/* Is [off, off + n) inside [0, size)? */
static bool in_range(u64 off, u64 n, u64 size)
{
	return off <= size && n <= size - off;
}

static int check_ehdr(const struct elf64_ehdr *e, size_t len,
		      const char **why)
{
	static const u8 ident[7] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	if (len < sizeof(*e) || memcmp(e->e_ident, ident, sizeof(ident)))
		return fail(why, "not a 64-bit little-endian ELF file");
	if (e->e_type != ET_DYN)
		return fail(why, "not position-independent (ELF type is not ET_DYN)");
	if (e->e_machine != EM_X86_64)
		return fail(why, "not built for x86-64");
	if (e->e_phentsize != sizeof(struct elf64_phdr) || !e->e_phnum ||
	    e->e_phnum > 16 ||
	    !in_range(e->e_phoff, (u64)e->e_phnum * e->e_phentsize, len) ||
	    e->e_phoff % 8)
		return fail(why, "bad program header table");
	if (e->e_shentsize != sizeof(struct elf64_shdr) || !e->e_shnum ||
	    e->e_shnum > 256 || e->e_shstrndx >= e->e_shnum ||
	    !in_range(e->e_shoff, (u64)e->e_shnum * e->e_shentsize, len) ||
	    e->e_shoff % 8)
		return fail(why, "bad section header table");
	return 0;
}

static int add_load(struct drvelf_info *in, const struct elf64_phdr *p,
		    size_t len, const char **why)
{
	struct drvelf_seg *s;

	if (in->nr_segs == DRVELF_MAX_SEGS)
		return fail(why, "too many loadable segments");
	if (p->p_vaddr % PAGE || p->p_offset % PAGE)
		return fail(why, "segment not page-aligned");
	if (p->p_filesz > p->p_memsz || !in_range(p->p_offset, p->p_filesz, len))
		return fail(why, "segment outside the file");
	if (!in_range(p->p_vaddr, p->p_memsz, DRVELF_MAX_IMAGE))
		return fail(why, "image larger than 16 MiB");
	if ((p->p_flags & (PF_W | PF_X)) == (PF_W | PF_X))
		return fail(why, "segment both writable and executable");
	/* Segments in order, on separate pages: each page gets one protection. */
	if (in->nr_segs && p->p_vaddr < in->image_size)
		return fail(why, "segments overlap or are out of order");
	s = &in->seg[in->nr_segs++];
	s->vaddr = p->p_vaddr;
	s->offset = p->p_offset;
	s->filesz = p->p_filesz;
	s->memsz = p->p_memsz;
	s->flags = p->p_flags;
	in->image_size = (p->p_vaddr + p->p_memsz + PAGE - 1) & ~(u64)(PAGE - 1);
	return 0;
}

/* The segment holding [vaddr, vaddr + n) in its file part, or NULL. */
static const struct drvelf_seg *seg_of(const struct drvelf_info *in,
				       u64 vaddr, u64 n, bool in_file)
{
	for (unsigned int i = 0; i < in->nr_segs; i++) {
		const struct drvelf_seg *s = &in->seg[i];
		u64 size = in_file ? s->filesz : s->memsz;

		if (vaddr >= s->vaddr && in_range(vaddr - s->vaddr, n, size))
			return s;
	}
	return NULL;
}

static int scan_phdrs(const u8 *file, size_t len, struct drvelf_info *in,
		      const struct elf64_phdr **dyn, const char **why)
{
	const struct elf64_ehdr *e = (const void *)file;
	const struct elf64_phdr *ph = (const void *)(file + e->e_phoff);
	int ret;

	*dyn = NULL;
	for (unsigned int i = 0; i < e->e_phnum; i++) {
		switch (ph[i].p_type) {
		case PT_LOAD:
			ret = add_load(in, &ph[i], len, why);
			if (ret)
				return ret;
			break;
		case PT_DYNAMIC:
			*dyn = &ph[i];
			break;
		case PT_INTERP:
			return fail(why, "asks for a program interpreter");
		case PT_TLS:
			return fail(why, "uses thread-local storage");
		}
	}
	if (!in->nr_segs)
		return fail(why, "nothing to load");
	if (!*dyn)
		return fail(why, "no dynamic section");
	return 0;
}

/* Reads DT_RELA/DT_RELASZ/DT_RELAENT; refuses anything needing a linker. */
static int scan_dynamic(const u8 *file, size_t len,
			const struct elf64_phdr *dp, struct drvelf_info *in,
			const char **why)
{
	const struct elf64_dyn *d;
	u64 rela = 0, relasz = 0, relaent = sizeof(struct elf64_rela), n;
	const struct drvelf_seg *s;

	if (!in_range(dp->p_offset, dp->p_filesz, len) || dp->p_offset % 8)
		return fail(why, "dynamic section outside the file");
	d = (const void *)(file + dp->p_offset);
	n = dp->p_filesz / sizeof(*d);
	for (u64 i = 0; i < n && d[i].d_tag != DT_NULL; i++) {
		switch (d[i].d_tag) {
		case DT_NEEDED:
			return fail(why, "needs a shared library");
		case DT_REL:
		case DT_JMPREL:
		case DT_TEXTREL:
			return fail(why, "needs relocations other than RELA in data");
		case DT_PLTRELSZ:
			if (d[i].d_val)
				return fail(why, "has PLT relocations");
			break;
		case DT_RELA:
			rela = d[i].d_val;
			break;
		case DT_RELASZ:
			relasz = d[i].d_val;
			break;
		case DT_RELAENT:
			relaent = d[i].d_val;
			break;
		}
	}
	if (relaent != sizeof(struct elf64_rela) || relasz % relaent)
		return fail(why, "bad relocation entry size");
	if (!relasz)
		return 0;
	s = seg_of(in, rela, relasz, true);
	if (!s || (rela - s->vaddr + s->offset) % 8)
		return fail(why, "relocations outside the file");
	in->rela_off = rela - s->vaddr + s->offset;
	in->nr_rela = relasz / relaent;
	return 0;
}

static int check_relocs(const u8 *file, struct drvelf_info *in,
			const char **why)
{
	const struct elf64_rela *r = (const void *)(file + in->rela_off);

	for (u64 i = 0; i < in->nr_rela; i++) {
		const struct drvelf_seg *s;

		if (r[i].r_info == R_X86_64_NONE)
			continue;
		if (r[i].r_info != R_X86_64_RELATIVE)
			return fail(why, "relocation other than R_X86_64_RELATIVE");
		s = seg_of(in, r[i].r_offset, 8, false);
		if (!s || !(s->flags & PF_W))
			return fail(why, "relocation outside writable data");
		if (r[i].r_addend < 0 || (u64)r[i].r_addend >= in->image_size)
			return fail(why, "relocation points outside the image");
	}
	return 0;
}

static bool section_named(const u8 *file, size_t len,
			  const struct elf64_shdr *strtab, u32 name,
			  const char *want)
{
	size_t n = strlen(want) + 1;

	if (!in_range(strtab->sh_offset, strtab->sh_size, len) ||
	    !in_range(name, n, strtab->sh_size))
		return false;
	return !memcmp(file + strtab->sh_offset + name, want, n);
}

static int find_manifest(const u8 *file, size_t len, struct drvelf_info *in,
			 const char **why)
{
	const struct elf64_ehdr *e = (const void *)file;
	const struct elf64_shdr *sh = (const void *)(file + e->e_shoff);
	const struct elf64_shdr *m = NULL;
	const struct drvelf_seg *s;

	for (unsigned int i = 0; i < e->e_shnum; i++) {
		if (!section_named(file, len, &sh[e->e_shstrndx], sh[i].sh_name,
				   MANIFEST_SECTION))
			continue;
		if (m)
			return fail(why, "two manifest sections");
		m = &sh[i];
	}
	if (!m)
		return fail(why, "no .umka_manifest section");
	if (m->sh_type != SHT_PROGBITS || m->sh_size < sizeof(*in->manifest) ||
	    !in_range(m->sh_offset, m->sh_size, len) || m->sh_offset % 8)
		return fail(why, "bad manifest section");
	s = seg_of(in, m->sh_addr, m->sh_size, true);
	if (!s || m->sh_addr - s->vaddr != m->sh_offset - s->offset)
		return fail(why, "manifest is not loaded with the image");
	in->manifest = (const void *)(file + m->sh_offset);
	in->manifest_vaddr = m->sh_addr;
	return 0;
}

static bool name_ok(const u8 *name, size_t size)
{
	size_t i;

	for (i = 0; i < size && name[i]; i++) {
		u8 c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return i > 0 && i < size;
}

/* The entry pointer must be relocated, to a place inside the image. */
static int find_entry(const u8 *file, struct drvelf_info *in,
		      const char **why)
{
	const struct elf64_rela *r = (const void *)(file + in->rela_off);
	u64 at = in->manifest_vaddr + offsetof(struct kabi_manifest, entry);

	for (u64 i = 0; i < in->nr_rela; i++) {
		if (r[i].r_offset == at && r[i].r_info == R_X86_64_RELATIVE) {
			in->entry_vaddr = (u64)r[i].r_addend;
			if (!seg_of(in, in->entry_vaddr,
				    sizeof(struct kabi_driver_ops), false))
				return fail(why, "entry points outside the image");
			return 0;
		}
	}
	return fail(why, "manifest has no entry points");
}

static int check_manifest(const u8 *file, struct drvelf_info *in,
			  const char **why)
{
	const struct kabi_manifest *m = in->manifest;

	if (m->magic != KABI_MANIFEST_MAGIC || m->format != KABI_MANIFEST_FORMAT)
		return fail(why, "manifest has the wrong magic or format");
	if (m->size < sizeof(*m))
		return fail(why, "manifest too small");
	if (!name_ok(m->name, sizeof(m->name)))
		return fail(why, "driver name is empty or not [a-z0-9_-]");
	if (m->nr_requires > KABI_MANIFEST_MAX_REQUIRES ||
	    m->nr_matches > KABI_MANIFEST_MAX_MATCHES)
		return fail(why, "manifest lists too many entries");
	return find_entry(file, in, why);
}

int drvelf_parse(const void *file, size_t len, struct drvelf_info *info,
		 const char **why)
{
	const struct elf64_phdr *dyn;
	int ret;

	memset(info, 0, sizeof(*info));
	ret = check_ehdr(file, len, why);
	if (!ret)
		ret = scan_phdrs(file, len, info, &dyn, why);
	if (!ret)
		ret = scan_dynamic(file, len, dyn, info, why);
	if (!ret)
		ret = check_relocs(file, info, why);
	if (!ret)
		ret = find_manifest(file, len, info, why);
	if (!ret)
		ret = check_manifest(file, info, why);
	return ret;
}

void drvelf_load(const void *file, const struct drvelf_info *info,
		 void *image, u64 base)
{
	const struct elf64_rela *r =
		(const void *)((const u8 *)file + info->rela_off);
	u8 *img = image;

	for (unsigned int i = 0; i < info->nr_segs; i++) {
		const struct drvelf_seg *s = &info->seg[i];

		memcpy(img + s->vaddr, (const u8 *)file + s->offset, s->filesz);
	}
	for (u64 i = 0; i < info->nr_rela; i++) {
		u64 v = base + (u64)r[i].r_addend;

		if (r[i].r_info == R_X86_64_RELATIVE)
			memcpy(img + r[i].r_offset, &v, sizeof(v));
	}
}
