/* SPDX-License-Identifier: MIT */
#ifndef UMKA_MM_H
#define UMKA_MM_H

#include <umka/types.h>

void mm_init(void);

#endif
