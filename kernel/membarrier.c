// SPDX-License-Identifier: MIT
/*
 * membarrier(2): a memory barrier on every CPU that runs user code, so a
 * process can keep its own fast paths free of fences (liburcu, JITs).
 * GLOBAL waits for an RCU grace period: every CPU has passed a context
 * switch or an idle moment since, which orders its earlier accesses.
 * The expedited commands interrupt every other CPU (all of them, not
 * only those running this process: stronger, and simpler) and need the
 * process to have registered first, as on Linux.  The sync-core and rseq
 * variants are not offered (QUERY leaves them out: EINVAL).
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <umka/sigpending.h>
#include <umka/smp.h>
#include <umka/rcu.h>
#include <umka/errno.h>

#define MB_GLOBAL 1
#define MB_GLOBAL_EXPEDITED 2
#define MB_REGISTER_GLOBAL_EXPEDITED 4
#define MB_PRIVATE_EXPEDITED 8
#define MB_REGISTER_PRIVATE_EXPEDITED 16
#define MB_SUPPORTED (MB_GLOBAL | MB_GLOBAL_EXPEDITED |                      \
		      MB_REGISTER_GLOBAL_EXPEDITED | MB_PRIVATE_EXPEDITED |    \
		      MB_REGISTER_PRIVATE_EXPEDITED)

static void barrier_ipi(void *arg)
{
	(void)arg;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void expedited(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	smp_call_function_others(barrier_ipi, NULL, true);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static long need_registered(unsigned int reg)
{
	unsigned int have = __atomic_load_n(&current->sig->membarrier_registered,
					    __ATOMIC_ACQUIRE);

	if (!(have & reg))
		return -EPERM;
	expedited();
	return 0;
}

SYSCALL_DEFINE3(membarrier, int, cmd, unsigned int, flags, int, cpu_id)
{
	(void)cpu_id;
	if (flags)
		return -EINVAL;	/* MEMBARRIER_CMD_FLAG_CPU: rseq only */
	switch (cmd) {
	case 0:	/* MEMBARRIER_CMD_QUERY */
		return MB_SUPPORTED;
	case MB_GLOBAL:
		synchronize_rcu();
		return 0;
	case MB_GLOBAL_EXPEDITED:
		expedited();	/* nobody need register to be waited for */
		return 0;
	case MB_PRIVATE_EXPEDITED:
		return need_registered(MB_REGISTER_PRIVATE_EXPEDITED);
	case MB_REGISTER_GLOBAL_EXPEDITED:
	case MB_REGISTER_PRIVATE_EXPEDITED:
		__atomic_fetch_or(&current->sig->membarrier_registered,
				  (unsigned int)cmd, __ATOMIC_RELEASE);
		return 0;
	default:
		return -EINVAL;
	}
}
