// SPDX-License-Identifier: MIT
/*
 * The first C function.  head.S calls it on the boot page tables with
 * the loader's protocol and information pointer.
 */
#include <umka/boot.h>
#include <umka/percpu.h>
#include <asm/setup.h>


void x86_start(u32 proto, u32 info)
{
	percpu_init_boot_cpu();
	early_serial_init();
	boot_info_parse(proto, info);
	start_kernel();
}
