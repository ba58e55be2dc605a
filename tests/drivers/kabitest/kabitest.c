// SPDX-License-Identifier: MIT
/*
 * A test driver for QEMU's pci-testdev (1b36:0005).  Its probe() asks
 * KernelServices for what this instance was granted and for what it was
 * not, and logs one line per check; tests/system/test_kabi_load.py reads
 * them.  Every refusal here is a capability the kernel must not grant.
 */
#include <kabi_driver.h>

#define EPERM 1
#define EBADF 9
#define ENOMEM 12
#define ENODEV 19
#define EINVAL 22

struct kabitest {
	struct kabi_env env;
	const struct kabi_kernel_services *ks;
	void *ctx;
	unsigned int passed, failed;
	volatile int timer_fired, work_ran;
};

static struct kabitest t;

static void check(bool ok, const char *what, long got)
{
	if (ok)
		t.passed++;
	else
		t.failed++;
	kd_log(&t.env, ok ? KABI_LOG_INFO : KABI_LOG_ERR, "%s %s (got %ld)",
	       ok ? "ok" : "FAIL", what, got);
}

/* The first region of a kind, or -1. */
static int find_region(u32 kind, struct kabi_region *out)
{
	for (u32 i = 0; i < 6; i++) {
		if (t.ks->region_map(t.ctx, i, out))
			continue;
		if (out->kind == kind)
			return (int)i;
		t.ks->region_unmap(t.ctx, out->handle);
	}
	return -1;
}

static void check_regions(const struct kabi_device_info *info)
{
	struct kabi_region mmio, port, r;
	u32 v = 0;
	s32 ret;

	ret = t.ks->region_map(t.ctx, info->nr_regions, &r);
	check(ret == -EINVAL, "region_map past the last BAR is EINVAL", ret);
	ret = t.ks->region_map(t.ctx, 5, &r);
	check(ret == -ENODEV, "region_map of an absent BAR is ENODEV", ret);
	check(find_region(KABI_REGION_MMIO, &mmio) >= 0 && mmio.base &&
		      mmio.size >= 4096,
	      "its memory BAR maps", (long)mmio.size);
	check(find_region(KABI_REGION_PORT, &port) >= 0 && !port.base,
	      "its port BAR is granted as ports", (long)port.size);
	ret = t.ks->port_read(t.ctx, port.handle, 0, 1, &v);
	check(ret == 0, "port_read inside its port BAR", ret);
	ret = t.ks->port_read(t.ctx, port.handle, (u32)port.size, 1, &v);
	check(ret == -EINVAL, "port_read past its port BAR is EINVAL", ret);
	ret = t.ks->port_read(t.ctx, mmio.handle, 0, 4, &v);
	check(ret == -EINVAL, "port_read through a memory BAR is EINVAL", ret);
	ret = t.ks->port_read(t.ctx, port.handle ^ (1ull << 48), 0, 1, &v);
	check(ret == -EBADF, "a handle of another instance is EBADF", ret);
	ret = t.ks->port_read(t.ctx, 0x12345, 0, 1, &v);
	check(ret == -EBADF, "a made-up handle is EBADF", ret);
	t.ks->region_unmap(t.ctx, port.handle);
	ret = t.ks->port_read(t.ctx, port.handle, 0, 1, &v);
	check(ret == -EBADF, "an unmapped region's handle is revoked", ret);
	t.ks->region_unmap(t.ctx, mmio.handle);
}

static void check_config(void)
{
	u32 v = 0;
	s32 ret;

	ret = t.ks->config_read(t.ctx, 0, 2, &v);
	check(ret == 0 && v == 0x1b36, "config_read of its own vendor ID", v);
	ret = t.ks->config_read(t.ctx, 4096, 4, &v);
	check(ret == -EINVAL, "config_read past config space is EINVAL", ret);
	ret = t.ks->config_read(t.ctx, 1, 2, &v);
	check(ret == -EINVAL, "misaligned config_read is EINVAL", ret);
	ret = t.ks->config_write(t.ctx, 0x10, 4, 0);
	check(ret == -EPERM, "config_write to a BAR is EPERM", ret);
}

static void check_irqs(const struct kabi_device_info *info)
{
	kabi_handle h;
	u32 type = 0;
	s32 ret;

	ret = t.ks->irq_alloc(t.ctx, 2, 2, KABI_IRQ_MSIX, &type);
	check(ret == -ENODEV, "MSI-X on a device without it is ENODEV", ret);
	ret = t.ks->irq_alloc(t.ctx, 1, 1, KABI_IRQ_MSIX | KABI_IRQ_INTX, &type);
	check(info->max_irqs ? ret == 1 && type == KABI_IRQ_INTX : ret == -ENODEV,
	      "INTx is the fallback", ret);
	ret = t.ks->irq_register(t.ctx, 5, (kabi_irq_fn)0x1, 0, &h);
	check(ret == -EINVAL, "irq_register of a vector not granted is EINVAL",
	      ret);
	t.ks->irq_free(t.ctx);
}

static void check_dma(void)
{
	struct kabi_dma_buf b[5];
	s32 ret;
	int got = 0;

	ret = t.ks->dma_alloc(t.ctx, 4096, KABI_MEM_ZERO, &b[0]);
	check(ret == 0 && b[0].dma_addr && !(b[0].dma_addr & 4095) &&
		      ((u8 *)b[0].cpu_addr)[100] == 0,
	      "dma_alloc of a page", ret);
	t.ks->dma_free(t.ctx, b[0].handle);
	ret = t.ks->dma_alloc(t.ctx, 64u << 20, 0, &b[0]);
	check(ret == -ENOMEM, "dma_alloc beyond the pool is ENOMEM", ret);
	for (int i = 0; i < 5; i++)
		if (!t.ks->dma_alloc(t.ctx, 4u << 20, 0, &b[i]))
			got++;
	check(got == 4, "the DMA pool holds 16 MiB and no more", got);
	for (int i = 0; i < got; i++)
		t.ks->dma_free(t.ctx, b[i].handle);
}

static void check_memory(void)
{
	void *p = t.ks->alloc(t.ctx, 100, KABI_MEM_ZERO);

	check(p && ((u8 *)p)[99] == 0, "alloc of 100 zeroed bytes", 0);
	t.ks->free(t.ctx, p);
	check(!t.ks->alloc(t.ctx, 17u << 20, 0), "alloc beyond the limit fails",
	      0);
	check(!t.ks->alloc(t.ctx, 0, 0), "alloc of nothing fails", 0);
}

static void timer_fn(void *arg)
{
	t.timer_fired++;
}

static void work_fn(void *arg)
{
	t.work_ran++;
}

static void check_time(void)
{
	kabi_handle tm, wk;
	u64 start = t.ks->clock_ns(t.ctx);
	s32 ret;

	ret = t.ks->timer_create(t.ctx, timer_fn, 0, &tm);
	if (!ret)
		ret = t.ks->timer_arm(t.ctx, tm, 1000000, 0);
	ret |= t.ks->work_create(t.ctx, work_fn, 0, &wk);
	if (!ret)
		ret = t.ks->work_queue(t.ctx, wk, 0);
	/* Up to 10 s: TCG on a loaded host can be slow to deliver. */
	for (int i = 0; i < 10000 && !(t.timer_fired && t.work_ran); i++)
		t.ks->udelay(t.ctx, 1000);
	check(ret == 0 && t.timer_fired == 1, "a one-shot timer fires once",
	      t.timer_fired);
	check(t.work_ran == 1, "queued work runs", t.work_ran);
	check(t.ks->clock_ns(t.ctx) > start, "the clock advances", 0);
	ret = t.ks->timer_arm(t.ctx, tm, 0, 1000);
	check(ret == -EINVAL, "a 1 us periodic timer is refused", ret);
	t.ks->timer_destroy(t.ctx, tm);
	ret = t.ks->timer_arm(t.ctx, tm, 0, 0);
	check(ret == -EBADF, "a destroyed timer's handle is revoked", ret);
	t.ks->work_destroy(t.ctx, wk);
}

static void check_rings_and_classes(void)
{
	struct kabi_ring_params p = { .entry_size = 64, .nr_entries = 16,
				      .flags = KABI_RING_TO_DRIVER };
	struct kabi_device_reg reg;
	struct kabi_ring r;
	s32 ret;

	ret = t.ks->ring_create(t.ctx, &p, 0, 0, &r);
	check(ret == 0 && r.nr_entries == 16 && r.header->head == 0,
	      "ring_create", ret);
	if (!ret)
		t.ks->ring_destroy(t.ctx, r.handle);
	p.nr_entries = 15;
	ret = t.ks->ring_create(t.ctx, &p, 0, 0, &r);
	check(ret == -EINVAL, "a ring of 15 entries is EINVAL", ret);
	ret = t.ks->register_device(t.ctx, 99, 0, &p, &reg);
	check(ret == -EINVAL, "register_device of an unknown class is EINVAL",
	      ret);
}

static s32 kabitest_probe(void *ctx, const struct kabi_kernel_services *ks,
			  void **instance)
{
	struct kabi_device_info info;
	s32 ret;

	t.env.ks = t.ks = ks;
	t.env.ctx = t.ctx = ctx;
	ret = ks->device_info(ctx, &info);
	check(ret == 0 && info.vendor == 0x1b36 && info.device == 0x0005 &&
		      info.bus == KABI_BUS_PCI,
	      "device_info names pci-testdev", ret);
	check_regions(&info);
	check_config();
	check_irqs(&info);
	check_dma();
	check_memory();
	check_time();
	check_rings_and_classes();
	kd_info(&t.env, "kabitest: %u checks passed, %u failed", t.passed,
		t.failed);
	*instance = &t;
	return 0;
}

static void kabitest_remove(void *ctx)
{
	kd_info(&t.env, "kabitest: removed");
}

static const struct kabi_driver_ops kabitest_ops = {
	KABI_DRIVER_OPS_INIT,
	.probe = kabitest_probe,
	.remove = kabitest_remove,
};

KABI_MANIFEST_SECTION const struct kabi_manifest kabitest_manifest = {
	KABI_MANIFEST_HEADER,
	.name = "kabitest",
	.driver_version = KABI_VERSION(1, 0, 0),
	.nr_requires = KABI_NR_REQUIRES_BASE,
	.requires = {
		KABI_REQUIRES_BASE,
	},
	.nr_matches = 1,
	.matches = { KABI_MATCH_PCI(0x1b36, 0x0005) },
	.entry = &kabitest_ops,
};
