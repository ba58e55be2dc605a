// SPDX-License-Identifier: MIT
#include <umka/arch.h>

void arch_platform_init(void)
{
}
