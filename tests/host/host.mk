# Host unit tests: one line per test binary, naming the portable kernel
# sources it links against.  Built with ASan and UBSan by the top Makefile.
# HOST_TESTS += name ; HOST_SRC_name := <sources>
HOST_TESTS += buddy
HOST_SRC_buddy := mm/buddy.c
HOST_TESTS += slab
HOST_SRC_slab := mm/slab.c mm/buddy.c
HOST_TESTS += acpi
HOST_SRC_acpi := kernel/acpi/tables.c
HOST_TESTS += rtc
HOST_SRC_rtc := lib/rtc.c
