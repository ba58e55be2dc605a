/* SPDX-License-Identifier: MIT */
#ifndef UMKA_PROBE_H
#define UMKA_PROBE_H

#include <umka/types.h>

/* 0 on success, -EFAULT if the access faulted. */
int probe_read_u64(const void *addr, u64 *out);
int probe_write_u8(void *addr, u8 val);

#endif
