// SPDX-License-Identifier: MIT
/*
 * The x86-64 signal frame, laid out exactly as Linux does so that libc's
 * restorers and debuggers understand it:
 *
 *	[fxsave area, 64-aligned]  <- uc.uc_mcontext.fpstate
 *	struct rt_sigframe { pretcode; ucontext; siginfo }  <- handler rsp
 *
 * rt_sigreturn reads it back, accepting only register values a user
 * could have set itself.
 */
#include <umka/syscall.h>
#include <umka/sigtypes.h>
#include <umka/signal.h>
#include <umka/sched.h>
#include <umka/string.h>
#include <umka/user_return.h>
#include <asm/signal_frame.h>
#include <asm/segment.h>
#include <asm/fpu.h>
#include <umka/irqflags.h>
#include <asm/cpu.h>
#include <asm/layout.h>

struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;
	u64 reserved1[8];
};

struct ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct user_stack uc_stack;
	struct sigcontext uc_mcontext;
	u64 uc_sigmask;
};

struct rt_sigframe {
	u64 pretcode;
	struct ucontext uc;
	struct user_siginfo info;
};

_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext layout");

#define RED_ZONE 128
/* Flags a user may change through sigreturn (Linux FIX_EFLAGS). */
#define USER_EFLAGS 0x40dd5

static void save_regs(struct sigcontext *sc, const struct pt_regs *r)
{
	sc->r8 = r->r8, sc->r9 = r->r9, sc->r10 = r->r10, sc->r11 = r->r11;
	sc->r12 = r->r12, sc->r13 = r->r13, sc->r14 = r->r14;
	sc->r15 = r->r15, sc->rdi = r->rdi, sc->rsi = r->rsi;
	sc->rbp = r->rbp, sc->rbx = r->rbx, sc->rdx = r->rdx;
	sc->rax = r->rax, sc->rcx = r->rcx, sc->rsp = r->rsp;
	sc->rip = r->rip, sc->eflags = r->rflags;
	sc->cs = USER_CS, sc->ss = USER_DS;
	sc->err = r->vector < 32 ? r->error_code : 0;
	sc->trapno = r->vector < 32 ? r->vector : 0;
	sc->cr2 = r->vector == 14 ? read_cr2() : 0;
}

static unsigned long frame_base(struct task *t, const struct pt_regs *r,
				const struct k_sigaction *ka)
{
	unsigned long sp = r->rsp - RED_ZONE;
	bool on_alt = t->altstack_size && sp - t->altstack_sp <= t->altstack_size;

	if ((ka->flags & SA_ONSTACK) && t->altstack_size && !on_alt &&
	    !(t->altstack_flags & SS_DISABLE))
		sp = t->altstack_sp + t->altstack_size;
	return sp;
}

int arch_setup_rt_frame(struct task *t, struct pt_regs *r, int sig,
			const struct k_sigaction *ka,
			const struct user_siginfo *info, u64 blocked)
{
	unsigned long sp = frame_base(t, r, ka), fp_addr;
	struct rt_sigframe f;

	memset(&f, 0, sizeof(f));
	fp_addr = ALIGN_DOWN(sp - sizeof(struct fpu_state), 64);
	if (t->fpu) {
		fpu_save(t->fpu);
		if (copy_to_user((void __user *)fp_addr, t->fpu,
				 sizeof(struct fpu_state)))
			return -EFAULT;
	}
	/* rsp + 8 is 16-aligned at entry, as after a call instruction. */
	sp = ALIGN_DOWN(fp_addr - sizeof(f), 16) - 8;
	f.pretcode = ka->restorer;
	f.uc.uc_stack.ss_sp = t->altstack_sp;
	f.uc.uc_stack.ss_size = t->altstack_size;
	f.uc.uc_stack.ss_flags = t->altstack_size ? 0 : SS_DISABLE;
	save_regs(&f.uc.uc_mcontext, r);
	f.uc.uc_mcontext.fpstate = t->fpu ? fp_addr : 0;
	f.uc.uc_mcontext.oldmask = blocked;
	f.uc.uc_sigmask = blocked;
	f.info = *info;
	if (copy_to_user((void __user *)sp, &f, sizeof(f)))
		return -EFAULT;
	r->rdi = sig;
	r->rsi = sp + __builtin_offsetof(struct rt_sigframe, info);
	r->rdx = sp + __builtin_offsetof(struct rt_sigframe, uc);
	r->rax = 0;
	r->rsp = sp;
	r->rip = ka->handler;
	r->rflags &= ~(BIT(8) | BIT(10));	/* TF and DF clear */
	return 0;
}

void arch_restart_syscall(struct pt_regs *r)
{
	r->rax = r->vector;	/* the original syscall number */
	r->rip -= 2;		/* back over the 2-byte SYSCALL */
	r->rcx = r->rip;
}

static void restore_regs(struct pt_regs *r, const struct sigcontext *sc)
{
	r->r8 = sc->r8, r->r9 = sc->r9, r->r10 = sc->r10, r->r11 = sc->r11;
	r->r12 = sc->r12, r->r13 = sc->r13, r->r14 = sc->r14;
	r->r15 = sc->r15, r->rdi = sc->rdi, r->rsi = sc->rsi;
	r->rbp = sc->rbp, r->rbx = sc->rbx, r->rdx = sc->rdx;
	r->rax = sc->rax, r->rcx = sc->rcx, r->rsp = sc->rsp;
	r->rip = sc->rip;
	r->rflags = (r->rflags & ~USER_EFLAGS) | (sc->eflags & USER_EFLAGS);
	r->cs = USER_CS;
	r->ss = USER_DS;
	r->vector = ~0UL;	/* not a system call any more: no restart */
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *r = current_pt_regs();
	struct task *t = current;
	struct rt_sigframe f;
	unsigned long frame = r->rsp - 8;	/* the handler's ret popped pretcode */

	if (copy_from_user(&f, (void __user *)frame, sizeof(f))) {
		force_fault_signal(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	if (t->fpu && f.uc.uc_mcontext.fpstate) {
		struct fpu_state fs;
		unsigned long flags;

		/*
		 * Into a copy first: the copy may sleep, and a switch away
		 * saves the live registers into t->fpu over what we read.
		 */
		if (copy_from_user(&fs, (void __user *)f.uc.uc_mcontext.fpstate,
				   sizeof(fs))) {
			force_fault_signal(SIGSEGV, SI_KERNEL, 0);
			return 0;
		}
		fs.mxcsr &= 0xffff;	/* reserved bits would #GP */
		flags = local_irq_save();
		*t->fpu = fs;
		fpu_restore(t->fpu);
		local_irq_restore(flags);
	}
	restore_regs(r, &f.uc.uc_mcontext);
	signal_set_blocked(f.uc.uc_sigmask);
	return (long)r->rax;
}
