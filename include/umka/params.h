/* SPDX-License-Identifier: MIT */
/* Boot parameters, parsed once from the command line in start_kernel. */
#ifndef UMKA_PARAMS_H
#define UMKA_PARAMS_H

#include <umka/types.h>

#define PARAM_STR_MAX 256
#define INIT_ARGS_MAX 32

struct kernel_params {
	char console[PARAM_STR_MAX];
	char root[PARAM_STR_MAX];
	char init[PARAM_STR_MAX];	/* init= */
	char rdinit[PARAM_STR_MAX];	/* rdinit= */
	int loglevel;			/* -1: not given */
	bool quiet;
	int panic_timeout;
	bool ktest;
	char ktest_filter[PARAM_STR_MAX];
	char crash[PARAM_STR_MAX];	/* umka.crash=: a deliberate crash */
	int smp_noanswer;		/* umka.smp_noanswer=: APIC id to test a dead AP */
	bool pci_legacy;		/* umka.pci=legacy: no ECAM, ports only */
	/* Words the kernel does not know go to init, as Linux does. */
	const char *init_args[INIT_ARGS_MAX];
	unsigned int nr_init_args;
	const char *init_env[INIT_ARGS_MAX];
	unsigned int nr_init_env;
	unsigned int nr_unknown_umka;
};

extern struct kernel_params kparams;

void params_parse(const char *cmdline);

#endif
