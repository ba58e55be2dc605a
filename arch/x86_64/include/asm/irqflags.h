/* SPDX-License-Identifier: MIT */
/* Local interrupt enable/disable, with save/restore for nesting. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <umka/types.h>

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long local_irq_save(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f;
}

static inline void local_irq_restore(unsigned long f)
{
	if (f & (1UL << 9))
		local_irq_enable();
}

static inline bool irqs_disabled(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f) : : "memory");
	return !(f & (1UL << 9));
}

#endif
