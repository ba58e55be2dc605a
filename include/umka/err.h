/* SPDX-License-Identifier: MIT */
/*
 * Pointers that carry an error: the top 4095 addresses are never valid
 * objects, so a function can return either a pointer or -errno in one.
 */
#ifndef UMKA_ERR_H
#define UMKA_ERR_H

#include <umka/types.h>

#include <umka/compiler.h>

#define MAX_ERRNO 4095

#define ERR_CAST(p) ((void *)(p))
#define IS_ERR_VALUE(x) unlikely((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

#endif
