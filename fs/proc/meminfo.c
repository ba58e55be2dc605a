// SPDX-License-Identifier: MIT
/*
 * /proc/meminfo in the layout of proc(5).  There is no page cache or
 * swap yet, so those lines read 0; what free(1) computes from (MemTotal,
 * MemFree, MemAvailable, Buffers, Cached, Shmem, SReclaimable, Swap*)
 * is always present.
 */
#include "internal.h"
#include <umka/mm.h>
#include <umka/vmalloc.h>

static void line(struct seq_buf *s, const char *name, u64 bytes)
{
	seq_printf(s, "%s:", name);
	seq_pad_to(s, 16);
	seq_printf(s, "%8lu kB\n", bytes / 1024);
}

int proc_meminfo_show(struct seq_buf *s, const struct proc_inode *pi)
{
	static const char *const zero[] = {
		"Buffers", "Cached", "SwapCached", "Active", "Inactive",
		"Active(anon)", "Inactive(anon)", "Active(file)",
		"Inactive(file)", "Unevictable", "Mlocked", "SwapTotal",
		"SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped",
		"Shmem", "KReclaimable",
	};
	struct mem_stats st;

	mm_get_stats(&st);
	line(s, "MemTotal", st.total_bytes);
	line(s, "MemFree", st.free_bytes);
	line(s, "MemAvailable", st.free_bytes);
	for (unsigned int i = 0; i < ARRAY_SIZE(zero); i++)
		line(s, zero[i], 0);
	line(s, "Slab", st.slab_bytes);
	line(s, "SReclaimable", 0);
	line(s, "SUnreclaim", st.slab_bytes);
	line(s, "KernelStack", 0);
	line(s, "PageTables", st.page_table_bytes);
	line(s, "NFS_Unstable", 0);
	line(s, "Bounce", 0);
	line(s, "WritebackTmp", 0);
	line(s, "CommitLimit", st.total_bytes / 2);
	line(s, "Committed_AS", st.total_bytes - st.free_bytes);
	line(s, "VmallocTotal", 34359738367ULL * 1024);
	line(s, "VmallocUsed", st.vmalloc_bytes);
	line(s, "VmallocChunk", 0);
	return 0;
}
