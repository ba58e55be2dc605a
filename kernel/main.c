// SPDX-License-Identifier: MIT
/*
 * start_kernel: the portable boot sequence.  The order matters and is
 * documented in docs/boot-flow.md.
 */
#include <umka/boot.h>
#include <umka/params.h>
#include <umka/printk.h>
#include <umka/version.h>
#include <umka/arch.h>
#include <umka/ktest.h>
#include <umka/mm.h>
#include <umka/panic.h>
#include <umka/time.h>
#include <umka/sched.h>
#include <umka/rcu.h>
#include <umka/crash.h>
#include <umka/fs.h>
#include <asm/page.h>
#include <umka/tty.h>
#include <umka/proc.h>
#include <umka/hwrng.h>
#include <umka/kabi.h>
#include <umka/device.h>
#include <umka/pci.h>

const char umka_banner[] = "UmkaOS version " UMKA_VERSION
			   " (Linux ABI " UMKA_LINUX_COMPAT ") x86_64";

static void apply_log_params(void)
{
	if (kparams.quiet)
		console_set_loglevel(CONSOLE_LOGLEVEL_QUIET);
	if (kparams.loglevel >= 0)
		console_set_loglevel(kparams.loglevel);
}

static void print_boot_info(void)
{
	pr_info("Boot loader: %s\n", boot_info.loader ? boot_info.loader : "?");
	pr_notice("Command line: %s\n", boot_info.cmdline);
	if (!boot_info.cmdline[0])
		pr_info("Command line is empty: using defaults\n");
	if (boot_info.cmdline_truncated)
		pr_warn("Command line longer than %d bytes: cut\n",
			CMDLINE_MAX - 1);
	if (boot_info.initrd_size)
		pr_info("initrd: %#llx-%#llx (%llu KiB)\n",
			(unsigned long long)boot_info.initrd_base,
			(unsigned long long)(boot_info.initrd_base +
					     boot_info.initrd_size - 1),
			(unsigned long long)boot_info.initrd_size / 1024);
	else
		pr_info("initrd: none given; the root stays empty\n");
}

/* The first kernel thread: finishes boot in task context. */
static int kernel_init(void *arg)
{
	(void)arg;
	/* The root filesystem, then the initramfs into it. */
	vfs_init();
	if (boot_info.initrd_size)
		initramfs_unpack(phys_to_virt(boot_info.initrd_base),
				 boot_info.initrd_size);
	/* Drivers: KABI files shipped in the initramfs. */
	hwrng_init();
	kabi_init();
	umkafs_drivers_changed();
	pr_notice("kernel ready in %llu us\n",
		  (unsigned long long)(ktime_get_ns() / 1000));
	if (kparams.crash[0])
		crash_trigger(kparams.crash);
	if (kparams.ktest)
		ktest_run_all(kparams.ktest_filter);
	/* After the self-tests: one of them borrows the serial input. */
	tty_init();
	jobctl_init();
	run_init();
}

/* kernel_init is pid 1: it becomes init when it execs the program. */
static void start_init_task(int (*fn)(void *))
{
	struct task *t = kthread_create(fn, NULL, "kernel_init");

	if (!t)
		panic("cannot start kernel_init");
	/* Like Linux, init starts in session 0, so its setsid() succeeds. */
	t->pid = t->tgid = 1;
	wake_up_process(t);
}

void start_kernel(void)
{
	pr_notice("%s\n", umka_banner);
	params_parse(boot_info.cmdline);
	apply_log_params();
	print_boot_info();
	arch_cpu_init();
	mm_init();
	arch_platform_init();
	/* After ACPI and the IOAPIC, before any driver looks for devices. */
	device_registry_init();
	pci_init();
	arch_register_platform_devices();
	sched_init();
	arch_smp_init();
	rcu_init();
	start_init_task(kernel_init);
	cpu_idle_loop();
}
