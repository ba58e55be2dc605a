/* SPDX-License-Identifier: MIT */
/*
 * ELF64 as the loader needs it.  elf_check() validates everything the
 * loader later trusts (portable; host-tested and fuzzed), so malformed
 * files fail with -ENOEXEC before anything is mapped.
 */
#ifndef UMKA_ELF_H
#define UMKA_ELF_H

#include <umka/types.h>

#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_shdr {
	u32 sh_name, sh_type;
	u64 sh_flags, sh_addr, sh_offset, sh_size;
	u32 sh_link, sh_info;
	u64 sh_addralign, sh_entsize;
};

struct elf64_dyn {
	s64 d_tag;
	u64 d_val;
};

struct elf64_rela {
	u64 r_offset, r_info;
	s64 r_addend;
};

#define PT_DYNAMIC 2
#define PT_TLS 7
#define SHT_PROGBITS 1
#define DT_NULL 0
#define DT_NEEDED 1
#define DT_PLTRELSZ 2
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define DT_REL 17
#define DT_TEXTREL 22
#define DT_JMPREL 23
#define R_X86_64_NONE 0
#define R_X86_64_RELATIVE 8

#define ELF_MAX_PHNUM 64

struct elf_info {
	const struct elf64_ehdr *ehdr;
	const struct elf64_phdr *phdr;	/* inside the image */
	unsigned int phnum;
	bool pie;
	u64 lo, hi;			/* page-aligned span of PT_LOADs */
	u64 phdr_vaddr;			/* where the program headers load */
	u64 interp_off, interp_len;	/* PT_INTERP, if any */
};

/*
 * @avail bytes of the file are at @image (at least the headers); the file
 * is @size bytes.  0, or -ENOEXEC with @why set to a short reason.
 */
int elf_check(const void *image, size_t avail, size_t size,
	      struct elf_info *info, const char **why);

#endif
