// SPDX-License-Identifier: MIT
/*
 * Per-CPU GDT and TSS.  The TSS holds the IST stacks used for faults that
 * must not trust the current stack (#DF after a kernel stack overflow,
 * NMI and #MC, which can arrive anywhere).
 */
#include <umka/percpu.h>
#include <umka/string.h>
#include <asm/segment.h>
#include <asm/desc.h>

static DEFINE_PER_CPU(struct cpu_tables, cpu_tables);

/* The boot CPU's IST stacks; other CPUs allocate theirs at bring-up. */
static char bsp_ist[3][IST_STACK_SIZE] __aligned(16);

static u64 seg(u32 flags)
{
	/* base 0, limit 0xfffff, granularity 4K; flags is the access byte + L/D bits */
	return 0x000f00000000ffffULL | ((u64)flags << 40);
}

static void fill_gdt(struct cpu_tables *t)
{
	u64 base = (unsigned long)&t->tss;
	u64 limit = sizeof(t->tss) - 1;

	memset(t->gdt, 0, sizeof(t->gdt));
	t->gdt[GDT_KERNEL_CS] = seg(0xa09a);	/* L, P, DPL0, code RX */
	t->gdt[GDT_KERNEL_DS] = seg(0xc092);	/* D, P, DPL0, data RW */
	t->gdt[GDT_USER32_CS] = seg(0xc0fa);	/* D, P, DPL3, code RX */
	t->gdt[GDT_USER_DS] = seg(0xc0f2);	/* D, P, DPL3, data RW */
	t->gdt[GDT_USER_CS] = seg(0xa0fa);	/* L, P, DPL3, code RX */
	t->gdt[GDT_TSS] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			  (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
			  (((base >> 24) & 0xff) << 56);
	t->gdt[GDT_TSS + 1] = base >> 32;
}

static void load_gdt(struct cpu_tables *t)
{
	struct desc_ptr p = { sizeof(t->gdt) - 1, (unsigned long)t->gdt };

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"ltr %w3"
		:
		: "m"(p), "i"(KERNEL_CS), "i"(KERNEL_DS), "r"(TSS_SEL)
		: "rax", "memory");
}

/*
 * ist: three stack tops (#DF, NMI, #MC).  Reloading DS/ES/SS zeroes the
 * hidden FS/GS bases on some CPUs, so the GS base is set after this.
 */
void gdt_init_cpu(unsigned int cpu, unsigned long ist[3])
{
	struct cpu_tables *t = per_cpu_ptr(cpu_tables, cpu);

	fill_gdt(t);
	t->tss.ist[IST_DOUBLE_FAULT - 1] = ist[0];
	t->tss.ist[IST_NMI - 1] = ist[1];
	t->tss.ist[IST_MACHINE_CHECK - 1] = ist[2];
	t->tss.iomap_base = sizeof(t->tss);	/* no I/O bitmap */
	load_gdt(t);
}

void gdt_init_boot_cpu(void)
{
	unsigned long ist[3];

	for (int i = 0; i < 3; i++)
		ist[i] = (unsigned long)bsp_ist[i] + IST_STACK_SIZE;
	gdt_init_cpu(0, ist);
}

/* Stack used on entry from user mode (ring 3 -> 0 transitions). */
void tss_set_kernel_stack(unsigned long top)
{
	this_cpu_ptr(cpu_tables)->tss.rsp0 = top;
}
