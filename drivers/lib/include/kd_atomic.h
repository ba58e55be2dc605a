/* SPDX-License-Identifier: MIT */
/*
 * Atomics and barriers for drivers, on the compiler's C11 builtins (they
 * compile to plain instructions, never to library calls, for the sizes
 * used here).  KernelServices offers no locks on purpose: a driver's
 * interrupt handler must never wait for code it may have interrupted,
 * so drivers share state through these instead and use kd_trylock()
 * only where giving up is safe (see drivers/virtio/virtqueue.c).
 */
#ifndef KD_ATOMIC_H
#define KD_ATOMIC_H

#include <kabi/base.h>

/* Orders normal memory against itself (DMA rings are normal memory). */
#define kd_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define kd_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define kd_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)

#define kd_load(p) __atomic_load_n(p, __ATOMIC_SEQ_CST)
#define kd_store(p, v) __atomic_store_n(p, v, __ATOMIC_SEQ_CST)
#define kd_xchg(p, v) __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)
#define kd_cas(p, old, new)                                             \
	__atomic_compare_exchange_n(p, old, new, false, __ATOMIC_SEQ_CST,  \
				    __ATOMIC_SEQ_CST)

/*
 * A lock that is only ever tried, never waited for: the caller that
 * fails leaves its work to the holder, which looks again after
 * kd_unlock().  Returns true when taken.
 */
static inline bool kd_trylock(u32 *lock)
{
	return kd_xchg(lock, 1) == 0;
}

static inline void kd_unlock(u32 *lock)
{
	kd_store(lock, 0);
}

/* Bitmaps of u64 words that several CPUs change at once. */
static inline void kd_bit_set(u64 *map, u32 bit)
{
	__atomic_fetch_or(&map[bit / 64], 1ull << (bit % 64), __ATOMIC_SEQ_CST);
}

static inline bool kd_bit_test_clear(u64 *map, u32 bit)
{
	u64 m = 1ull << (bit % 64);

	return __atomic_fetch_and(&map[bit / 64], ~m, __ATOMIC_SEQ_CST) & m;
}

/* Clears and returns the lowest set bit below nbits, or -1 if none. */
static inline int kd_bit_take_first(u64 *map, u32 nbits)
{
	for (u32 w = 0; w < (nbits + 63) / 64; w++) {
		u64 v = kd_load(&map[w]);

		while (v) {
			u32 b = (u32)__builtin_ctzll(v);

			if (kd_cas(&map[w], &v, v & ~(1ull << b)))
				return (int)(w * 64 + b);
		}
	}
	return -1;
}

#endif
