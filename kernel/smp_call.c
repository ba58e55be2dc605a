// SPDX-License-Identifier: MIT
/*
 * Cross-CPU calls.  One call is in flight at a time (call_lock): the
 * sender publishes fn/arg, marks each target pending, sends the IPIs and
 * waits until every target has run the function.  A CPU that waits for
 * call_lock keeps serving calls aimed at itself, so two senders can never
 * deadlock on each other even with interrupts off.
 */
#include <umka/smp.h>
#include <umka/percpu.h>
#include <umka/irqflags.h>
#include <umka/processor.h>
#include <umka/spinlock.h>
#include <umka/irq.h>
#include <umka/arch_smp.h>

static DEFINE_SPINLOCK(call_lock, LOCK_LEVEL_IPI);
static smp_call_fn call_fn;
static void *call_arg;
static unsigned int call_remaining;
static DEFINE_PER_CPU(bool, call_pending);
static bool online_mask[MAX_CPUS] = { true };	/* boot CPU */
static unsigned int online_count = 1;

unsigned int num_online_cpus(void)
{
	return __atomic_load_n(&online_count, __ATOMIC_ACQUIRE);
}

bool cpu_online(unsigned int cpu)
{
	return cpu < MAX_CPUS && __atomic_load_n(&online_mask[cpu], __ATOMIC_ACQUIRE);
}

void set_cpu_online(unsigned int cpu)
{
	__atomic_store_n(&online_mask[cpu], true, __ATOMIC_RELEASE);
	__atomic_fetch_add(&online_count, 1, __ATOMIC_RELEASE);
}

/* Runs in the IPI handler, or inline while waiting for call_lock. */
void smp_call_handle_pending(void)
{
	bool *pending = this_cpu_ptr(call_pending);

	if (!__atomic_load_n(pending, __ATOMIC_ACQUIRE))
		return;
	call_fn(call_arg);
	__atomic_store_n(pending, false, __ATOMIC_RELEASE);
	__atomic_fetch_sub(&call_remaining, 1, __ATOMIC_RELEASE);
}

static void call_ipi(unsigned vector, void *data)
{
	(void)vector;
	(void)data;
	smp_call_handle_pending();
}

void smp_call_init(void)
{
	irq_register_vector(IRQ_VECTOR_IPI_CALL, call_ipi, NULL, "ipi-call");
}

/*
 * call_lock ranks above the locks interrupt handlers take (timer, run
 * queue), so it is held with interrupts off; the spin keeps serving
 * calls aimed at us instead.
 */
static unsigned long lock_call(void)
{
	unsigned long flags = local_irq_save();

	while (!spin_trylock(&call_lock)) {
		smp_call_handle_pending();
		cpu_relax();
	}
	return flags;
}

/* Targets: every online CPU but me (cpu < 0), or just @cpu. */
static void call_many(int only, smp_call_fn fn, void *arg)
{
	unsigned long flags = lock_call();
	unsigned int me = smp_processor_id(), n = 0;

	call_fn = fn;
	call_arg = arg;
	for (unsigned int c = 0; c < nr_cpus; c++)
		if (c != me && cpu_online(c) && (only < 0 || (int)c == only))
			n++;
	__atomic_store_n(&call_remaining, n, __ATOMIC_RELEASE);
	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (c == me || !cpu_online(c) || (only >= 0 && (int)c != only))
			continue;
		__atomic_store_n(per_cpu_ptr(call_pending, c), true,
				 __ATOMIC_RELEASE);
		arch_send_ipi(c, IRQ_VECTOR_IPI_CALL);
	}
	/* Even without wait we must not reuse call_fn before they read it. */
	while (__atomic_load_n(&call_remaining, __ATOMIC_ACQUIRE))
		cpu_relax();
	spin_unlock(&call_lock);
	local_irq_restore(flags);
}

void smp_call_function_others(smp_call_fn fn, void *arg, bool wait)
{
	(void)wait;	/* always synchronous: see call_many() */
	if (num_online_cpus() > 1)
		call_many(-1, fn, arg);
}

int smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg,
			     bool wait)
{
	(void)wait;
	if (cpu == smp_processor_id()) {
		unsigned long flags = local_irq_save();

		fn(arg);
		local_irq_restore(flags);
		return 0;
	}
	if (!cpu_online(cpu))
		return -1;
	call_many((int)cpu, fn, arg);
	return 0;
}
