/* SPDX-License-Identifier: MIT */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/ptrace.h>

#define X86_TRAP_DE 0
#define X86_TRAP_NMI 2
#define X86_TRAP_BP 3
#define X86_TRAP_UD 6
#define X86_TRAP_DF 8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14

/* Page-fault error code bits. */
#define PF_PROT BIT(0)
#define PF_WRITE BIT(1)
#define PF_USER BIT(2)
#define PF_RSVD BIT(3)
#define PF_INSTR BIT(4)
#define PF_PK BIT(5)

/* Set by mm when processes exist: return true if the fault was handled. */
extern bool (*page_fault_hook)(struct pt_regs *r);
extern bool (*user_exception_hook)(struct pt_regs *r);

void x86_trap(struct pt_regs *r);
void irq_entry(struct pt_regs *r);
bool nmi_handler(struct pt_regs *r);
/* True if addr lies in the guard page of some kernel stack. */
bool stack_guard_hit(unsigned long addr);

#endif
