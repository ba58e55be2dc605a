// SPDX-License-Identifier: MIT
/*
 * The initrd handed over by the boot loader stays intact and reserved
 * until the initramfs code unpacks it.  The system test boots with a
 * file that starts with INITRD_MAGIC and selects this test.
 */
#include <umka/ktest.h>
#include <umka/boot.h>
#include <umka/mm.h>
#include <umka/string.h>

#define INITRD_MAGIC "UMKA-INITRD-TEST"

KTEST(initrd_kept_in_memory)
{
	const char *p;

	if (!boot_info.initrd_size) {
		/* Booted without one: the kernel must say so and go on. */
		KT_ASSERT_EQ(boot_info.initrd_base, 0);
		return;
	}
	p = phys_to_virt(boot_info.initrd_base);
	KT_ASSERT(!memcmp(p, INITRD_MAGIC, strlen(INITRD_MAGIC)));
	/* The last byte is the file's length modulo 251, as written. */
	KT_ASSERT_EQ((u8)p[boot_info.initrd_size - 1],
		     boot_info.initrd_size % 251);
	/* Reserved: the page allocator must not own these frames. */
	for (u64 off = 0; off < boot_info.initrd_size; off += PAGE_SIZE) {
		struct page *pg = phys_to_page(boot_info.initrd_base + off);

		KT_ASSERT(!pg || (pg->flags & PG_RESERVED));
	}
}
