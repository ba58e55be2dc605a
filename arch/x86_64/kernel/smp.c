// SPDX-License-Identifier: MIT
/*
 * Bringing up the application processors.  For each CPU in the MADT but
 * ourselves, the boot CPU prepares what the AP cannot allocate for itself
 * (its per-CPU area, its idle task, whose stack the AP boots on, and its
 * IST stacks), fills in the trampoline parameters and sends INIT-SIPI-SIPI.
 * The AP finishes its own set-up in ap_start() and reports in.  APs are
 * started one at a time, so one parameter block is enough.
 *
 * Logical CPU numbers are dense: the boot CPU is 0 and an AP that does
 * not answer leaves no hole (the next one takes its number).
 */
#include <umka/arch.h>
#include <umka/acpi.h>
#include <umka/arch_smp.h>
#include <umka/mm.h>
#include <umka/params.h>
#include <umka/percpu.h>
#include <umka/printk.h>
#include <umka/sched.h>
#include <umka/string.h>
#include <umka/time.h>
#include <umka/vmalloc.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/pgtable.h>
#include <asm/setup.h>
#include <asm/smp.h>

/* INIT-SIPI-SIPI delays from the SDM (MP initialization, 8.4.4.1). */
#define INIT_DELAY_MS 10
#define SIPI_DELAY_US 200
/* Generous: under TCG a vCPU thread may wait for a host core. */
#define ONLINE_TIMEOUT_MS 3000

enum ap_state { AP_SENT, AP_CALLED_IN, AP_ONLINE };

/* What the boot CPU allocates for one AP. */
struct ap_boot {
	void *percpu;
	unsigned int percpu_order;
	struct task *idle;
	void *ist_stack[3];
	unsigned long ist_top[3];
};

u32 cpu_apic_ids[MAX_CPUS];
static struct ap_boot *booting;		/* the AP being started */
static int ap_state;

static void ap_report(enum ap_state s)
{
	__atomic_store_n(&ap_state, s, __ATOMIC_RELEASE);
}

/* Runs on the new CPU, on its idle task's stack, interrupts off. */
void ap_start(unsigned int cpu)
{
	struct ap_boot *b = __atomic_load_n(&booting, __ATOMIC_ACQUIRE);

	/* Leave the trampoline tables: the kernel's lower half is empty. */
	write_cr3(kernel_pml4_phys());
	cpu_enable_protections_ap();
	/* Reloading the segments may clear the GS base: GDT first. */
	gdt_init_cpu(cpu, b->ist_top);
	percpu_load(cpu);
	idt_load();
	syscall_init_cpu();
	fpu_init_cpu();
	ap_report(AP_CALLED_IN);
	sched_init_ap(cpu, b->idle);
	apic_init_cpu();
	apic_timer_init_cpu();
	set_cpu_online(cpu);
	ap_report(AP_ONLINE);
	cpu_idle_loop();
}

static unsigned int order_for(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void ap_boot_free(struct ap_boot *b)
{
	for (int i = 0; i < 3; i++)
		vfree(b->ist_stack[i]);
	if (b->idle)
		sched_free_idle(b->idle);
	if (b->percpu)
		free_pages_addr(b->percpu, b->percpu_order);
}

static bool ap_boot_alloc(unsigned int cpu, struct ap_boot *b)
{
	memset(b, 0, sizeof(*b));
	b->percpu_order = order_for(percpu_area_size());
	b->percpu = get_free_pages(b->percpu_order);
	b->idle = sched_alloc_idle(cpu);
	for (int i = 0; i < 3; i++) {
		b->ist_stack[i] = vmalloc(IST_STACK_SIZE);
		b->ist_top[i] = (unsigned long)b->ist_stack[i] + IST_STACK_SIZE;
	}
	if (b->percpu && b->idle && b->ist_stack[0] && b->ist_stack[1] &&
	    b->ist_stack[2]) {
		/* Per-CPU variables always start out zero. */
		memset(b->percpu, 0, PAGE_SIZE << b->percpu_order);
		return true;
	}
	ap_boot_free(b);
	return false;
}

_Static_assert(TRAMPOLINE_SIZE >= 4 * PAGE_SIZE, "code page + 3 tables");

static struct trampoline_params *tramp_params(void)
{
	return phys_to_virt(TRAMPOLINE_PHYS +
			    (trampoline_params - trampoline_start));
}

/*
 * Copy the trampoline below 1 MiB and build its page tables: the low
 * 2 MiB identity-mapped (one large page) so the AP survives turning
 * paging on, plus the kernel half, whose PML4 slots never change.
 */
static void trampoline_setup(void)
{
	u64 *pml4 = phys_to_virt(TRAMPOLINE_PML4);
	u64 *pdpt = phys_to_virt(TRAMPOLINE_PDPT);
	u64 *pd = phys_to_virt(TRAMPOLINE_PD);
	const u64 *kpml4 = phys_to_virt(kernel_pml4_phys());
	struct trampoline_params *p;

	memcpy(phys_to_virt(TRAMPOLINE_PHYS), trampoline_start,
	       trampoline_end - trampoline_start);
	memset(pml4, 0, 3 * PAGE_SIZE);
	pd[0] = 0 | PTE_P | PTE_W | PTE_PS;
	pdpt[0] = TRAMPOLINE_PD | PTE_P | PTE_W;
	pml4[0] = TRAMPOLINE_PDPT | PTE_P | PTE_W;
	for (int i = 256; i < 512; i++)
		pml4[i] = kpml4[i];
	p = tramp_params();
	p->cr3 = TRAMPOLINE_PML4;
	p->efer = rdmsr(MSR_EFER) & ~EFER_LMA;
	p->entry = (unsigned long)ap_start;
}

static bool wait_online(void)
{
	u64 end = ktime_get_ns() + ONLINE_TIMEOUT_MS * NSEC_PER_MSEC;

	while (__atomic_load_n(&ap_state, __ATOMIC_ACQUIRE) != AP_ONLINE) {
		if (ktime_get_ns() > end)
			return false;
		cpu_relax();
	}
	return true;
}

static void send_startup(u32 apic)
{
	u8 vector = TRAMPOLINE_PHYS >> 12;

	apic_send_init(apic);
	mdelay(INIT_DELAY_MS);
	apic_send_sipi(apic, vector);
	udelay(SIPI_DELAY_US);
	/* The second SIPI is ignored by a CPU that already started. */
	apic_send_sipi(apic, vector);
	udelay(SIPI_DELAY_US);
}

static bool start_cpu(unsigned int cpu, u32 apic)
{
	static struct ap_boot b;
	struct trampoline_params *p = tramp_params();

	if (!ap_boot_alloc(cpu, &b)) {
		pr_err("smp: no memory to start APIC id %u\n", apic);
		return false;
	}
	percpu_setup_cpu(cpu, b.percpu);
	cpu_apic_ids[cpu] = apic;
	p->stack = b.idle->stack_top;
	p->cpu = cpu;
	p->apic_id = apic;
	/* Testing the timeout: the AP sees a foreign id and parks itself. */
	if ((int)apic == kparams.smp_noanswer)
		p->apic_id = ~0ULL;
	ap_report(AP_SENT);
	__atomic_store_n(&booting, &b, __ATOMIC_RELEASE);
	send_startup(apic);
	if (wait_online())
		return true;
	pr_err("smp: APIC id %u %s, continuing without it\n", apic,
	       __atomic_load_n(&ap_state, __ATOMIC_ACQUIRE) == AP_SENT ?
		       "did not answer" : "started but did not come online");
	/* Hold it in INIT: a late start must not use what we free. */
	apic_send_init(apic);
	ap_boot_free(&b);
	return false;
}

void arch_smp_init(void)
{
	u32 me = apic_id();
	unsigned int cpu = 1;

	cpu_apic_ids[0] = me;
	smp_call_init();
	if (acpi_nr_cpus() <= 1) {
		pr_info("smp: Brought up 1 CPU\n");
		return;
	}
	trampoline_setup();
	pr_info("smp: Bringing up secondary CPUs ...\n");
	pr_info("x86: Booting SMP configuration:\n");
	for (unsigned int i = 0; i < acpi_nr_cpus(); i++) {
		u32 apic = acpi_cpu_apic_id(i);

		if (apic == me)
			continue;
		if (cpu == MAX_CPUS) {
			pr_warn("smp: more than %u CPUs, ignoring the rest\n",
				MAX_CPUS);
			break;
		}
		pr_info("x86: Booting CPU #%u (APIC id %u)\n", cpu, apic);
		if (start_cpu(cpu, apic))
			nr_cpus = ++cpu;
	}
	pr_info("smp: Brought up %u CPU%s\n", nr_cpus, nr_cpus > 1 ? "s" : "");
}
