/* SPDX-License-Identifier: MIT */
/*
 * GDT layout.  The selectors match Linux's, because user space sees them
 * (signal frames and ptrace carry cs/ss): user CS 0x33, user DS 0x2b.
 * SYSRET requires user32 CS, user DS and user CS to be consecutive.
 */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_KERNEL_CS 2
#define GDT_KERNEL_DS 3
#define GDT_USER32_CS 4
#define GDT_USER_DS 5
#define GDT_USER_CS 6
#define GDT_TSS 8		/* 16 bytes: entries 8 and 9 */
#define GDT_ENTRIES 10

#define KERNEL_CS (GDT_KERNEL_CS * 8)
#define KERNEL_DS (GDT_KERNEL_DS * 8)
#define USER32_CS (GDT_USER32_CS * 8 + 3)
#define USER_DS (GDT_USER_DS * 8 + 3)
#define USER_CS (GDT_USER_CS * 8 + 3)
#define TSS_SEL (GDT_TSS * 8)

/* IST slots (1-based in the IDT). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3
#define IST_STACK_SIZE 16384

#endif
