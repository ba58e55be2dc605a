// SPDX-License-Identifier: MIT
/* Boot CPU setup: descriptor tables, exception vectors, identification. */
#include <umka/arch.h>
#include <umka/printk.h>
#include <umka/percpu.h>
#include <asm/desc.h>
#include <asm/cpu.h>
#include <asm/setup.h>
#include <asm/fpu.h>


static void print_cpu(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	char vendor[13];
	char brand[49] = "";

	__builtin_memcpy(vendor, &r.ebx, 4);
	__builtin_memcpy(vendor + 4, &r.edx, 4);
	__builtin_memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
	if (cpuid(0x80000000, 0).eax >= 0x80000004) {
		for (u32 i = 0; i < 3; i++) {
			struct cpuid_regs b = cpuid(0x80000002 + i, 0);

			__builtin_memcpy(brand + 16 * i, &b, 16);
		}
		brand[48] = '\0';
	}
	pr_info("CPU: %s %s\n", vendor, brand);
}

void arch_cpu_init(void)
{
	gdt_init_boot_cpu();
	percpu_load(0);
	idt_init();
	pic_disable();
	syscall_init_cpu();
	user_traps_init();
	fpu_init_boot();
	print_cpu();
}
