/* SPDX-License-Identifier: MIT */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <umka/types.h>

void apic_eoi(void);

#endif
