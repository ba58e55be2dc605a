/* SPDX-License-Identifier: MIT */
/*
 * Local interrupt control: local_irq_disable/enable, local_irq_save/
 * restore (nestable), irqs_disabled.  Implemented per architecture.
 */
#ifndef UMKA_IRQFLAGS_H
#define UMKA_IRQFLAGS_H

#include <asm/irqflags.h>

#endif
