# KABI drivers: separate, signed, position-independent ELF files
# (docs/kabi.md).  Each directory drivers/NAME/ (except the libraries
# below) is one driver, build/drivers/NAME.ko; tests/drivers/NAME/ are
# test drivers, built the same way into build/test-drivers/.
#
# A driver sees only the KABI headers and the driver-side libraries:
# never include/umka/.  DRV_LIBS_name lists extra libraries it links
# (drivers/<lib>/*.c), and DRV_INCLUDE_name replaces the KABI headers
# (a driver built against an older interface version).

DRV_LIBDIRS := lib virtio
DRV_CFLAGS := -std=gnu11 -ffreestanding -fPIE -fvisibility=hidden \
	-mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-3dnow -mno-avx \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -fno-common -fno-plt -O2 -g $(WARN) \
	-Idrivers/lib/include -Idrivers/virtio/include -MMD -MP
DRV_LDFLAGS := -pie --no-dynamic-linker -z text -z noexecstack \
	-z max-page-size=4096 -z norelro --hash-style=sysv --no-undefined \
	-e 0 -T drivers/driver.ld
DRV_O := $(B)/drv-obj-$(notdir $(CC))

DRVELF_CHECK := $(B)/tools/drvelf-check
$(DRVELF_CHECK): tools/drvelf-check.c lib/drvelf.c include/umka/drvelf.h $(KABI_STAMP)
	@mkdir -p $(dir $@)
	@gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -I$(B)/include \
		-o $@ tools/drvelf-check.c lib/drvelf.c

DRIVERS := $(filter-out $(DRV_LIBDIRS), \
	$(notdir $(patsubst %/,%,$(dir $(wildcard drivers/*/*.c)))))
TEST_DRIVERS := $(notdir $(patsubst %/,%,$(dir $(wildcard tests/drivers/*/*.c))))
DRIVER_FILES := $(DRIVERS:%=$(B)/drivers/%.ko)
TEST_DRIVER_FILES := $(TEST_DRIVERS:%=$(B)/test-drivers/%.ko)

# Per driver: its own sources, then drivers/lib/ and any DRV_LIBS_name.
drv_srcs = $(wildcard $(1)/*.c) $(wildcard drivers/lib/*.c) \
	$(foreach l,$(DRV_LIBS_$(notdir $(1))),$(wildcard drivers/$(l)/*.c))
drv_objs = $(patsubst %.c,$(DRV_O)/$(notdir $(1))/%.o,$(call drv_srcs,$(1)))
drv_inc = $(if $(DRV_INCLUDE_$(1)),-I$(DRV_INCLUDE_$(1))) -I$(B)/include

-include drivers/*/driver.mk tests/drivers/*/driver.mk

# One compile rule per driver, so that shared library sources can be built
# with that driver's include path (an older KABI version, say).
define drv_rules
$(DRV_O)/$(notdir $(1))/%.o: %.c $(KABI_STAMP) $(KABI_V1_STAMP) drivers/drivers.mk
	@mkdir -p $$(dir $$@)
	@echo "  DRVCC   $$<  [$(notdir $(1))]"
	@$(CC) $(DRV_CFLAGS) $(call drv_inc,$(notdir $(1))) -c $$< -o $$@
$(2)/$(notdir $(1)).elf: $(call drv_objs,$(1)) drivers/driver.ld $(DRVELF_CHECK)
	@mkdir -p $$(dir $$@)
	@echo "  DRVLD   $$@"
	@$(LD) $(DRV_LDFLAGS) -o $$@ $(call drv_objs,$(1))
	@$(DRVELF_CHECK) $$@
$(2)/$(notdir $(1)).ko: $(2)/$(notdir $(1)).elf $(KABI_KEY)
	@echo "  SIGN    $$@"
	@$(PYTHON) tools/sign.py sign --key $(KABI_KEY) $$< -o $$@
-include $$(patsubst %.o,%.d,$(call drv_objs,$(1)))
endef
$(foreach d,$(DRIVERS),$(eval $(call drv_rules,drivers/$(d),$(B)/drivers)))
$(foreach d,$(TEST_DRIVERS),$(eval $(call drv_rules,tests/drivers/$(d),$(B)/test-drivers)))

.PHONY: drivers
drivers: $(DRIVER_FILES) $(TEST_DRIVER_FILES)

# Driver files the loader must refuse (tests/system/test_kabi_load.py).
BAD_DRIVERS_STAMP := $(B)/test-drivers/bad/.stamp
$(BAD_DRIVERS_STAMP): $(B)/test-drivers/kabitest.elf $(KABI_KEY) tools/mk-bad-drivers.py
	@echo "  BADDRV  $(dir $@)"
	@$(PYTHON) tools/mk-bad-drivers.py --elf $< --key $(KABI_KEY) --out $(dir $@)
	@touch $@
drivers: $(BAD_DRIVERS_STAMP)
