// SPDX-License-Identifier: MIT
/*
 * virtio_rng built against the version 1 entropy header (see driver.mk):
 * KABI_ENTROPY_OPS_VERSION is 1 there, so the source leaves quality()
 * out, names itself virtio_rng_v1 and requires entropy version 1.
 */
#include "../virtio_rng/virtio_rng.c"
