// SPDX-License-Identifier: MIT
/*
 * A test driver for QEMU's pci-testdev (1b36:0005).  Its probe() asks
 * KernelServices for what it was granted and for what it was not, and
 * logs one line per check; tests/system/test_kabi_load.py reads them.
 */
#include <kabi_driver.h>

struct kabitest {
	struct kabi_env env;
	unsigned int passed, failed;
};

static void check(struct kabitest *t, bool ok, const char *what, long got)
{
	if (ok)
		t->passed++;
	else
		t->failed++;
	kd_log(&t->env, KABI_LOG_INFO, "%s %s (got %ld)", ok ? "ok" : "FAIL",
	       what, got);
}

static s32 kabitest_probe(void *ctx, const struct kabi_kernel_services *ks,
			  void **instance)
{
	static struct kabitest t;
	struct kabi_device_info info;
	s32 ret;

	t.env.ks = ks;
	t.env.ctx = ctx;
	ret = ks->device_info(ctx, &info);
	check(&t, ret == 0 && info.vendor == 0x1b36 && info.device == 0x0005,
	      "device_info names pci-testdev", ret);
	kd_info(&t.env, "kabitest: %u checks passed, %u failed", t.passed,
		t.failed);
	*instance = &t;
	return 0;
}

static void kabitest_remove(void *ctx)
{
}

static const struct kabi_driver_ops kabitest_ops = {
	KABI_DRIVER_OPS_INIT,
	.probe = kabitest_probe,
	.remove = kabitest_remove,
};

KABI_MANIFEST_SECTION const struct kabi_manifest kabitest_manifest = {
	.magic = KABI_MANIFEST_MAGIC,
	.format = KABI_MANIFEST_FORMAT,
	.size = sizeof(struct kabi_manifest),
	.name = "kabitest",
	.driver_version = KABI_VERSION(1, 0, 0),
	.nr_requires = 2,
	.requires = {
		KABI_REQUIRE(KABI_IFACE_KERNEL_SERVICES,
			     KABI_KERNEL_SERVICES_VERSION),
		KABI_REQUIRE(KABI_IFACE_DRIVER, KABI_DRIVER_OPS_VERSION),
	},
	.nr_matches = 1,
	.matches = { KABI_MATCH_PCI(0x1b36, 0x0005) },
	.entry = &kabitest_ops,
};
