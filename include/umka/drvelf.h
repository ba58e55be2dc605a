/* SPDX-License-Identifier: MIT */
/*
 * Driver ELF files (docs/kabi.md, "Driver files"): the checks made on a
 * file before anything of it is mapped, and its placement in memory.
 * Portable, so that the host tests can fuzz it.
 */
#ifndef UMKA_DRVELF_H
#define UMKA_DRVELF_H

#include <umka/types.h>
#include <kabi/driver.h>

#define DRVELF_MAX_SEGS 4
#define DRVELF_MAX_IMAGE (16u << 20)

struct drvelf_seg {
	u64 vaddr, offset, filesz, memsz;
	u32 flags;		/* PF_R | PF_W | PF_X */
};

struct drvelf_info {
	u64 image_size;		/* page-aligned bytes of memory needed */
	unsigned int nr_segs;
	struct drvelf_seg seg[DRVELF_MAX_SEGS];
	u64 rela_off, nr_rela;	/* file offset and count of relocations */
	/* The manifest, inside the file, and where it lands in the image. */
	const struct kabi_manifest *manifest;
	u64 manifest_vaddr;
	u64 entry_vaddr;	/* image offset of the kabi_driver_ops */
};

/*
 * 0, or -ENOEXEC with *why set to a short reason.  file must be 8-byte
 * aligned.  Also checks the manifest's own fields.
 */
int drvelf_parse(const void *file, size_t len, struct drvelf_info *info,
		 const char **why);
/*
 * Copies the segments into image (info->image_size bytes, zeroed by the
 * caller) and relocates it for the address base.
 */
void drvelf_load(const void *file, const struct drvelf_info *info,
		 void *image, u64 base);

#endif
