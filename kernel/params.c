// SPDX-License-Identifier: MIT
/*
 * Known boot options.  Linux words keep their Linux meaning; UmkaOS words
 * start with "umka.".  Like Linux, unknown "key=value" words become
 * init's environment and unknown bare words its arguments; an unknown
 * umka.* word is a mistake, so it is reported and ignored.
 */
#include <umka/params.h>
#include <umka/cmdline.h>
#include <umka/printk.h>
#include <umka/kprintf.h>
#include <umka/string.h>
#include <umka/boot.h>

struct kernel_params kparams = {
	.loglevel = -1,
	.smp_noanswer = -1,
};

/* Copies of unknown words live here, so init can use them later. */
static char spill[CMDLINE_MAX + 2 * INIT_ARGS_MAX];
static size_t spill_used;

static const char *keep(const char *key, const char *val)
{
	char *p = spill + spill_used;
	size_t room = sizeof(spill) - spill_used;
	int n;

	n = val ? snprintf(p, room, "%s=%s", key, val) :
		  snprintf(p, room, "%s", key);
	if (n < 0 || (size_t)n >= room)
		return NULL;
	spill_used += n + 1;
	return p;
}

static void set_str(char *dst, const char *key, const char *val)
{
	if (!val || !*val) {
		pr_warn("cmdline: %s= needs a value, ignored\n", key);
		return;
	}
	if (strlcpy(dst, val, PARAM_STR_MAX) >= PARAM_STR_MAX)
		pr_warn("cmdline: %s= is too long, cut to %d bytes\n", key,
			PARAM_STR_MAX - 1);
}

static void set_int(int *dst, const char *key, const char *val, int lo,
		    int hi)
{
	long v;

	if (!cmdline_parse_int(val, &v) || v < lo || v > hi) {
		pr_warn("cmdline: bad value for %s=: '%s', ignored\n", key,
			val ? val : "");
		return;
	}
	*dst = (int)v;
}

static void umka_param(const char *key, const char *val)
{
	if (!strcmp(key, "umka.ktest")) {
		kparams.ktest = true;
		if (val)
			strlcpy(kparams.ktest_filter, val, PARAM_STR_MAX);
	} else if (!strcmp(key, "umka.crash")) {
		set_str(kparams.crash, key, val);
	} else if (!strcmp(key, "umka.smp_noanswer")) {
		set_int(&kparams.smp_noanswer, key, val, 0, 0x7fffffff);
	} else if (!strcmp(key, "umka.pci")) {
		if (val && !strcmp(val, "legacy"))
			kparams.pci_legacy = true;
		else if (val && !strcmp(val, "auto"))
			kparams.pci_legacy = false;
		else
			pr_warn("cmdline: bad value for umka.pci=: '%s', ignored\n",
				val ? val : "");
	} else {
		kparams.nr_unknown_umka++;
		pr_warn("cmdline: unknown option '%s', ignored\n", key);
	}
}

static void unknown_param(const char *key, const char *val)
{
	const char *w = keep(key, val);

	if (!w)
		return;
	if (val && kparams.nr_init_env < INIT_ARGS_MAX)
		kparams.init_env[kparams.nr_init_env++] = w;
	else if (!val && kparams.nr_init_args < INIT_ARGS_MAX)
		kparams.init_args[kparams.nr_init_args++] = w;
}

static void one_param(const char *key, const char *val, bool for_init,
		      void *arg)
{
	(void)arg;
	if (for_init)
		unknown_param(key, val);
	else if (!strcmp(key, "console"))
		set_str(kparams.console, key, val);
	else if (!strcmp(key, "root"))
		set_str(kparams.root, key, val);
	else if (!strcmp(key, "init"))
		set_str(kparams.init, key, val);
	else if (!strcmp(key, "rdinit"))
		set_str(kparams.rdinit, key, val);
	else if (!strcmp(key, "loglevel"))
		set_int(&kparams.loglevel, key, val, 0, 8);
	else if (!strcmp(key, "panic"))
		set_int(&kparams.panic_timeout, key, val, -1000000, 1000000);
	else if (!strcmp(key, "quiet") && !val)
		kparams.quiet = true;
	else if (!strncmp(key, "umka.", 5))
		umka_param(key, val);
	else
		unknown_param(key, val);
}

void params_parse(const char *cmdline)
{
	cmdline_parse(cmdline, one_param, NULL);
}
