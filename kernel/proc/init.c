// SPDX-License-Identifier: MIT
/*
 * Becoming init.  kernel_init (pid 1) gets a root, a cwd and the console
 * as fds 0-2, then execs the first program: rdinit= (default /init) from
 * the initramfs, else init= or the usual places, as Linux tries them.
 */
#include <umka/proc.h>
#include <umka/params.h>
#include <umka/file.h>
#include <umka/fdtable.h>
#include <umka/fs_struct.h>
#include <umka/err.h>
#include <umka/panic.h>
#include <umka/printk.h>
#include <umka/signal.h>
#include <umka/user_return.h>
#include <asm/process.h>
#include <uapi/fcntl.h>

static int open_console(void)
{
	struct file *f = filp_open("/dev/console", O_RDWR, 0);
	int fd;

	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install_new(f, 0);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	for (int i = 1; i <= 2; i++)
		if (fd_install_new(get_file(f), 0) < 0)
			fput(f);
	return 0;
}

static int setup_context(void)
{
	struct task *t = current;

	t->cred.umask = 022;	/* Linux's init starts with 0022 */
	t->fs = fs_alloc_root();
	t->files = files_alloc();
	t->sighand = sighand_alloc();
	if (!t->fs || !t->files || !t->sighand)
		return -ENOMEM;
	if (open_console())
		pr_warn("init: cannot open /dev/console: no stdin/stdout\n");
	return 0;
}

static int try_exec(const char *path)
{
	const char *argv[INIT_ARGS_MAX + 2] = { path };
	const char *envp[INIT_ARGS_MAX + 4] = { "HOME=/", "TERM=linux" };
	unsigned int n = 1, e = 2;
	int err;

	for (unsigned int i = 0; i < kparams.nr_init_args; i++)
		argv[n++] = kparams.init_args[i];
	for (unsigned int i = 0; i < kparams.nr_init_env; i++)
		envp[e++] = kparams.init_env[i];
	err = exec_path_kernel(path, argv, envp);
	if (err)
		pr_info("init: %s: error %d\n", path, err);
	return err;
}

void run_init(void)
{
	static const char *const fallbacks[] = { "/sbin/init", "/etc/init",
						 "/bin/init", "/bin/sh" };
	const char *rdinit = kparams.rdinit[0] ? kparams.rdinit : "/init";

	if (setup_context())
		panic("init: out of memory");
	if (!try_exec(rdinit))
		goto run;
	if (kparams.init[0] && !try_exec(kparams.init))
		goto run;
	for (unsigned int i = 0; i < ARRAY_SIZE(fallbacks); i++)
		if (!try_exec(fallbacks[i]))
			goto run;
	panic("No working init found.  Try passing init= option to kernel.");
run:
	arch_enter_user(current_pt_regs());
}
