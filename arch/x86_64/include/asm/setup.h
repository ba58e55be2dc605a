/* SPDX-License-Identifier: MIT */
/* Functions shared between the x86 boot files. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <umka/types.h>

void x86_start(u32 proto, u32 info);
void boot_info_parse(u32 proto, u32 info);
void early_serial_init(void);
void percpu_load(unsigned int cpu);
size_t percpu_area_size(void);
void pic_disable(void);
void uaccess_init(bool smap);
void syscall_init_cpu(void);
void user_traps_init(void);

#endif
