/* SPDX-License-Identifier: MIT */
/* The ChaCha20 block function (RFC 8439).  Portable; host-tested. */
#ifndef UMKA_CHACHA20_H
#define UMKA_CHACHA20_H

#include <umka/types.h>

#define CHACHA20_KEY_WORDS 8
#define CHACHA20_BLOCK_SIZE 64

/* One 64-byte keystream block for (@key, @counter, @nonce). */
void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3],
		    u8 out[64]);

#endif
