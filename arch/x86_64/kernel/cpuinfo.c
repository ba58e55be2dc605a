// SPDX-License-Identifier: MIT
/*
 * The x86 record of /proc/cpuinfo, from CPUID.  CPUs are assumed alike
 * (as under QEMU and on every system we target), so the boot CPU's
 * identification serves for all; the flag names are Linux's.
 */
#include <umka/cpuinfo.h>
#include <umka/string.h>
#include <asm/cpu.h>
#include <asm/time.h>

struct flag_word {
	u32 leaf, sub;
	int reg;		/* 0 eax .. 3 edx */
	const char *names[32];
};

static const struct flag_word flag_words[] = {
	{ 1, 0, 3, { "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
		     "cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
		     "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi",
		     "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64",
		     "pbe" } },
	{ 0x80000001, 0, 3, { [11] = "syscall", [20] = "nx", [22] = "mmxext",
			      [25] = "fxsr_opt", [26] = "pdpe1gb",
			      [27] = "rdtscp", [29] = "lm" } },
	{ 1, 0, 2, { "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx",
		     "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16",
		     "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2",
		     "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes",
		     "xsave", NULL, "avx", "f16c", "rdrand", "hypervisor" } },
	{ 0x80000001, 0, 2, { "lahf_lm", "cmp_legacy", "svm", "extapic",
			      "cr8_legacy", "abm", "sse4a", "misalignsse",
			      "3dnowprefetch", "osvw", "ibs", "xop", "skinit",
			      "wdt" } },
	{ 7, 0, 1, { "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2",
		     NULL, "smep", "bmi2", "erms", "invpcid", "rtm", NULL, NULL,
		     "mpx", NULL, "avx512f", "avx512dq", "rdseed", "adx",
		     "smap", "avx512ifma", NULL, "clflushopt", "clwb", NULL,
		     "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw",
		     "avx512vl" } },
};

static u32 reg_of(struct cpuid_regs r, int reg)
{
	return reg == 0 ? r.eax : reg == 1 ? r.ebx : reg == 2 ? r.ecx : r.edx;
}

void arch_cpuinfo_show(struct seq_buf *s, unsigned int cpu,
		       unsigned int ncpus)
{
	struct cpuid_regs r = cpuid(0, 0);
	u32 max_leaf = r.eax, max_ext = cpuid(0x80000000, 0).eax;
	char vendor[13], model_name[49] = "";
	unsigned int family, model, stepping;
	u64 hz = tsc_frequency();

	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = 0;
	r = cpuid(1, 0);
	family = (r.eax >> 8) & 0xf;
	model = (r.eax >> 4) & 0xf;
	stepping = r.eax & 0xf;
	if (family == 0xf)
		family += (r.eax >> 20) & 0xff;
	if (family >= 6)
		model |= ((r.eax >> 16) & 0xf) << 4;
	if (max_ext >= 0x80000004) {
		for (u32 i = 0; i < 3; i++) {
			struct cpuid_regs b = cpuid(0x80000002 + i, 0);

			memcpy(model_name + 16 * i, &b, 16);
		}
		model_name[48] = 0;
	}
	seq_printf(s, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\n"
		   "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n",
		   cpu, vendor, family, model, model_name, stepping);
	seq_printf(s, "cpu MHz\t\t: %lu.%03lu\ncache size\t: 0 KB\n",
		   hz / 1000000, hz / 1000 % 1000);
	seq_printf(s, "physical id\t: 0\nsiblings\t: %u\ncore id\t\t: %u\n"
		   "cpu cores\t: %u\napicid\t\t: %u\ninitial apicid\t: %u\n",
		   ncpus, cpu, ncpus, cpu, cpu);
	seq_printf(s, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\n"
		   "wp\t\t: yes\nflags\t\t:", max_leaf);
	for (unsigned int w = 0; w < ARRAY_SIZE(flag_words); w++) {
		const struct flag_word *fw = &flag_words[w];
		u32 bits;

		if (fw->leaf < 0x80000000 ? fw->leaf > max_leaf
					  : fw->leaf > max_ext)
			continue;
		bits = reg_of(cpuid(fw->leaf, fw->sub), fw->reg);
		for (int b = 0; b < 32; b++)
			if ((bits & (1U << b)) && fw->names[b])
				seq_printf(s, " %s", fw->names[b]);
	}
	/* BogoMIPS: Linux's figure is twice the clock in MHz. */
	seq_printf(s, "\nbogomips\t: %lu.%02lu\nclflush size\t: 64\n"
		   "cache_alignment\t: 64\naddress sizes\t: %u bits physical, "
		   "%u bits virtual\npower management:\n\n",
		   hz / 500000, hz / 5000 % 100,
		   max_ext >= 0x80000008 ? cpuid(0x80000008, 0).eax & 0xff : 36,
		   max_ext >= 0x80000008 ?
			   (cpuid(0x80000008, 0).eax >> 8) & 0xff : 48);
}
