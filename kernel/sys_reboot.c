// SPDX-License-Identifier: MIT
/*
 * reboot(2) and syslog(2) (the calls behind busybox reboot/poweroff and
 * dmesg).
 * reboot errors: EINVAL for wrong magic numbers or an unknown command,
 * EPERM without root.  syslog errors: EINVAL for a bad type or length,
 * EFAULT for a bad buffer.
 */
#include <umka/syscall.h>
#include <umka/sched.h>
#include <umka/arch.h>
#include <umka/printk.h>
#include <umka/vmalloc.h>
#include <umka/errno.h>

#define MAGIC1 0xfee1deadu
#define MAGIC2 672274793u
#define MAGIC2A 85072278u
#define MAGIC2B 369367448u
#define MAGIC2C 537993216u
#define CMD_RESTART 0x01234567u
#define CMD_HALT 0xcdef0123u
#define CMD_POWER_OFF 0x4321fedcu
#define CMD_CAD_ON 0x89abcdefu
#define CMD_CAD_OFF 0u

SYSCALL_DEFINE4(reboot, u32, magic1, u32, magic2, u32, cmd, void __user *, arg)
{
	(void)arg;
	if (current->cred.euid != 0)
		return -EPERM;
	if (magic1 != MAGIC1 || (magic2 != MAGIC2 && magic2 != MAGIC2A &&
				 magic2 != MAGIC2B && magic2 != MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case CMD_RESTART:
		pr_emerg("reboot: Restarting system\n");
		arch_restart();
	case CMD_HALT:
		pr_emerg("reboot: System halted\n");
		arch_halt_forever();
	case CMD_POWER_OFF:
		pr_emerg("reboot: Power down\n");
		arch_poweroff();
	case CMD_CAD_ON:
	case CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10
#define LOG_BUF_BYTES (128 * 1024)

static long read_all(char __user *ubuf, int len)
{
	char *k;
	size_t n;
	long ret;

	if (len < 0 || !ubuf)
		return -EINVAL;
	if (!len)
		return 0;
	k = vmalloc(LOG_BUF_BYTES * 2);
	if (!k)
		return -ENOMEM;
	n = printk_read_all(k, min((size_t)len + 1, (size_t)LOG_BUF_BYTES * 2));
	ret = copy_to_user(ubuf, k, n) ? -EFAULT : (long)n;
	vfree(k);
	return ret;
}

SYSCALL_DEFINE3(syslog, int, type, char __user *, buf, int, len)
{
	static int saved_level = -1;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		return read_all(buf, len);
	case SYSLOG_ACTION_CLEAR:
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		saved_level = console_get_loglevel();
		console_set_loglevel(1);
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_level >= 0)
			console_set_loglevel(saved_level);
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_set_loglevel(len);
		return 0;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_BYTES;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return 0;
	default:
		return -EINVAL;
	}
}
