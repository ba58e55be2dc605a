/* SPDX-License-Identifier: MIT */
/* cpu_relax() and friends, for portable spin loops. */
#ifndef UMKA_PROCESSOR_H
#define UMKA_PROCESSOR_H

#include <asm/cpu.h>

#endif
