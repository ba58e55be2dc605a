// SPDX-License-Identifier: MIT
/*
 * Build-time check of a linked driver: runs the kernel's own driver ELF
 * checks (lib/drvelf.c) on the host, so a driver the kernel would refuse
 * fails the build instead of the boot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <umka/drvelf.h>

int main(int argc, char **argv)
{
	struct drvelf_info info;
	const char *why = "";
	long len;
	void *buf;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: drvelf-check DRIVER.elf\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = aligned_alloc(8, (size_t)len + 8);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
		return 2;
	fclose(f);
	if (drvelf_parse(buf, (size_t)len, &info, &why)) {
		fprintf(stderr, "%s: the kernel would refuse it: %s\n", argv[1],
			why);
		return 1;
	}
	free(buf);
	return 0;
}
