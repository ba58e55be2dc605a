// SPDX-License-Identifier: MIT
/*
 * Driver signatures: a 128-byte trailer appended by tools/sign.py
 * (docs/kabi.md, "Signature format"), checked before any of the ELF is
 * looked at.
 */
#include <umka/crypto/ed25519.h>
#include <umka/errno.h>
#include <umka/string.h>
#include <generated/kabi_key.h>
#include "internal.h"

#define TRAILER_SIZE 128
#define SIGNED_HALF 64

struct sig_trailer {
	char magic[16];
	u32 format;
	u32 algorithm;
	u64 payload_len;
	u8 key[ED25519_PUBLIC_KEY_SIZE];
	u8 sig[ED25519_SIGNATURE_SIZE];
} __packed;

_Static_assert(sizeof(struct sig_trailer) == TRAILER_SIZE, "trailer size");

static int refuse(const char **why, int err, const char *reason)
{
	*why = reason;
	return err;
}

int kabi_check_signature(const void *file, size_t len, size_t *payload,
			 const char **why)
{
	struct sig_trailer t;

	if (len < TRAILER_SIZE)
		return refuse(why, -EKEYREJECTED, "unsigned (file too short for a signature)");
	memcpy(&t, (const u8 *)file + len - TRAILER_SIZE, sizeof(t));
	if (memcmp(t.magic, "UMKAOS-SIGNATURE", sizeof(t.magic)))
		return refuse(why, -EKEYREJECTED, "unsigned (no signature trailer)");
	if (t.format != 1 || t.algorithm != 1)
		return refuse(why, -EKEYREJECTED,
			      "signature of an unknown format or algorithm");
	if (t.payload_len != len - TRAILER_SIZE)
		return refuse(why, -EKEYREJECTED,
			      "signature covers a different length");
	if (memcmp(t.key, kabi_builtin_key, sizeof(t.key)))
		return refuse(why, -EKEYREJECTED, "signed with a key this kernel does not trust");
	if (ed25519_verify(t.sig, file, len - SIGNED_HALF, kabi_builtin_key))
		return refuse(why, -EKEYREJECTED,
			      "signature does not match the file");
	*payload = len - TRAILER_SIZE;
	return 0;
}
