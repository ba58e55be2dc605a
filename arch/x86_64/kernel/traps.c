// SPDX-License-Identifier: MIT
/*
 * Exception handling.  Kernel faults that the exception table does not
 * cover are fatal: we print a report a human can act on (what, where,
 * registers, the decoded page-fault cause, a symbolized backtrace) and
 * panic.  Interrupt vectors are handed to irq.c.
 */
#include <umka/printk.h>
#include <umka/panic.h>
#include <umka/kallsyms.h>
#include <umka/arch.h>
#include <umka/percpu.h>
#include <asm/ptrace.h>
#include <asm/cpu.h>
#include <asm/extable.h>
#include <asm/layout.h>
#include <asm/traps.h>
#include <umka/user_return.h>
#include <umka/probe.h>
#include <umka/sched.h>

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault",
	"general protection fault", "page fault", "reserved",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception",
	"control protection", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "hypervisor injection",
	"VMM communication", "security exception", "reserved",
};

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

unsigned long extable_find(unsigned long rip)
{
	for (const struct extable_entry *e = __ex_table_start;
	     e < __ex_table_end; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

static void print_symbol(const char *prefix, unsigned long addr)
{
	unsigned long off;
	const char *name = kallsyms_lookup(addr, &off);

	if (name)
		pr_emerg("%s%s+%#lx (%#lx)\n", prefix, name, off, addr);
	else
		pr_emerg("%s%#lx\n", prefix, addr);
}

/* Frames must lie in kernel memory; stop at anything else. */
static bool frame_ok(unsigned long fp)
{
	return fp >= DIRECT_MAP_BASE && !(fp & 7) && fp < ~0UL - 16;
}

/*
 * The kernel stack of a task that is off CPU: switch_to() left r15..r12,
 * rbx, rbp and its return address at the saved stack pointer.
 */
void arch_dump_task_stack(const struct task *t)
{
	unsigned long frame = t->rsp;
	u64 rbp, ret;

	if (!frame || probe_read_u64((void *)(frame + 40), &rbp) ||
	    probe_read_u64((void *)(frame + 48), &ret))
		return;
	print_symbol("  at ", ret);
	arch_dump_stack(rbp);
}

void arch_dump_stack(unsigned long fp)
{
	unsigned long last = 0, repeats = 0;

	pr_emerg("Call trace:\n");
	for (int depth = 0; depth < 64 && frame_ok(fp); depth++) {
		u64 next, ret;

		/* A corrupt chain must not fault inside the fault report. */
		if (probe_read_u64((void *)fp, &next) ||
		    probe_read_u64((void *)(fp + 8), &ret) || !ret)
			break;
		/* Deep recursion would drown the report: fold repeats. */
		if (ret == last) {
			repeats++;
		} else {
			if (repeats)
				pr_emerg("  ... repeated %lu more times\n", repeats);
			repeats = 0;
			print_symbol("  ", ret);
		}
		last = ret;
		if (next <= fp)	/* frames grow up the stack */
			break;
		fp = next;
	}
	if (repeats)
		pr_emerg("  ... repeated %lu more times\n", repeats);
}

static void dump_regs(const struct pt_regs *r)
{
	print_symbol("RIP: ", r->rip);
	pr_emerg("CS: %#lx RFLAGS: %#lx RSP: %#lx SS: %#lx\n", r->cs,
		 r->rflags, r->rsp, r->ss);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx,
		 r->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi,
		 r->rdi);
	pr_emerg("RBP: %016lx R8:  %016lx R9:  %016lx\n", r->rbp, r->r8,
		 r->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", r->r10, r->r11,
		 r->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", r->r13, r->r14,
		 r->r15);
	pr_emerg("CR0: %#lx CR2: %#lx CR3: %#lx CR4: %#lx\n",
		 (unsigned long)read_cr0(), (unsigned long)read_cr2(),
		 (unsigned long)read_cr3(), (unsigned long)read_cr4());
}

static void decode_page_fault(unsigned long err, unsigned long cr2)
{
	pr_emerg("page fault at %#lx: %s %s in %s mode%s%s%s\n", cr2,
		 err & PF_PROT ? "protection violation on" : "not-present",
		 err & PF_INSTR ? "instruction fetch" :
		 err & PF_WRITE ? "write" : "read",
		 err & PF_USER ? "user" : "kernel",
		 err & PF_RSVD ? ", reserved bit set" : "",
		 err & PF_PK ? ", protection key" : "",
		 (err & PF_PROT) && !(err & PF_USER) && cr2 < USER_TOP ?
			 " (SMAP/SMEP: kernel touched user memory)" : "");
}

/*
 * A leaf function may have no frame of its own, so the frame-pointer walk
 * starts at its caller's caller.  The word at the top of the stack is
 * then the missing return address; print it marked '?' as a guess.
 */
static void print_leaf_caller(const struct pt_regs *r)
{
	unsigned long off, word;

	/* The stack may be the overflowed one: read it with a probe. */
	if (user_mode(r) || !frame_ok(r->rsp) ||
	    probe_read_u64((void *)r->rsp, &word))
		return;
	if (kallsyms_lookup(word, &off))
		print_symbol("  ? ", word);
}

static void __noreturn die(const char *what, struct pt_regs *r)
{
	unsigned long v = r->vector;

	pr_emerg("---[ %s: vector %lu (%s), error code %#lx, CPU %u ]---\n",
		 what, v, v < 32 ? exception_names[v] : "interrupt",
		 r->error_code, smp_processor_id());
	if (v == X86_TRAP_PF)
		decode_page_fault(r->error_code, read_cr2());
	dump_regs(r);
	print_leaf_caller(r);
	arch_dump_stack(r->rbp);
	panic("fatal exception: %s", v < 32 ? exception_names[v] : "?");
}

static bool fixup_exception(struct pt_regs *r)
{
	unsigned long fix = extable_find(r->rip);

	if (!fix)
		return false;
	r->rip = fix;
	return true;
}

static void handle_double_fault(struct pt_regs *r)
{
	unsigned long cr2 = read_cr2();

	/* The usual cause: a kernel stack ran into its guard page. */
	if (stack_guard_hit(cr2))
		pr_emerg("kernel stack overflow: guard page %#lx hit\n",
			 cr2 & ~0xfffUL);
	die("double fault", r);
}

static void handle_exception(struct pt_regs *r)
{
	unsigned long v = r->vector;

	if (v == X86_TRAP_DF)
		handle_double_fault(r);
	if (v == X86_TRAP_NMI && nmi_handler(r))
		return;
	if (v == X86_TRAP_PF && page_fault_hook && page_fault_hook(r))
		return;
	/* Checked accesses (copy_from_user, probes) recover first. */
	if (!user_mode(r) && fixup_exception(r))
		return;
	if (v == X86_TRAP_PF && !user_mode(r) && stack_guard_hit(read_cr2())) {
		pr_emerg("kernel stack overflow: guard page %#lx hit\n",
			 read_cr2() & ~0xfffUL);
		die("stack overflow", r);
	}
	if (user_mode(r) && user_exception_hook && user_exception_hook(r))
		return;
	die(user_mode(r) ? "unhandled user exception" : "kernel oops", r);
}

bool (*page_fault_hook)(struct pt_regs *r);
bool (*user_exception_hook)(struct pt_regs *r);

void x86_trap(struct pt_regs *r)
{
	if (r->vector < 32)
		handle_exception(r);
	else
		irq_entry(r);
	/* Signals and rescheduling are handled on the way out to user. */
	if (user_mode(r))
		return_to_user(r, false);
}
