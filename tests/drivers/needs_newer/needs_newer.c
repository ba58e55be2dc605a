// SPDX-License-Identifier: MIT
/*
 * A driver that says it was built against a version of the entropy
 * interface newer than this kernel's: the loader must refuse it, naming
 * the interface and both versions, before mapping anything.
 */
#include <kabi_driver.h>
#include <kabi/entropy.h>

static s32 needs_newer_probe(void *ctx, const struct kabi_kernel_services *ks,
			     void **instance)
{
	return -22;	/* never reached: the loader refuses the file */
}

static void needs_newer_remove(void *ctx)
{
}

static const struct kabi_driver_ops needs_newer_ops = {
	KABI_DRIVER_OPS_INIT,
	.probe = needs_newer_probe,
	.remove = needs_newer_remove,
};

KABI_MANIFEST_SECTION const struct kabi_manifest needs_newer_manifest = {
	KABI_MANIFEST_HEADER,
	.name = "needs_newer",
	.driver_version = KABI_VERSION(1, 0, 0),
	.nr_requires = 2,
	.requires = {
		KABI_REQUIRE(KABI_IFACE_KERNEL_SERVICES,
			     KABI_KERNEL_SERVICES_VERSION),
		KABI_REQUIRE(KABI_IFACE_ENTROPY, KABI_ENTROPY_OPS_VERSION + 1),
	},
	.nr_matches = 1,
	.matches = { KABI_MATCH_PCI(0x1af4, 0x1044) },
	.entry = &needs_newer_ops,
};
