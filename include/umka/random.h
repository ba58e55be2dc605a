/* SPDX-License-Identifier: MIT */
#ifndef UMKA_RANDOM_H
#define UMKA_RANDOM_H

#include <umka/types.h>

/* Unpredictable bytes for the kernel and getrandom(2). */
void get_random_bytes(void *buf, size_t n);

#endif
