/* SPDX-License-Identifier: MIT */
/*
 * First instructions.  Two boot protocols land here in 32-bit protected
 * mode with paging off:
 *   - PVH (QEMU -kernel, Firecracker): %ebx = struct hvm_start_info *
 *   - Multiboot2 (GRUB): %eax = magic, %ebx = boot information
 * We build throw-away page tables that identity-map and direct-map the
 * first 4 GiB and map the image at -2 GiB, enter long mode and jump to
 * the linked (high) address.  C code replaces these tables with proper
 * W^X ones in paging_init().
 */
#include <asm/layout.h>

#define BOOT_PROTO_PVH 1
#define BOOT_PROTO_MB2 2
#define MB2_MAGIC 0xe85250d6
#define MB2_BOOTLOADER_MAGIC 0x36d76289

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	/* entry address tag: GRUB must use the 32-bit entry point */
	.balign 8
	.short 3, 0
	.long 12
	.long mb2_entry
	/* end tag */
	.balign 8
	.short 0, 0
	.long 8
mb2_header_end:

	/* Xen ELF note XEN_ELFNOTE_PHYS32_ENTRY: QEMU's PVH loader reads it */
	.section .note.pvh, "a", @note
	.balign 4
	.long 4				/* name size */
	.long 4				/* desc size */
	.long 18			/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long pvh_entry

	.section .boot.text, "ax"
	.code32
	.globl pvh_entry
pvh_entry:
	movl $BOOT_PROTO_PVH, %edi
	jmp common32

	.globl mb2_entry
mb2_entry:
	movl $BOOT_PROTO_MB2, %edi
	cmpl $MB2_BOOTLOADER_MAGIC, %eax
	je common32
	movl $boot_msg_magic, %esi
	jmp boot_fail

common32:
	cli
	cld
	movl $boot_stack32_top, %esp
	movl %edi, boot_proto
	movl %ebx, boot_info_phys

	/* Long mode (and NX, which the W^X mappings need) must exist. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc no_long_mode
	movl %edx, boot_ext_edx

	/* Clear the page-table area, then fill it. */
	movl $boot_pgt_start, %edi
	movl $(boot_pgt_end - boot_pgt_start) / 4, %ecx
	xorl %eax, %eax
	rep stosl

	/* Four page directories of 2 MiB pages: physical 0..4 GiB. */
	movl $boot_pd, %edi
	xorl %ecx, %ecx			/* index of 2 MiB page, 0..2047 */
1:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax			/* present, writable, large */
	movl %eax, (%edi, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax			/* high bits of phys (>= 4 GiB never) */
	movl %eax, 4(%edi, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jb 1b

	/* PDPT for low/direct map: four entries, one per page directory. */
	movl $boot_pdpt_low, %edi
	movl $boot_pd + 0x003, %eax
	movl %eax, 0(%edi)
	addl $0x1000, %eax
	movl %eax, 8(%edi)
	addl $0x1000, %eax
	movl %eax, 16(%edi)
	addl $0x1000, %eax
	movl %eax, 24(%edi)

	/* PDPT for the image: -2 GiB -> physical 0..1 GiB. */
	movl $boot_pdpt_high, %edi
	movl $boot_pd + 0x003, %eax
	movl %eax, 510 * 8(%edi)

	movl $boot_pml4, %edi
	movl $boot_pdpt_low + 0x003, %eax
	movl %eax, 0(%edi)
	movl %eax, DIRECT_MAP_PML4 * 8(%edi)
	movl $boot_pdpt_high + 0x003, %eax
	movl %eax, 511 * 8(%edi)

	/* PAE + PGE, then CR3, then EFER.LME (and NXE if present). */
	movl %cr4, %eax
	orl $0xa0, %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx
	rdmsr
	orl $0x100, %eax
	btl $20, boot_ext_edx
	jnc 2f
	orl $0x800, %eax
2:	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax		/* PG, WP, PE */
	movl %eax, %cr0

	lgdt boot_gdt_desc
	ljmp $0x08, $long_mode_low

no_long_mode:
	movl $boot_msg_lm, %esi
	/* fall through */

/* Print the string at %esi on COM1 and halt forever. */
boot_fail:
	movw $0x3f8, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	hlt
	jmp 2b

	.code64
long_mode_low:
	movabsq $start64, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 64-bit code */
	.quad 0x00cf92000000ffff	/* data */
boot_gdt_end:
boot_gdt_desc:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.globl boot_proto, boot_info_phys
boot_proto:	.long 0
boot_info_phys:	.long 0
boot_ext_edx:	.long 0
boot_msg_magic:	.asciz "umka: not loaded by a Multiboot2 loader\r\n"
boot_msg_lm:	.asciz "umka: this CPU has no 64-bit long mode\r\n"

	.section .boot.bss, "aw", @nobits
	.balign 4096
boot_pgt_start:
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
boot_pgt_end:
boot_stack32:	.skip 1024
boot_stack32_top:

	.text
	.globl start64
start64:
	/* Reload data segments with the 64-bit GDT's data descriptor. */
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs

	/* Zero .bss: not every loader does it. */
	movabsq $__bss_start, %rdi
	movabsq $__bss_end, %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb

	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl boot_proto, %edi
	movl boot_info_phys, %esi
	call x86_start
1:	cli
	hlt
	jmp 1b

	/*
	 * The boot CPU's first stack.  The page below it is left unmapped by
	 * paging_init(), so an overflow faults instead of corrupting .bss.
	 */
	.section .bss.stack, "aw", @nobits
	.balign 4096
	.globl boot_stack_guard, boot_stack_top
boot_stack_guard:
	.skip 4096
	.skip KERNEL_STACK_SIZE
boot_stack_top:
