// SPDX-License-Identifier: MIT
#include <umka/tlb.h>
#include <umka/page.h>
#include <umka/smp.h>
#include <asm/cpu.h>
#include <umka/vm.h>
#include <umka/sched.h>
#include <umka/irqflags.h>

/* Past this many pages a full flush is cheaper than invlpg one by one. */
#define FLUSH_ALL_THRESHOLD 32

/*
 * Interrupts stay off across the two CR4 writes: a task preempted between
 * them and resumed on another CPU would set PGE there and leave it clear
 * here, and every later toggle on this CPU would then change nothing and
 * flush nothing (stale writable entries after fork, for one).
 */
void flush_tlb_local_all(void)
{
	unsigned long flags = local_irq_save();
	u64 cr4 = read_cr4();

	/* Toggling PGE drops global entries too (kernel mappings are global). */
	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr4(cr4);
	local_irq_restore(flags);
}

void flush_tlb_local_range(unsigned long start, unsigned long end)
{
	if ((end - start) / PAGE_SIZE > FLUSH_ALL_THRESHOLD) {
		flush_tlb_local_all();
		return;
	}
	for (unsigned long va = start; va < end; va += PAGE_SIZE)
		invlpg(va);
}

struct flush_args {
	unsigned long start, end;
};

static void flush_ipi(void *arg)
{
	struct flush_args *a = arg;

	flush_tlb_local_range(a->start, a->end);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	struct flush_args a = { start, end };

	flush_tlb_local_range(start, end);
	smp_call_function_others(flush_ipi, &a, true);
}

void flush_tlb_mm_range(struct mm *mm, unsigned long start, unsigned long end)
{
	struct flush_args a = { start, end };

	if (current && current->mm == mm)
		flush_tlb_local_range(start, end);
	/* Other threads of this mm may be running elsewhere. */
	if (__atomic_load_n(&mm->users, __ATOMIC_ACQUIRE) > 1)
		smp_call_function_others(flush_ipi, &a, true);
}
