/* SPDX-License-Identifier: MIT */
/* /proc/cpuinfo: the architecture formats one CPU's record. */
#ifndef UMKA_CPUINFO_H
#define UMKA_CPUINFO_H

#include <umka/seq_buf.h>

/* The record of CPU @cpu, of @ncpus online, ending in a blank line. */
void arch_cpuinfo_show(struct seq_buf *s, unsigned int cpu,
		       unsigned int ncpus);

#endif
