# UmkaOS build.  `make` builds build/umka; see README.md for the rest.
# Variables: CC=gcc|clang, SMP, MEM, CMDLINE, INITRD, DISK, ACCEL=tcg|kvm,
# DEBUG=1|0

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
LD := ld
NM := nm
PYTHON := python3
ARCH := x86_64

SMP ?= 2
MEM ?= 256M
CMDLINE ?= console=ttyS0
ACCEL ?= tcg
# Debug builds (lock-order checking, assertions) are the default.
DEBUG ?= 1

B := build
# The busybox initramfs (tools/mkinitramfs.py); INITRD=file overrides it.
INITRAMFS := $(B)/initramfs.cpio.gz
INITRD ?= $(INITRAMFS)
O := $(B)/obj-$(notdir $(CC))

KERNEL_DIRS := arch/$(ARCH) kernel mm lib fs block net
KSRC_C := $(shell find $(KERNEL_DIRS) -name '*.c' | sort)
KSRC_S := $(shell find $(KERNEL_DIRS) -name '*.S' | sort)
KOBJS := $(KSRC_C:%.c=$(O)/%.o) $(KSRC_S:%.S=$(O)/%.o) \
	$(O)/gen/syscall_table.o $(O)/gen/user_images.o

# Static test programs embedded in the kernel for self-tests: musl ones
# (tests/user/) and glibc ones (tests/user-glibc/, gcc -static).
USER_TESTS := $(sort $(wildcard tests/user/*.c))
USER_GLIBC_TESTS := $(sort $(wildcard tests/user-glibc/*.c))
USER_BINS := $(USER_TESTS:tests/user/%.c=$(B)/user/%) \
	$(USER_GLIBC_TESTS:tests/user-glibc/%.c=$(B)/user/%)
MUSL_CC := musl-gcc

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes \
	-Wstrict-prototypes -Wshadow -Wvla
KCFLAGS := -std=gnu11 -ffreestanding -fno-pic -fno-pie -mcmodel=kernel \
	-mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-3dnow -mno-avx \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -fno-common -O2 -g $(WARN) \
	-Iinclude -Iarch/$(ARCH)/include -MMD -MP
ifeq ($(DEBUG),1)
KCFLAGS += -DCONFIG_LOCK_DEBUG -DCONFIG_DEBUG
endif
LDSCRIPT := arch/$(ARCH)/kernel.ld
KLDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-warn-rwx-segments -T $(LDSCRIPT)

.PHONY: $(B)/umka all setup initramfs expected run debug test host-tests ktest iso bench-boot clean \
	format syscalls-report bench
all: $(B)/umka drivers test-progs

# Static programs the system tests put into their initramfs images.
TEST_PROGS := $(patsubst tests/net/%.c,$(B)/progs/%,$(wildcard tests/net/*.c))
$(B)/progs/%: tests/net/%.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $@"
	@$(MUSL_CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
.PHONY: test-progs
test-progs: $(TEST_PROGS)

# The image of the last compiler built is build/umka, what run/test boot.
$(B)/umka: $(O)/umka
	@cp $< $@

setup:
	@tools/setup.sh

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(O)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KCFLAGS) -D__ASSEMBLER__ -c $< -o $@

# Two-pass link: the symbol table is appended to .rodata, after .text,
# so text addresses do not move between the passes.
$(O)/umka: $(KOBJS) $(LDSCRIPT) tools/gen-kallsyms.py
	@echo "  LD      $@"
	@$(PYTHON) tools/gen-kallsyms.py < /dev/null > $(O)/kallsyms0.S
	@$(CC) $(KCFLAGS) -D__ASSEMBLER__ -c $(O)/kallsyms0.S -o $(O)/kallsyms0.o
	@$(LD) $(KLDFLAGS) -o $(O)/umka.pass1 $(KOBJS) $(O)/kallsyms0.o
	@$(NM) -n $(O)/umka.pass1 | $(PYTHON) tools/gen-kallsyms.py > $(O)/kallsyms.S
	@$(CC) $(KCFLAGS) -D__ASSEMBLER__ -c $(O)/kallsyms.S -o $(O)/kallsyms.o
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(O)/kallsyms.o
	@$(NM) -n $@ | $(PYTHON) tools/gen-kallsyms.py --check $(O)/kallsyms.S

$(O)/gen/syscall_table.c: kernel/syscalls.tbl tools/gen-syscalls.py
	@mkdir -p $(dir $@)
	@$(PYTHON) tools/gen-syscalls.py table $< > $@

$(O)/gen/%.o: $(O)/gen/%.c
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(B)/user/%: tests/user/%.c tests/user/check.h tests/user/uapi.h
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	@$(MUSL_CC) -static -O2 -Wall -Wextra -o $@ $<

$(B)/user/%: tests/user-glibc/%.c tests/user/check.h
	@mkdir -p $(dir $@)
	@echo "  GLIBCC  $<"
	@gcc -static -O2 -Wall -Wextra -s -o $@ $<

$(O)/gen/user_images.S: $(USER_BINS) tools/gen-user-images.py
	@mkdir -p $(dir $@)
	@$(PYTHON) tools/gen-user-images.py $(abspath $(USER_BINS)) > $@

$(O)/gen/user_images.o: $(O)/gen/user_images.S
	@$(CC) $(KCFLAGS) -D__ASSEMBLER__ -c $< -o $@

syscalls-report:
	@$(PYTHON) tools/gen-syscalls.py report kernel/syscalls.tbl

# KABI: C headers generated from kabi/*.kabi and checked against the
# committed kabi/abi.lock (docs/kabi.md).  A header whose text did not
# change keeps its timestamp, so regeneration rebuilds only its users.
KABI_IDL := $(wildcard kabi/*.kabi)
KABI_V1_IDL := $(wildcard kabi/compat/v1/*.kabi)
KABI_STAMP := $(B)/include/kabi/.stamp
KABI_V1_STAMP := $(B)/include-v1/kabi/.stamp
$(KABI_STAMP): $(KABI_IDL) kabi/abi.lock tools/kabi-gen.py
	@echo "  KABIGEN $(B)/include/kabi"
	@$(PYTHON) tools/kabi-gen.py --out $(B)/include
	@touch $@
# Interfaces as released at version 1, for drivers built against them.
$(KABI_V1_STAMP): $(KABI_V1_IDL) $(KABI_IDL) kabi/abi.lock tools/kabi-gen.py
	@echo "  KABIGEN $(B)/include-v1/kabi"
	@$(PYTHON) tools/kabi-gen.py --compat --out $(B)/include-v1 $(KABI_V1_IDL)
	@touch $@
.PHONY: kabi-headers
kabi-headers: $(KABI_STAMP) $(KABI_V1_STAMP)
KCFLAGS += -I$(B)/include
$(KOBJS): | $(KABI_STAMP)

# Driver signing: a development key made on first use under build/,
# never committed, and its public half as a C array for the kernel.
KABI_KEY := $(B)/keys/kabi-dev.key
$(KABI_KEY):
	@$(PYTHON) tools/sign.py keygen --key $@
$(B)/include/generated/kabi_key.h: $(KABI_KEY)
	@$(PYTHON) tools/sign.py c-header --pub $(KABI_KEY).pub -o $@
$(O)/kernel/kabi/signature.o: $(B)/include/generated/kabi_key.h

-include $(KOBJS:.o=.d)

include drivers/drivers.mk
# A change of flags rebuilds everything.
$(KOBJS): Makefile

QEMU_ARGS = --smp $(SMP) --mem $(MEM) --accel $(ACCEL) --cmdline "$(CMDLINE)"
ifneq ($(INITRD),)
QEMU_ARGS += --initrd $(INITRD)
endif
# `make run DISK=file.img` attaches a raw image as a virtio-blk disk.
ifneq ($(DISK),)
QEMU_ARGS += --disk $(DISK)
endif

# Debian's busybox-static, byte for byte, with its applet links and /init.
# The KABI drivers go to /lib/umka/drivers/, where the kernel loads them
# (not the *_v1 builds against older interfaces: those are for tests).
BOOT_DRIVERS := $(filter-out %_v1.ko,$(DRIVER_FILES))
$(INITRAMFS): tools/mkinitramfs.py user/init.sh /bin/busybox $(BOOT_DRIVERS)
	@echo "  CPIO    $@"
	@$(PYTHON) tools/mkinitramfs.py -o $@ --init user/init.sh \
		$(foreach d,$(BOOT_DRIVERS),--add $(d):lib/umka/drivers/$(notdir $(d)))

initramfs: $(INITRAMFS)

run: setup $(B)/umka $(INITRAMFS)
	@$(PYTHON) tools/qemu.py --kernel $(B)/umka $(QEMU_ARGS) --interactive

debug: setup $(B)/umka $(INITRAMFS)
	@echo "In another terminal: gdb -ex 'target remote :1234' $(B)/umka"
	@$(PYTHON) tools/qemu.py --kernel $(B)/umka $(QEMU_ARGS) --interactive --gdb

test: setup
	@$(PYTHON) tools/run-tests.py

include tests/host/host.mk
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Iinclude -Itests/host
HOST_BINS := $(HOST_TESTS:%=$(B)/host/test_%)

.SECONDEXPANSION:
$(B)/host/test_%: tests/host/test_%.c tests/host/htest.h $$(HOST_SRC_$$*)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@gcc $(HOST_CFLAGS) $(HOST_CFLAGS_$*) -o $@ $< $(HOST_SRC_$*)

host-tests: $(HOST_BINS)
$(B)/host/test_drvelf: $(B)/test-drivers/kabitest.elf $(KABI_STAMP)

iso: setup $(B)/umka.iso
$(B)/umka.iso: $(B)/umka tools/grub.cfg
	@rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	@cp $(B)/umka $(B)/iso/boot/umka
	@cp tools/grub.cfg $(B)/iso/boot/grub/grub.cfg
	@grub-mkrescue -o $@ $(B)/iso 2>/dev/null
	@echo "  ISO     $@"

# Record what the busybox test scripts print on Linux (tests/busybox/).
expected: setup
	@$(PYTHON) tools/record-expected.py

bench-boot: setup $(B)/umka
	@$(PYTHON) tools/bench-boot.py --kernel $(B)/umka

# UmkaOS and Debian's Linux side by side; BENCH_ARGS="--icount" for the
# deterministic mode (docs/performance.md).
bench: setup
	@$(PYTHON) tools/bench.py $(BENCH_ARGS)

format:
	@find arch kernel mm lib fs block include tests -name '*.[ch]' | xargs clang-format -i

clean:
	rm -rf $(B)
