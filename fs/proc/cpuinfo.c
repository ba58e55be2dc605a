// SPDX-License-Identifier: MIT
/* /proc/cpuinfo: one record per online CPU, formatted by the arch. */
#include "internal.h"
#include <umka/cpuinfo.h>
#include <umka/smp.h>
#include <umka/percpu.h>

int proc_cpuinfo_show(struct seq_buf *s, const struct proc_inode *pi)
{
	unsigned int n = num_online_cpus();

	for (unsigned int c = 0; c < nr_cpus; c++)
		if (cpu_online(c))
			arch_cpuinfo_show(s, c, n);
	return 0;
}
