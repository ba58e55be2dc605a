// SPDX-License-Identifier: MIT
#include <umka/panic.h>
#include <umka/printk.h>
#include <umka/params.h>
#include <umka/arch.h>
#include <umka/irqflags.h>
#include <umka/percpu.h>
#include <umka/time.h>
#include <umka/kprintf.h>

static int panic_cpu = -1;
static char panic_msg[512];

/* Exit status a self-test run reports when the kernel panics. */
#define KTEST_PANIC_STATUS 3

static void panic_delay_restart(int seconds)
{
	u64 end;

	pr_emerg("Rebooting in %d seconds..\n", seconds);
	end = ktime_get_ns() + (u64)seconds * 1000000000ULL;
	/* Clock may be missing this early: then reboot at once. */
	while (ktime_get_ns() && ktime_get_ns() < end)
		;
	arch_restart();
}

void panic(const char *fmt, ...)
{
	int me, expected = -1;
	va_list ap;

	local_irq_disable();
	me = (int)smp_processor_id();
	if (!__atomic_compare_exchange_n(&panic_cpu, &expected, me, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) &&
	    expected != me)
		arch_halt_forever();	/* another CPU is already panicking */
	arch_stop_other_cpus();
	printk_panic_mode();
	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic on CPU %d: %s\n", me, panic_msg);
	arch_dump_stack((unsigned long)__builtin_frame_address(0));
	pr_emerg("---[ end Kernel panic ]---\n");
	if (kparams.ktest)
		arch_emulator_exit(KTEST_PANIC_STATUS);
	if (kparams.panic_timeout < 0)
		arch_restart();
	if (kparams.panic_timeout > 0)
		panic_delay_restart(kparams.panic_timeout);
	arch_halt_forever();
}

void warn_at(const char *file, int line, const char *what)
{
	pr_warn("WARNING at %s:%d: %s\n", file, line, what);
	arch_dump_stack((unsigned long)__builtin_frame_address(0));
}
