// SPDX-License-Identifier: MIT
/*
 * The kernel CSPRNG: ChaCha20 keyed from a seed pool, with fast key
 * erasure (each request ends by replacing the key with fresh keystream,
 * so a later compromise of the state reveals nothing already handed
 * out).  The seed mixes RDSEED (or RDRAND) with TSC jitter, and every
 * request stirs in one more RDRAND word where the CPU has it.
 */
#include <umka/random.h>
#include <umka/chacha20.h>
#include <umka/spinlock.h>
#include <umka/string.h>
#include <umka/printk.h>
#include <asm/random.h>

static DEFINE_SPINLOCK(rng_lock, LOCK_LEVEL_RANDOM);
static u32 rng_key[CHACHA20_KEY_WORDS];	/* under rng_lock */
static u64 rng_requests;
static bool rng_seeded;

/*
 * Timing jitter: the low bits of the cycle counter across a loop whose
 * duration depends on caches, interrupts and the emulator.  Not much
 * entropy per sample, so take many and fold them all.
 */
static u64 jitter_u64(void)
{
	u64 acc = 0;

	for (int i = 0; i < 64; i++) {
		u64 t0 = arch_cycles();
		volatile u32 spin = 0;

		for (u32 k = 0; k < 16 + (t0 & 15); k++)
			spin += k;
		acc = (acc << 7 | acc >> 57) ^ (arch_cycles() - t0) ^ t0 ^
		      spin;
	}
	return acc;
}

/* Called with rng_lock held. */
static void seed_locked(void)
{
	u32 pool[CHACHA20_KEY_WORDS], nonce[3] = { 0x756d6b61, 0, 0 };
	u8 block[CHACHA20_BLOCK_SIZE];
	unsigned int hw = 0;

	for (int i = 0; i < CHACHA20_KEY_WORDS; i += 2) {
		u64 v = 0;

		if (arch_random_seed_u64(&v) || (v = arch_random_u64()))
			hw++;
		v ^= jitter_u64();
		pool[i] = rng_key[i] ^ (u32)v;
		pool[i + 1] = rng_key[i + 1] ^ (u32)(v >> 32);
	}
	/* Whiten: the key is keystream of the pool, never the pool itself. */
	chacha20_block(pool, 0, nonce, block);
	memcpy(rng_key, block, sizeof(rng_key));
	memset(pool, 0, sizeof(pool));
	memset(block, 0, sizeof(block));
	rng_seeded = true;
	pr_info("random: seeded from %s and TSC jitter\n",
		hw ? "RDSEED/RDRAND" : "no hardware source");
}

void random_init(void)
{
	unsigned long flags = spin_lock_irqsave(&rng_lock);

	if (!rng_seeded)
		seed_locked();
	spin_unlock_irqrestore(&rng_lock, flags);
}

void get_random_bytes(void *buf, size_t n)
{
	u8 block[CHACHA20_BLOCK_SIZE];
	u32 nonce[3];
	u32 counter = 1;
	unsigned long flags;
	u8 *out = buf;
	u64 extra;

	flags = spin_lock_irqsave(&rng_lock);
	if (!rng_seeded)
		seed_locked();
	extra = arch_random_u64();	/* 0 without RDRAND: harmless */
	rng_key[0] ^= (u32)extra;
	rng_key[1] ^= (u32)(extra >> 32);
	/* A fresh nonce per request: the same key never repeats a stream. */
	rng_requests++;
	nonce[0] = (u32)rng_requests;
	nonce[1] = (u32)(rng_requests >> 32);
	nonce[2] = 0;
	while (n) {
		size_t take = min(n, sizeof(block));

		chacha20_block(rng_key, counter++, nonce, block);
		memcpy(out, block, take);
		out += take;
		n -= take;
	}
	/* Fast key erasure. */
	chacha20_block(rng_key, 0, nonce, block);
	memcpy(rng_key, block, sizeof(rng_key));
	spin_unlock_irqrestore(&rng_lock, flags);
	memset(block, 0, sizeof(block));
}

/*
 * Stirs outside input (a hardware RNG) into the key: each 32-byte piece
 * is XORed in and the key re-derived through ChaCha20, so input can add
 * unpredictability but never remove what was there.
 */
void random_mix(const void *buf, size_t n)
{
	u32 nonce[3] = { 0x78696d, 0, 0 };
	u8 block[CHACHA20_BLOCK_SIZE];
	const u8 *in = buf;
	unsigned long flags;

	flags = spin_lock_irqsave(&rng_lock);
	while (n) {
		size_t take = min(n, sizeof(rng_key));
		u8 *key = (u8 *)rng_key;

		for (size_t i = 0; i < take; i++)
			key[i] ^= in[i];
		chacha20_block(rng_key, 0, nonce, block);
		memcpy(rng_key, block, sizeof(rng_key));
		in += take;
		n -= take;
		nonce[1]++;
	}
	spin_unlock_irqrestore(&rng_lock, flags);
	memset(block, 0, sizeof(block));
}

u64 get_random_u64(void)
{
	u64 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}
