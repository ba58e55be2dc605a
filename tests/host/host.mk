# Host unit tests: one line per test binary, naming the portable kernel
# sources it links against.  Built with ASan and UBSan by the top Makefile.
# HOST_TESTS += name ; HOST_SRC_name := <sources>
# and, when a test needs them, HOST_CFLAGS_name := <extra compiler flags>.
HOST_TESTS += buddy
HOST_SRC_buddy := mm/buddy.c
HOST_TESTS += slab
HOST_SRC_slab := mm/slab.c mm/buddy.c
HOST_TESTS += vsprintf
HOST_SRC_vsprintf := lib/vsprintf.c
# Renamed so that the C library's printf, the reference, links alongside.
HOST_CFLAGS_vsprintf := -Dvsnprintf=umka_vsnprintf -Dsnprintf=umka_snprintf
HOST_TESTS += cmdline
HOST_SRC_cmdline := kernel/cmdline.c
HOST_TESTS += memmap
HOST_SRC_memmap := mm/memmap.c
HOST_TESTS += list
HOST_SRC_list :=
HOST_TESTS += rbtree
HOST_SRC_rbtree := lib/rbtree.c
HOST_TESTS += acpi
HOST_SRC_acpi := kernel/acpi/tables.c
HOST_TESTS += rtc
HOST_SRC_rtc := lib/rtc.c
HOST_TESTS += sha512
HOST_SRC_sha512 := lib/crypto/sha512.c
HOST_TESTS += ed25519
HOST_SRC_ed25519 := lib/crypto/ed25519.c lib/crypto/ge25519.c \
	lib/crypto/fe25519.c lib/crypto/sc25519.c lib/crypto/sha512.c
HOST_TESTS += tty
HOST_SRC_tty := kernel/tty/n_tty.c
HOST_TESTS += inflate
HOST_SRC_inflate := lib/inflate.c lib/crc32.c
HOST_TESTS += cpio
HOST_SRC_cpio := lib/cpio.c lib/inflate.c lib/crc32.c
HOST_TESTS += path
HOST_SRC_path := lib/path.c
HOST_TESTS += chacha20
HOST_SRC_chacha20 := lib/chacha20.c
# Driver ELF checks, against the test driver the build links (and a fuzz loop).
HOST_TESTS += drvelf
HOST_SRC_drvelf := lib/drvelf.c
HOST_CFLAGS_drvelf = -I$(B)/include -D_GNU_SOURCE \
	-DDRIVER_FIXTURE=\"$(B)/test-drivers/kabitest.elf\"
HOST_TESTS += partition
HOST_SRC_partition := lib/partition.c lib/crc32.c
HOST_TESTS += virtio
# The virtio library and two drivers, against a fake KernelServices and a
# fake device; the drivers' own memcpy() is left to the C library.
HOST_SRC_virtio := drivers/virtio/virtio_pci.c drivers/virtio/virtqueue.c \
	drivers/virtio_blk/virtio_blk.c drivers/virtio_rng/virtio_rng.c \
	drivers/lib/log.c
HOST_CFLAGS_virtio := -Idrivers/lib/include -Idrivers/virtio/include \
	-I$(B)/include -pthread
$(B)/host/test_virtio: $(KABI_STAMP)
