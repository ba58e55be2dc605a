/* SPDX-License-Identifier: MIT */
/*
 * What the portable kernel needs from an architecture port.  A new port
 * (AArch64 next) implements exactly these; see docs/boot-flow.md.
 */
#ifndef UMKA_ARCH_H
#define UMKA_ARCH_H

#include <umka/types.h>
#include <umka/compiler.h>

/* Early CPU setup: descriptor tables, exception vectors, CPU features. */
void arch_cpu_init(void);
/* Page tables, direct map, permissions; called once the buddy is up. */
void arch_mm_init(void);
/* Firmware tables, interrupt controllers, clocks, timer. */
void arch_platform_init(void);
/* Register the fixed devices no bus enumerates (the 16550 at 0x3f8...). */
void arch_register_platform_devices(void);
/* Bring up the other CPUs. */
void arch_smp_init(void);

void arch_halt_forever(void) __noreturn;
void arch_idle(void);
void arch_restart(void) __noreturn;
void arch_poweroff(void) __noreturn;
/* Leave the emulator with a status (QEMU isa-debug-exit); halts if absent. */
void arch_emulator_exit(int status) __noreturn;
/* Stop every other CPU (panic path). */
void arch_stop_other_cpus(void);
/* Walk the stack from frame pointer @fp, printing symbolized frames. */
void arch_dump_stack(unsigned long fp);
struct task;
/* The same for a task that is switched out. */
void arch_dump_task_stack(const struct task *t);

#endif
