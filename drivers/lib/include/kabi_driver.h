/* SPDX-License-Identifier: MIT */
/*
 * The driver-side runtime every KABI driver links (drivers/lib/): the
 * few C library functions a freestanding compiler may call, formatted
 * logging through KernelServices, and the manifest macros.  Nothing
 * here reaches the kernel except through the KernelServices vtable.
 */
#ifndef KD_RUNTIME_H
#define KD_RUNTIME_H

#include <kabi/driver.h>
#include <kabi/kernel_services.h>
#include <kd_errno.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* The kernel's services and context, as probe() received them. */
struct kabi_env {
	const struct kabi_kernel_services *ks;
	void *ctx;
};

/*
 * printf-style logging: %s %d %u %x %lx %lu %ld %llx %llu %p %c %%, with
 * an optional 0 flag and width.  Formatting happens here, on the
 * driver's side of the boundary.
 */
__attribute__((format(printf, 3, 4))) void kd_log(const struct kabi_env *env,
						   u32 level, const char *fmt,
						   ...);
int kd_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A driver's manifest: KABI_DRIVER_MANIFEST(name, version, ops) { ... } */
#define KABI_MANIFEST_SECTION                                           \
	__attribute__((section(".umka_manifest"), used, aligned(8)))

#define KABI_VERSION(major, minor, patch)                               \
	((major) << 16 | (minor) << 8 | (patch))

#define KABI_REQUIRE(i, v) { .iface = (i), .version = (v) }

/* The fields every manifest starts with. */
#define KABI_MANIFEST_HEADER                                            \
	.magic = KABI_MANIFEST_MAGIC, .format = KABI_MANIFEST_FORMAT,   \
	.size = sizeof(struct kabi_manifest)

/*
 * What every driver uses: KernelServices and the driver entry points.
 * .nr_requires = KABI_NR_REQUIRES_BASE + (the driver's class interfaces)
 */
#define KABI_REQUIRES_BASE                                              \
	KABI_REQUIRE(KABI_IFACE_KERNEL_SERVICES,                        \
		     KABI_KERNEL_SERVICES_VERSION),                     \
	KABI_REQUIRE(KABI_IFACE_DRIVER, KABI_DRIVER_OPS_VERSION)
#define KABI_NR_REQUIRES_BASE 2
#define KABI_MATCH_PCI(v, d)                                            \
	{ .bus = KABI_BUS_PCI, .vendor = (v), .device = (d) }
#define KABI_MATCH_PLATFORM(n)                                          \
	{ .bus = KABI_BUS_PLATFORM, .vendor = KABI_MATCH_ANY,           \
	  .device = KABI_MATCH_ANY, .platform_name = n }

#define kd_err(env, ...) kd_log(env, KABI_LOG_ERR, __VA_ARGS__)
#define kd_info(env, ...) kd_log(env, KABI_LOG_INFO, __VA_ARGS__)

#endif
