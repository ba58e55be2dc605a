// SPDX-License-Identifier: MIT
/*
 * register_device(): a driver offers a device of some class, and the
 * class's owner in Core takes it (block layer, entropy pool, ...).  The
 * capability the driver gets back is what it unregisters later, and what
 * Core revokes when the instance goes away.
 */
#include <umka/errno.h>
#include <umka/blkdev.h>
#include <umka/hwrng.h>
#include <umka/netdev.h>
#include <umka/tty.h>
#include <umka/err.h>
#include <umka/slab.h>
#include <kabi/entropy.h>
#include "internal.h"

struct kabi_classdev {
	u32 class_id;
	void *core;		/* the class owner's object */
};

static int attach(struct kabi_instance *in, struct kabi_classdev *cd,
		  void *dev_ctx, const void *ops, struct kabi_device_reg *out)
{
	out->core_ops = NULL;
	out->core_ctx = NULL;
	switch (cd->class_id) {
	case KABI_CLASS_ENTROPY:
		cd->core = hwrng_register(ops, dev_ctx, in->drv->name);
		return IS_ERR(cd->core) ? (int)PTR_ERR(cd->core) : 0;
	case KABI_CLASS_NET:
		return netdev_register_kabi(ops, dev_ctx,
					    (struct net_device **)&cd->core,
					    (const struct kabi_net_core **)&out->core_ops,
					    &out->core_ctx);
	case KABI_CLASS_CONSOLE:
		return console_attach_kabi(ops, dev_ctx,
					   (const struct kabi_console_core **)&out->core_ops,
					   &out->core_ctx);
	case KABI_CLASS_BLOCK:
		return blk_register_kabi(ops, dev_ctx,
					 (struct gendisk **)&cd->core,
					 (const struct kabi_block_core **)&out->core_ops,
					 &out->core_ctx);
	default:
		return -EINVAL;
	}
}

s32 ks_register_device(void *ctx, u32 class_id, void *dev_ctx,
		       const void *ops, struct kabi_device_reg *out)
{
	struct kabi_instance *in = ctx;
	struct kabi_classdev *cd;
	int ret;

	if (!ops)
		return -EINVAL;
	cd = kzalloc(sizeof(*cd));
	if (!cd)
		return -ENOMEM;
	cd->class_id = class_id;
	ret = attach(in, cd, dev_ctx, ops, out);
	if (ret) {
		kfree(cd);
		return ret;
	}
	out->handle = kcap_add(in, KCAP_DEVICE, cd);
	if (!out->handle) {
		kabi_class_release(in, cd);
		return -ENOSPC;
	}
	return 0;
}

void kabi_class_release(struct kabi_instance *in, void *obj)
{
	struct kabi_classdev *cd = obj;

	switch (cd->class_id) {
	case KABI_CLASS_ENTROPY:
		hwrng_unregister(cd->core);
		break;
	case KABI_CLASS_NET:
		netdev_unregister(cd->core);
		break;
	case KABI_CLASS_CONSOLE:
		console_detach_kabi();
		break;
	case KABI_CLASS_BLOCK:
		blk_unregister(cd->core);
		break;
	}
	kfree(cd);
}

void ks_unregister_device(void *ctx, kabi_handle h)
{
	void *cd = kcap_take(ctx, h, KCAP_DEVICE);

	if (cd)
		kabi_class_release(ctx, cd);
}
