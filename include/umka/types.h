/* SPDX-License-Identifier: MIT */
/*
 * Fixed-width types shared by the kernel and the host unit tests.
 * The kernel is freestanding, so only the compiler's own headers are used.
 */
#ifndef UMKA_TYPES_H
#define UMKA_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef long ssize_t;

#endif
