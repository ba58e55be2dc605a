// SPDX-License-Identifier: MIT
/*
 * Inter-processor interrupts: the kernel's IPIs by logical CPU number,
 * and stopping the other CPUs when one panics.  Stopping uses an NMI
 * because it also reaches a CPU spinning with interrupts off, perhaps on
 * a lock the panicking CPU will never release.
 */
#include <umka/arch.h>
#include <umka/arch_smp.h>
#include <umka/percpu.h>
#include <umka/smp.h>
#include <umka/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/smp.h>
#include <asm/traps.h>

/* Long enough for a busy vCPU under TCG; the report must not wait more. */
#define STOP_WAIT_MS 200

static bool stopping;
static unsigned int nr_stopped;

void arch_send_ipi(unsigned int cpu, unsigned vector)
{
	apic_send_ipi(cpu_apic_ids[cpu], (u8)vector);
}

/*
 * NMIs only to CPUs that are online: one still parked in the trampoline
 * has no IDT and would triple-fault (which resets the whole machine).
 */
void arch_stop_other_cpus(void)
{
	unsigned int me = smp_processor_id(), others = 0;
	u64 end;

	__atomic_store_n(&stopping, true, __ATOMIC_SEQ_CST);
	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (c == me || !cpu_online(c))
			continue;
		apic_send_nmi(cpu_apic_ids[c]);
		others++;
	}
	end = ktime_get_ns() + STOP_WAIT_MS * NSEC_PER_MSEC;
	while (__atomic_load_n(&nr_stopped, __ATOMIC_ACQUIRE) < others &&
	       ktime_get_ns() < end)
		cpu_relax();
}

/* True if the NMI was ours; a stopped CPU never returns from here. */
bool nmi_handler(struct pt_regs *r)
{
	if (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE))
		return false;
	__atomic_fetch_add(&nr_stopped, 1, __ATOMIC_RELEASE);
	/* No iretq, so NMIs stay blocked and hlt is final. */
	for (;;)
		hlt();
}
