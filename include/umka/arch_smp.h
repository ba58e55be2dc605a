/* SPDX-License-Identifier: MIT */
/* What kernel/smp_call.c needs from the architecture, and gives back. */
#ifndef UMKA_ARCH_SMP_H
#define UMKA_ARCH_SMP_H

/* Send interrupt @vector to logical CPU @cpu. */
void arch_send_ipi(unsigned int cpu, unsigned vector);

/* Called by arch SMP code as each CPU comes up. */
void set_cpu_online(unsigned int cpu);
void smp_call_init(void);
void smp_call_handle_pending(void);

#endif
