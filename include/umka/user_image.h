/* SPDX-License-Identifier: MIT */
/* User programs linked into the kernel image (tests/user/, for self-tests). */
#ifndef UMKA_USER_IMAGE_H
#define UMKA_USER_IMAGE_H

#include <umka/types.h>

struct user_image {
	const char *name;
	const u8 *start, *end;
};

const struct user_image *user_image_find(const char *name);

#endif
