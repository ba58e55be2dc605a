/* SPDX-License-Identifier: MIT */
/*
 * TLB maintenance.  Kernel mappings are shared by all CPUs, so changing
 * one means flushing it everywhere (a shootdown through IPIs).
 */
#ifndef UMKA_TLB_H
#define UMKA_TLB_H

void flush_tlb_kernel_range(unsigned long start, unsigned long end);
void flush_tlb_local_range(unsigned long start, unsigned long end);
void flush_tlb_local_all(void);

#endif
