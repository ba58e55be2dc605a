/* SPDX-License-Identifier: MIT */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <umka/types.h>
#include <umka/compiler.h>

/* The FXSAVE image (Intel SDM vol. 1, 10.5.1). */
struct fpu_state {
	u16 fcw, fsw;
	u8 ftw, reserved1;
	u16 fop;
	u64 fip, fdp;
	u32 mxcsr, mxcsr_mask;
	u8 st[8][16];
	u8 xmm[16][16];
	u8 reserved2[96];
} __aligned(16);

_Static_assert(sizeof(struct fpu_state) == 512, "FXSAVE image is 512 bytes");

void fpu_init_boot(void);
void fpu_init_cpu(void);
void fpu_reset(struct fpu_state *f);
void fpu_save(struct fpu_state *f);
void fpu_restore(const struct fpu_state *f);

#endif
