// SPDX-License-Identifier: MIT
/*
 * Capability handles of driver instances (see internal.h).
 *
 * handle = tag << 48 | generation << 32 | (slot + 1).  Slot 0 is never
 * used, so no valid handle is 0.
 */
#include <umka/spinlock.h>
#include "internal.h"

static u64 make_handle(struct kabi_instance *in, unsigned int slot)
{
	return (u64)in->tag << 48 | (u64)in->caps[slot].gen << 32 | (slot + 1);
}

u64 kcap_add(struct kabi_instance *in, enum kcap_type type, void *obj)
{
	unsigned long flags = spin_lock_irqsave(&in->lock);
	u64 h = 0;

	for (unsigned int i = 0; i < KABI_MAX_CAPS; i++) {
		if (in->caps[i].type != KCAP_FREE)
			continue;
		in->caps[i].type = type;
		in->caps[i].obj = obj;
		h = make_handle(in, i);
		break;
	}
	spin_unlock_irqrestore(&in->lock, flags);
	return h;
}

/* The slot of a live handle of this type, or -1. */
static int slot_of(struct kabi_instance *in, u64 h, enum kcap_type type)
{
	u64 slot = (h & 0xffffffff) - 1;

	if (h >> 48 != in->tag || slot >= KABI_MAX_CAPS)
		return -1;
	if (in->caps[slot].type != type ||
	    in->caps[slot].gen != ((h >> 32) & 0xffff))
		return -1;
	return (int)slot;
}

void *kcap_get(struct kabi_instance *in, u64 h, enum kcap_type type)
{
	unsigned long flags = spin_lock_irqsave(&in->lock);
	int slot = slot_of(in, h, type);
	void *obj = slot < 0 ? NULL : in->caps[slot].obj;

	spin_unlock_irqrestore(&in->lock, flags);
	return obj;
}

static void *take_slot(struct kabi_instance *in, int slot)
{
	void *obj = in->caps[slot].obj;

	in->caps[slot].type = KCAP_FREE;
	in->caps[slot].obj = NULL;
	in->caps[slot].gen++;	/* revokes every copy of the old handle */
	return obj;
}

void *kcap_take(struct kabi_instance *in, u64 h, enum kcap_type type)
{
	unsigned long flags = spin_lock_irqsave(&in->lock);
	int slot = slot_of(in, h, type);
	void *obj = slot < 0 ? NULL : take_slot(in, slot);

	spin_unlock_irqrestore(&in->lock, flags);
	return obj;
}

void kcap_revoke_type(struct kabi_instance *in, enum kcap_type want,
		      void (*release)(struct kabi_instance *in,
				      enum kcap_type type, void *obj))
{
	for (unsigned int i = 0; i < KABI_MAX_CAPS; i++) {
		unsigned long flags = spin_lock_irqsave(&in->lock);
		enum kcap_type type = in->caps[i].type;
		void *obj = type != want ? NULL : take_slot(in, (int)i);

		spin_unlock_irqrestore(&in->lock, flags);
		if (obj)
			release(in, type, obj);
	}
}
